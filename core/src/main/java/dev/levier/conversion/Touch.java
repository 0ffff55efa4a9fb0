package dev.levier.conversion;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A candidate for the credit of a conversion: a click, or a coupon assignment, that a lookup found
 * for it. The caller finds touches by each {@link AttributionKey}; {@link LastTouchAttribution}
 * decides which one wins.
 *
 * @param kind how the touch was found, which tells the key it belongs to
 * @param occurredAt when the click happened; for a coupon, when it counts as touching the customer
 *     (normally the order time, as the code is entered at checkout)
 * @param partnershipId the partnership (publisher in programme) it came through
 * @param publisherId the publisher to credit
 * @param clickId the click's ID; required for clicks, null or present for a coupon
 * @param commissionable whether the partnership earns commission at present (an approved
 *     partnership); attribution does not look at it, commissions do
 * @param flags fraud flags already put on the click when it was recorded, such as {@value
 *     #FLAG_BOT}, {@value #FLAG_DATACENTER} and {@value #FLAG_VELOCITY}; other flags are carried
 *     but not read here
 */
public record Touch(
    TouchKind kind,
    Instant occurredAt,
    String partnershipId,
    String publisherId,
    @Nullable String clickId,
    boolean commissionable,
    Set<String> flags) {

  /** The click came from a known robot or a browser driven by one. */
  public static final String FLAG_BOT = "bot";

  /** The click came from a data-centre or hosting network rather than a consumer connection. */
  public static final String FLAG_DATACENTER = "datacenter";

  /** The click was one of too many from one source in a short time. */
  public static final String FLAG_VELOCITY = "velocity";

  public static final int MAX_ID_LENGTH = 100;

  /**
   * @throws IllegalArgumentException with a reason that names the field
   */
  public Touch {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Text.requireId("partnership id", partnershipId, MAX_ID_LENGTH);
    Text.requireId("publisher id", publisherId, MAX_ID_LENGTH);
    if (clickId != null) {
      Text.requireId("click id", clickId, MAX_ID_LENGTH);
    } else if (kind.isClick()) {
      throw new IllegalArgumentException("a touch of kind " + kind + " needs a click id");
    }
    flags = Set.copyOf(flags);
    for (String flag : flags) {
      Text.requireId("flag", flag, MAX_ID_LENGTH);
    }
  }

  /** A click without flags, found by the key of {@code kind}. */
  public static Touch click(
      TouchKind kind,
      Instant occurredAt,
      String partnershipId,
      String publisherId,
      String clickId,
      boolean commissionable) {
    return new Touch(
        kind, occurredAt, partnershipId, publisherId, clickId, commissionable, Set.of());
  }

  /** The coupon used on the order, assigned to a publisher through a partnership. */
  public static Touch coupon(
      Instant occurredAt, String partnershipId, String publisherId, boolean commissionable) {
    return new Touch(
        TouchKind.COUPON, occurredAt, partnershipId, publisherId, null, commissionable, Set.of());
  }

  /** This touch with other fraud flags. */
  public Touch withFlags(Set<String> newFlags) {
    return new Touch(
        kind, occurredAt, partnershipId, publisherId, clickId, commissionable, newFlags);
  }

  /** Whether the touch carries this fraud flag. */
  public boolean hasFlag(String flag) {
    return flags.contains(flag);
  }

  /**
   * How the touch is named in notes and signals: {@code click ABC}, or {@code coupon of publisher
   * pub_7}.
   */
  public String describe() {
    return kind.isClick() && clickId != null
        ? "click " + clickId
        : "coupon of publisher " + publisherId;
  }
}
