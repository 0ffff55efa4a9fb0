package dev.levier.analytics;

import dev.levier.attribution.JourneyCredit;
import dev.levier.attribution.JourneyJson;
import dev.levier.attribution.RoleBased;
import dev.levier.storage.Database;
import dev.levier.storage.Sql;
import dev.levier.tracking.TrackingIndex;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Sales rolled up per programme, advertiser-local day of the order, publisher and order currency
 * ({@code sale_rollup}), for reports that read a few rows per publisher and day.
 *
 * <p>Every writer that changes what a sale counts for (intake, returns and cancellations,
 * commission decisions and adjustments, the month close) records the programme and the order times
 * it touched in {@code rollup_change}, in its own transaction. {@link #refresh()} then rebuilds
 * each programme-day those rows touch from the raw conversions and commissions, and deletes exactly
 * the change rows it read, so a change committed while it ran is left for the next round. A rebuilt
 * day is therefore exactly what the raw rows say, however many changes came in between; the cost is
 * one read of the day's sales of that programme per round that touched it.
 */
public final class SaleRollups {

  /** The most change rows one round reads. */
  static final int ROUND = 10_000;

  /** A change to the sales of a programme ordered between two instants, both included. */
  public record Change(long programmeRow, Instant from, Instant to) {}

  private final Database database;
  private final TrackingIndex index;

  public SaleRollups(Database database, TrackingIndex index) {
    this.database = database;
    this.index = index;
  }

  /** Records changes in the caller's transaction. */
  public static void changed(Connection c, Collection<Change> changes) throws SQLException {
    if (changes.isEmpty()) {
      return;
    }
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO rollup_change (programme_id, from_at, to_at) VALUES (?, ?, ?)")) {
      for (Change change : changes) {
        insert.setLong(1, change.programmeRow());
        insert.setObject(2, change.from().atOffset(ZoneOffset.UTC));
        insert.setObject(3, change.to().atOffset(ZoneOffset.UTC));
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** Records that a stored conversion changed, in the caller's transaction. */
  public static void changedConversion(Connection c, long conversionRow) throws SQLException {
    Sql.update(
        c,
        "INSERT INTO rollup_change (programme_id, from_at, to_at)"
            + " SELECT programme_id, ordered_at, ordered_at FROM conversion WHERE id = ?",
        conversionRow);
  }

  /** Records that one sale changed, in the caller's transaction. */
  public static void changed(Connection c, long programmeRow, Instant orderedAt)
      throws SQLException {
    changed(c, List.of(new Change(programmeRow, orderedAt, orderedAt)));
  }

  /**
   * Rebuilds the programme-days changed since the last round, up to {@value #ROUND} change rows at
   * a time, until none is left; returns how many programme-days were rebuilt.
   */
  public synchronized int refresh() {
    int rebuilt = 0;
    while (true) {
      int[] round = database.transaction(this::round);
      rebuilt += round[1];
      if (round[0] < ROUND) {
        return rebuilt;
      }
    }
  }

  /** One round: {rows read, days rebuilt}. */
  private int[] round(Connection c) throws SQLException {
    List<Long> ids = new ArrayList<>();
    Set<String> days = new LinkedHashSet<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT id, programme_id, from_at, to_at FROM rollup_change ORDER BY id LIMIT "
                + ROUND)) {
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          ids.add(r.getLong("id"));
          long programmeRow = r.getLong("programme_id");
          ZoneId zone = zoneOf(programmeRow);
          if (zone == null) {
            continue;
          }
          LocalDate first = LocalDate.ofInstant(Sql.requiredInstant(r, "from_at"), zone);
          LocalDate last = LocalDate.ofInstant(Sql.requiredInstant(r, "to_at"), zone);
          for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            days.add(programmeRow + ":" + day);
          }
        }
      }
    }
    for (String key : days) {
      int colon = key.indexOf(':');
      rebuild(
          c, Long.parseLong(key.substring(0, colon)), LocalDate.parse(key.substring(colon + 1)));
    }
    try (PreparedStatement delete = c.prepareStatement("DELETE FROM rollup_change WHERE id = ?")) {
      for (long id : ids) {
        delete.setLong(1, id);
        delete.addBatch();
      }
      if (!ids.isEmpty()) {
        delete.executeBatch();
      }
    }
    return new int[] {ids.size(), days.size()};
  }

  private @Nullable ZoneId zoneOf(long programmeRow) {
    TrackingIndex.ProgrammeEntry programme = index.programme(programmeRow);
    TrackingIndex.AdvertiserEntry advertiser =
        programme == null ? null : index.advertiser(programme.advertiserRowId());
    return advertiser == null ? null : advertiser.timeZone();
  }

  /** What one rollup row adds up, before it is written. */
  private static final class Cell {
    long conversions;
    long cancelled;
    long newCustomers;
    long returningCustomers;
    long lapsedCustomers;
    long orderValue;
    long revenue;
    long returned;
    long commission;
    long fee;
    long introduced;
    long assisted;
    long closed;
    final long[] lags = new long[5];
  }

  /** Replaces the rows of one programme-day with what the raw rows say now. */
  void rebuild(Connection c, long programmeRow, LocalDate day) throws SQLException {
    ZoneId zone = zoneOf(programmeRow);
    if (zone == null) {
      return;
    }
    Instant start = day.atStartOfDay(zone).toInstant();
    Instant end = day.plusDays(1).atStartOfDay(zone).toInstant();
    Map<String, Cell> cells = new HashMap<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT publisher_id, currency, status, customer_status, total_minor, lines_minor,"
                + " net_minor, ordered_at, attributed_at, journey FROM conversion"
                + " WHERE programme_id = ? AND occurred_quarter >= ? AND occurred_quarter <= ?"
                + " AND ordered_at >= ? AND ordered_at < ?")) {
      bindDay(s, programmeRow, start, end);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          long publisher = r.getLong("publisher_id");
          String currency = Sql.requiredString(r, "currency");
          Cell cell = cells.computeIfAbsent(publisher + ":" + currency, k -> new Cell());
          long total = r.getLong("total_minor");
          if (r.getString("status").equals("cancelled")) {
            cell.cancelled++;
            continue;
          }
          cell.conversions++;
          cell.orderValue += total;
          long lines = r.getLong("lines_minor");
          long net = r.getLong("net_minor");
          cell.revenue += net;
          cell.returned += Math.max(0, lines - net);
          String status = r.getString("customer_status");
          if ("new".equals(status)) {
            cell.newCustomers++;
          } else if ("returning".equals(status)) {
            cell.returningCustomers++;
          } else if ("lapsed".equals(status)) {
            cell.lapsedCustomers++;
          }
          Instant orderedAt = Sql.requiredInstant(r, "ordered_at");
          Instant touched = Sql.instant(r, "attributed_at");
          if (touched != null) {
            cell.lags[lagBucket(Duration.between(touched, orderedAt))]++;
          }
          roles(cells, r.getString("journey"), currency);
        }
      }
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT k.publisher_id, v.currency, SUM(k.amount_minor) AS amount,"
                + " SUM(COALESCE(k.fee_minor, 0)) AS fee FROM commission k"
                + " JOIN conversion v ON v.id = k.conversion_id"
                + " WHERE k.programme_id = ? AND k.ordered_at >= ? AND k.ordered_at < ?"
                + " AND k.status NOT IN ('declined', 'reversed')"
                + " GROUP BY k.publisher_id, v.currency")) {
      s.setLong(1, programmeRow);
      s.setObject(2, start.atOffset(ZoneOffset.UTC));
      s.setObject(3, end.atOffset(ZoneOffset.UTC));
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          Cell cell =
              cells.computeIfAbsent(
                  r.getLong("publisher_id") + ":" + Sql.requiredString(r, "currency"),
                  k -> new Cell());
          cell.commission += r.getLong("amount");
          cell.fee += r.getLong("fee");
        }
      }
    }
    Sql.update(
        c, "DELETE FROM sale_rollup WHERE programme_id = ? AND sale_day = ?", programmeRow, day);
    if (cells.isEmpty()) {
      return;
    }
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO sale_rollup (programme_id, sale_day, publisher_id, currency, conversions,"
                + " cancelled, new_customers, returning_customers, lapsed_customers,"
                + " order_value_minor, revenue_minor, returned_minor, commission_minor, fee_minor,"
                + " introduced, assisted, closed, lag_hour, lag_day, lag_week, lag_month,"
                + " lag_longer) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?)")) {
      for (Map.Entry<String, Cell> entry : cells.entrySet()) {
        String key = entry.getKey();
        int colon = key.indexOf(':');
        Cell cell = entry.getValue();
        int k = 1;
        insert.setLong(k++, programmeRow);
        insert.setObject(k++, day);
        insert.setLong(k++, Long.parseLong(key.substring(0, colon)));
        insert.setString(k++, key.substring(colon + 1));
        for (long value :
            new long[] {
              cell.conversions,
              cell.cancelled,
              cell.newCustomers,
              cell.returningCustomers,
              cell.lapsedCustomers,
              cell.orderValue,
              cell.revenue,
              cell.returned,
              cell.commission,
              cell.fee,
              cell.introduced,
              cell.assisted,
              cell.closed,
              cell.lags[0],
              cell.lags[1],
              cell.lags[2],
              cell.lags[3],
              cell.lags[4]
            }) {
          insert.setLong(k++, value);
        }
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** Counts the role each publisher of a sale's journey played in it. */
  private void roles(Map<String, Cell> cells, @Nullable String journey, String currency) {
    List<JourneyCredit.FoundTouch> touches = JourneyJson.read(journey, partnership -> true);
    if (touches.isEmpty()) {
      return;
    }
    List<String> channels = new ArrayList<>();
    int[] path = new int[touches.size()];
    Map<String, Long> publisherOf = new HashMap<>();
    for (int t = 0; t < path.length; t++) {
      JourneyCredit.FoundTouch touch = touches.get(t);
      String channel = touch.touch().channel();
      if (!channels.contains(channel)) {
        channels.add(channel);
      }
      path[t] = channels.indexOf(channel);
      String partnershipId = touch.partnershipId();
      TrackingIndex.PartnershipEntry partnership =
          partnershipId == null ? null : index.partnershipById(partnershipId);
      if (partnership != null) {
        publisherOf.put(channel, partnership.publisherRowId());
      }
    }
    for (int i = 0; i < channels.size(); i++) {
      Long publisher = publisherOf.get(channels.get(i));
      if (publisher == null) {
        continue;
      }
      Cell cell = cells.computeIfAbsent(publisher + ":" + currency, k -> new Cell());
      switch (java.util.Objects.requireNonNull(RoleBased.roleOf(path, i))) {
        case INTRODUCER -> cell.introduced++;
        case ASSIST -> cell.assisted++;
        case CLOSER -> cell.closed++;
      }
    }
  }

  /** The bucket of the time from the credited touch to the order. */
  static int lagBucket(Duration lag) {
    if (lag.compareTo(Duration.ofHours(1)) <= 0) {
      return 0;
    }
    if (lag.compareTo(Duration.ofDays(1)) <= 0) {
      return 1;
    }
    if (lag.compareTo(Duration.ofDays(7)) <= 0) {
      return 2;
    }
    if (lag.compareTo(Duration.ofDays(30)) <= 0) {
      return 3;
    }
    return 4;
  }

  private static void bindDay(PreparedStatement s, long programmeRow, Instant start, Instant end)
      throws SQLException {
    s.setLong(1, programmeRow);
    s.setLong(2, Sql.quarter(start));
    s.setLong(3, Sql.quarter(end));
    s.setObject(4, start.atOffset(ZoneOffset.UTC));
    s.setObject(5, end.atOffset(ZoneOffset.UTC));
  }
}
