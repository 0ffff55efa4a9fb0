package dev.levier.analytics;

import dev.levier.attribution.AttributionModel;
import dev.levier.attribution.ChannelCredit;
import dev.levier.attribution.Credits;
import dev.levier.attribution.JourneyCredit;
import dev.levier.attribution.JourneyJson;
import dev.levier.attribution.JourneyPaths;
import dev.levier.attribution.ModelSpec;
import dev.levier.auth.Principal;
import dev.levier.finance.Rates;
import dev.levier.money.Money;
import dev.levier.network.PublisherType;
import dev.levier.programme.Programme;
import dev.levier.programme.ProgrammeService;
import dev.levier.storage.Database;
import dev.levier.storage.Sql;
import dev.levier.tracking.TrackingIndex;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Whether what each publisher is paid matches what it brings: its share of the value a data-driven
 * attribution model gives the programme's journeys, and its share of new customers, each against
 * its share of the commission paid, per publisher and per publisher type; and the sales a voucher
 * or cashback site closed minutes before the order after someone else had already brought the
 * customer (coupon interception).
 */
public final class FairnessReport {

  /** The publisher types whose last-minute touch can intercept a sale others brought. */
  static final Set<PublisherType> REWARD_TYPES =
      Set.of(PublisherType.VOUCHER, PublisherType.CASHBACK);

  private final Database database;
  private final ProgrammeService programmes;
  private final TrackingIndex index;
  private final Rates rates;
  private final SaleRollups rollups;

  public FairnessReport(
      Database database,
      ProgrammeService programmes,
      TrackingIndex index,
      Rates rates,
      SaleRollups rollups) {
    this.database = database;
    this.programmes = programmes;
    this.index = index;
    this.rates = rates;
    this.rollups = rollups;
  }

  /** What each publisher of a counted share stands at. */
  private static final class Standing {
    double value;
    long newCustomers;
    long commission;
    long intercepted;
    long interceptedFrom;
  }

  /**
   * The report of a programme over its advertiser's local days {@code from} to {@code to}.
   *
   * @param spec the data-driven model whose contributed value is compared with pay
   * @param window how close to the order a voucher or cashback touch must come to intercept
   */
  public Map<String, Object> report(
      Principal caller,
      String programmeId,
      LocalDate from,
      LocalDate to,
      ModelSpec spec,
      Duration window) {
    OwnProgramme own =
        OwnProgramme.of(
            caller,
            programmeId,
            programmes,
            index,
            "publishers do not read what other publishers are worth");
    Programme programme = own.programme();
    TrackingIndex.ProgrammeEntry entry = own.entry();
    Instant start = own.startOf(from);
    Instant end = own.endOf(to);
    rollups.refresh(new SaleRollups.Scope(Set.of(entry.rowId()), start, end));
    Map<String, Standing> byPublisher = new TreeMap<>();
    long[] interceptions = new long[1];
    AttributionModel model = spec.toModel();
    Credits credits =
        database.transaction(
            c -> {
              readRollups(c, entry.rowId(), start, end, byPublisher);
              interceptions[0] = interceptions(c, entry.rowId(), start, end, window, byPublisher);
              JourneyPaths.Loaded loaded =
                  JourneyPaths.load(
                      c, index, entry.rowId(), entry.currency(), rates.table(), start, end, true);
              return model.attribute(loaded.paths());
            });
    // Data-driven credit is a model's estimate in fractions of sales, not money owed: shares are
    // computed from it as real numbers and only shown rounded; commission stays in minor units.
    double totalValue = 0;
    for (ChannelCredit credit : credits.byChannel()) {
      totalValue += credit.value();
      if (credit.channel().startsWith("pub_")) {
        byPublisher.computeIfAbsent(credit.channel(), k -> new Standing()).value += credit.value();
      }
    }
    long totalNew = 0;
    long totalCommission = 0;
    for (Standing standing : byPublisher.values()) {
      totalNew += standing.newCustomers;
      totalCommission += standing.commission;
    }
    Map<String, Standing> byType = new TreeMap<>();
    List<Map<String, Object>> publishers = new ArrayList<>();
    for (Map.Entry<String, Standing> each : byPublisher.entrySet()) {
      String type = typeOf(each.getKey());
      Standing standing = each.getValue();
      Standing typeStanding = byType.computeIfAbsent(type, k -> new Standing());
      typeStanding.value += standing.value;
      typeStanding.newCustomers += standing.newCustomers;
      typeStanding.commission += standing.commission;
      typeStanding.intercepted += standing.intercepted;
      typeStanding.interceptedFrom += standing.interceptedFrom;
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("publisherId", each.getKey());
      row.put("publisherType", type);
      row.putAll(view(standing, totalValue, totalNew, totalCommission, entry));
      publishers.add(row);
    }
    List<Map<String, Object>> types = new ArrayList<>();
    for (Map.Entry<String, Standing> each : byType.entrySet()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("publisherType", each.getKey());
      row.putAll(view(each.getValue(), totalValue, totalNew, totalCommission, entry));
      types.add(row);
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("programmeId", programme.id());
    report.put("from", from.toString());
    report.put("to", to.toString());
    report.put("model", model.describe());
    report.put("interceptionMinutes", window.toMinutes());
    report.put("currency", entry.currency().code());
    report.put("interceptions", interceptions[0]);
    report.put("publishers", publishers);
    report.put("publisherTypes", types);
    return report;
  }

  private String typeOf(String publisherId) {
    for (TrackingIndex.PartnershipEntry partnership : index.partnerships()) {
      if (partnership.publisherId().equals(publisherId)) {
        TrackingIndex.PublisherEntry publisher = index.publisher(partnership.publisherRowId());
        return publisher == null ? "unknown" : publisher.type().toString();
      }
    }
    return "unknown";
  }

  private Map<String, Object> view(
      Standing standing,
      double totalValue,
      long totalNew,
      long totalCommission,
      TrackingIndex.ProgrammeEntry programme) {
    Map<String, Object> view = new LinkedHashMap<>();
    BigDecimal valueShare = share(standing.value, totalValue);
    BigDecimal newShare = share(standing.newCustomers, totalNew);
    BigDecimal payShare = share(standing.commission, totalCommission);
    view.put(
        "contributedValue",
        BigDecimal.valueOf(standing.value)
            .setScale(programme.currency().exponent(), RoundingMode.HALF_EVEN)
            .toPlainString());
    view.put("valueShare", text(valueShare));
    view.put("newCustomers", standing.newCustomers);
    view.put("newCustomerShare", text(newShare));
    view.put(
        "commission", Money.ofMinor(standing.commission, programme.currency()).toDecimalString());
    view.put("commissionShare", text(payShare));
    view.put("valueToPay", ratio(valueShare, payShare));
    view.put("newCustomersToPay", ratio(newShare, payShare));
    view.put("intercepted", standing.intercepted);
    view.put("interceptedFrom", standing.interceptedFrom);
    return view;
  }

  private static @Nullable BigDecimal share(double part, double whole) {
    return whole > 0 ? BigDecimal.valueOf(part / whole) : null;
  }

  /** A share of whole counts or amounts, exact to twelve decimals. */
  private static @Nullable BigDecimal share(long part, long whole) {
    return whole > 0
        ? BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 12, RoundingMode.HALF_EVEN)
        : null;
  }

  private static @Nullable String text(@Nullable BigDecimal share) {
    return share == null ? null : share.setScale(4, RoundingMode.HALF_EVEN).toPlainString();
  }

  private static @Nullable String ratio(@Nullable BigDecimal share, @Nullable BigDecimal pay) {
    if (share == null || pay == null || pay.signum() == 0) {
      return null;
    }
    return share.divide(pay, 4, RoundingMode.HALF_EVEN).toPlainString();
  }

  /** Local days start on a quarter hour in every time zone: the quarters cover them exactly. */
  private void readRollups(
      Connection c, long programmeRow, Instant start, Instant end, Map<String, Standing> into)
      throws SQLException {
    for (long[] row :
        Sql.query(
            c,
            "SELECT publisher_id, SUM(new_customers) AS fresh, SUM(commission_minor) AS paid"
                + " FROM sale_rollup WHERE programme_id = ? AND occurred_quarter >= ?"
                + " AND occurred_quarter < ? AND publisher_id <> 0 GROUP BY publisher_id",
            r -> new long[] {r.getLong("publisher_id"), r.getLong("fresh"), r.getLong("paid")},
            programmeRow,
            Sql.quarter(start),
            Sql.quarter(end))) {
      TrackingIndex.PublisherEntry publisher = index.publisher(row[0]);
      if (publisher == null) {
        continue;
      }
      Standing standing = into.computeIfAbsent(publisher.id(), k -> new Standing());
      standing.newCustomers += row[1];
      standing.commission += row[2];
    }
  }

  /**
   * Counts the period's sales whose last touch came from a voucher or cashback site within the
   * window before the order while an earlier touch in the journey came from someone else.
   */
  private long interceptions(
      Connection c,
      long programmeRow,
      Instant start,
      Instant end,
      Duration window,
      Map<String, Standing> into)
      throws SQLException {
    long total = 0;
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT ordered_at, journey FROM conversion WHERE programme_id = ?"
                + " AND occurred_quarter >= ? AND occurred_quarter <= ? AND ordered_at >= ?"
                + " AND ordered_at < ? AND status <> 'cancelled' AND journey IS NOT NULL")) {
      s.setLong(1, programmeRow);
      s.setLong(2, Sql.quarter(start));
      s.setLong(3, Sql.quarter(end));
      s.setObject(4, start.atOffset(ZoneOffset.UTC));
      s.setObject(5, end.atOffset(ZoneOffset.UTC));
      s.setFetchSize(1000);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          Instant orderedAt = Sql.requiredInstant(r, "ordered_at");
          List<JourneyCredit.FoundTouch> journey =
              JourneyJson.read(r.getString("journey"), partnership -> true);
          String interceptor = interceptor(journey, orderedAt, window);
          if (interceptor == null) {
            continue;
          }
          total++;
          into.computeIfAbsent(interceptor, k -> new Standing()).intercepted++;
          Set<String> others = new java.util.LinkedHashSet<>();
          for (JourneyCredit.FoundTouch touch : journey.subList(0, journey.size() - 1)) {
            String channel = touch.touch().channel();
            if (!channel.equals(interceptor) && touch.touch().affiliate()) {
              others.add(channel);
            }
          }
          for (String other : others) {
            into.computeIfAbsent(other, k -> new Standing()).interceptedFrom++;
          }
        }
      }
    }
    return total;
  }

  /**
   * The voucher or cashback publisher that intercepted a sale, or null: its touch is the last,
   * within the window before the order, and an earlier touch came from another publisher or
   * channel.
   */
  @Nullable String interceptor(
      List<JourneyCredit.FoundTouch> journey, Instant orderedAt, Duration window) {
    if (journey.size() < 2) {
      return null;
    }
    JourneyCredit.FoundTouch last = journey.get(journey.size() - 1);
    String partnershipId = last.partnershipId();
    TrackingIndex.PartnershipEntry partnership =
        partnershipId == null ? null : index.partnershipById(partnershipId);
    TrackingIndex.PublisherEntry publisher =
        partnership == null ? null : index.publisher(partnership.publisherRowId());
    if (publisher == null || !REWARD_TYPES.contains(publisher.type())) {
      return null;
    }
    if (Duration.between(last.touch().occurredAt(), orderedAt).compareTo(window) > 0) {
      return null;
    }
    for (JourneyCredit.FoundTouch touch : journey.subList(0, journey.size() - 1)) {
      if (!touch.touch().channel().equals(last.touch().channel())) {
        return last.touch().channel();
      }
    }
    return null;
  }
}
