package dev.levier.tracking;

import dev.levier.geo.CountryCode;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One click, as recorded: everything attribution, fraud checks and reports will need later.
 *
 * @param row the click's row number, also the first part of its click id
 * @param secret the random rest of its click id
 * @param deepLink the deep link given at click time, when one was accepted
 * @param commissionable whether the click can earn: approved partnership, active programme, live
 *     link
 * @param flags why it cannot earn or looks suspicious, space separated ({@code not-approved},
 *     {@code programme-paused}, {@code link-archived}, {@code bot}, {@code datacenter}, {@code
 *     velocity}, {@code deep-link-refused}, {@code sub-id-refused}); empty when none
 * @param experimentGroup the visitor's group in the partnership's running holdout experiment,
 *     {@link #TREATED} or {@link #HELD_OUT}, or null when none ran
 */
public record ClickEvent(
    long row,
    String secret,
    Instant occurredAt,
    long linkRowId,
    long partnershipRowId,
    long publisherRowId,
    long programmeRowId,
    long advertiserRowId,
    SubIds subIds,
    String visitorId,
    DeviceType device,
    @Nullable CountryCode country,
    @Nullable String referrer,
    @Nullable String userAgent,
    @Nullable String ipTruncated,
    @Nullable String deepLink,
    boolean commissionable,
    String flags,
    @Nullable String experimentGroup) {

  /** The group of a visitor shown the reward, as the click column stores it. */
  public static final String TREATED = "t";

  /** The group of a visitor held out from the reward, as the click column stores it. */
  public static final String HELD_OUT = "h";

  /** Whether a robot, a data centre or too fast a pace marks this click: not a visit. */
  public boolean suspicious() {
    for (String flag : flags.split(" ", -1)) {
      if (flag.equals("bot") || flag.equals("datacenter") || flag.equals("velocity")) {
        return true;
      }
    }
    return false;
  }
}
