package dev.levier.commission;

import dev.levier.attribution.JourneyRole;
import dev.levier.conversion.CustomerStatus;
import dev.levier.conversion.Order;
import dev.levier.geo.CountryCode;
import dev.levier.storage.ChangeListener;
import dev.levier.storage.Database;
import dev.levier.tracking.DeviceType;
import dev.levier.tracking.TrackingIndex;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The published rule sets of every programme, compiled once and held in memory, so that conversion
 * intake computes commissions without reading rules from the database. Rebuilt after every
 * publication ({@link #configurationChanged()}).
 */
public final class CommissionRules implements ChangeListener {

  /** One published version of a programme's rules, ready to evaluate. */
  public record Version(
      long ruleSetRow,
      String ruleSetId,
      int number,
      Instant effectiveFrom,
      CommissionEngine engine,
      @Nullable MonthlyCaps monthlyCaps,
      @Nullable PeriodClose incentives) {}

  private final Database database;
  private volatile Map<Long, List<Version>> byProgramme;

  public CommissionRules(Database database) {
    this.database = database;
    this.byProgramme = load();
  }

  @Override
  public synchronized void configurationChanged() {
    byProgramme = load();
  }

  /**
   * The version in effect for an order placed at {@code orderedAt}: the one that took effect last
   * at or before that time (between two taking effect at the same time, the later version). Null
   * when the programme had no rules in effect then.
   */
  public @Nullable Version inEffect(long programmeRow, Instant orderedAt) {
    List<Version> versions = byProgramme.get(programmeRow);
    if (versions == null) {
      return null;
    }
    Version found = null;
    for (Version version : versions) {
      if (!version.effectiveFrom().isAfter(orderedAt)
          && (found == null
              || version.effectiveFrom().isAfter(found.effectiveFrom())
              || (version.effectiveFrom().equals(found.effectiveFrom())
                  && version.number() > found.number()))) {
        found = version;
      }
    }
    return found;
  }

  /**
   * The facts of a sale as every rule reads them, the same at intake and in a simulation.
   *
   * @param couponPublisherId the publisher the coupon used is assigned to, or null
   * @param role the role the paid publisher played in the customer's journey, or null when it is
   *     not known (sales stored before journeys were kept)
   */
  public static SaleFacts facts(
      ZoneId zone,
      Order order,
      TrackingIndex.PartnershipEntry partnership,
      TrackingIndex.PublisherEntry publisher,
      @Nullable CustomerStatus status,
      @Nullable String couponCode,
      @Nullable String couponPublisherId,
      @Nullable String country,
      @Nullable DeviceType device,
      @Nullable String channel,
      @Nullable SubscriptionPhase subscription,
      @Nullable JourneyRole role) {
    return SaleFacts.builder(
            order.orderedAt(), zone, order.netLinesAmount(), publisher.id(), publisher.type())
        .customerStatus(status)
        .coupon(couponCode, publisher.id().equals(couponPublisherId))
        .group(partnership.group())
        .country(country == null ? null : CountryCode.of(country))
        .device(device)
        .channel(channel)
        .subscription(subscription)
        .role(role)
        .build();
  }

  private Map<Long, List<Version>> load() {
    List<RuleSetStore.Row> rows = database.transaction(RuleSetStore::published);
    Map<Long, List<Version>> loaded = new HashMap<>();
    for (RuleSetStore.Row row : rows) {
      loaded.computeIfAbsent(row.programmeRow(), k -> new ArrayList<>()).add(compile(row));
    }
    loaded.replaceAll((k, v) -> List.copyOf(v));
    return Map.copyOf(loaded);
  }

  /** Compiles a published row; its number and effective time are set by then. */
  static Version compile(RuleSetStore.Row row) {
    Integer number = row.number();
    Instant from = row.effectiveFrom();
    if (number == null || from == null) {
      throw new IllegalStateException("rule set " + row.publicId() + " is not published");
    }
    RuleSetJson.Content content = row.content();
    return new Version(
        row.rowId(),
        row.publicId(),
        number,
        from,
        engine(row, number),
        content.monthlyCaps().isEmpty()
            ? null
            : new MonthlyCaps(row.currency(), row.zone(), content.monthlyCaps()),
        content.tiers().isEmpty() && content.bonuses().isEmpty()
            ? null
            : new PeriodClose(row.currency(), content.tiers(), content.bonuses()));
  }

  /** The engine for a row's content, under the given version number. */
  static CommissionEngine engine(RuleSetStore.Row row, int number) {
    RuleSetJson.Content content = row.content();
    return CommissionEngine.compile(
        new RuleSet(
            row.programmeId(),
            number,
            row.currency(),
            row.zone(),
            content.resolution(),
            content.rules(),
            content.caps()));
  }
}
