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
 * Sales rolled up per programme, quarter hour of the order, publisher and order currency ({@code
 * sale_rollup}), for reports that read a few rows per publisher and period; a quarter hour falls in
 * one local day in every time zone, so reports group them into the advertiser's days.
 *
 * <p>Every writer that changes what a sale counts for (intake, returns and cancellations,
 * commission decisions and adjustments, the month close) records the programme and the order times
 * it touched in {@code rollup_change}, in its own transaction. {@link #refresh()} then rebuilds
 * each programme-quarter-hour those rows touch from the raw conversions and commissions, and
 * deletes exactly the change rows it read, so a change committed while it ran is left for the next
 * round. A rebuilt quarter is therefore exactly what the raw rows say, however many changes came in
 * between; the cost is one indexed read of fifteen minutes of that programme's sales per round that
 * touched them.
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
   * Rebuilds every programme-quarter changed since the last round, the quarter hour still under way
   * included, up to {@value #ROUND} change rows at a time, until none is left; returns how many
   * programme-quarters were rebuilt. Reports call this, so they hold every committed change.
   */
  public synchronized int refresh() {
    return refresh(null);
  }

  /**
   * The background round: rebuilds the changes of quarter hours that are over, and leaves those of
   * the quarter under way (and the one just ended, for orders still arriving with it) for later.
   * Under steady intake a quarter is then rebuilt about once, after it ends, instead of every few
   * seconds while it fills.
   */
  public synchronized int refreshEnded(Instant now) {
    return refresh(Instant.ofEpochSecond((Sql.quarter(now) - 1) * 900));
  }

  private int refresh(@Nullable Instant before) {
    int rebuilt = 0;
    while (true) {
      int[] round = database.transaction(c -> round(c, before));
      rebuilt += round[1];
      if (round[0] < ROUND) {
        return rebuilt;
      }
    }
  }

  private int[] round(Connection c, @Nullable Instant before) throws SQLException {
    List<Long> ids = new ArrayList<>();
    Set<String> quarters = new LinkedHashSet<>();
    List<long[]> ranges = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT id, programme_id, from_at, to_at FROM rollup_change"
                + (before == null ? "" : " WHERE to_at < ?")
                + " ORDER BY id LIMIT "
                + ROUND)) {
      if (before != null) {
        s.setObject(1, before.atOffset(ZoneOffset.UTC));
      }
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          ids.add(r.getLong("id"));
          long programmeRow = r.getLong("programme_id");
          long first = Sql.quarter(Sql.requiredInstant(r, "from_at"));
          long last = Sql.quarter(Sql.requiredInstant(r, "to_at"));
          if (first == last) {
            quarters.add(programmeRow + ":" + first);
          } else {
            ranges.add(new long[] {programmeRow, first, last});
          }
        }
      }
    }
    // A range (a month close, the first build) touches only the quarters that hold sales or rows.
    for (long[] range : ranges) {
      for (long quarter :
          Sql.query(
              c,
              "SELECT DISTINCT occurred_quarter FROM conversion WHERE programme_id = ?"
                  + " AND occurred_quarter BETWEEN ? AND ?"
                  + " UNION SELECT occurred_quarter FROM sale_rollup WHERE programme_id = ?"
                  + " AND occurred_quarter BETWEEN ? AND ?",
              q -> q.getLong(1),
              range[0],
              range[1],
              range[2],
              range[0],
              range[1],
              range[2])) {
        quarters.add(range[0] + ":" + quarter);
      }
    }
    for (String key : quarters) {
      int colon = key.indexOf(':');
      rebuild(c, Long.parseLong(key.substring(0, colon)), Long.parseLong(key.substring(colon + 1)));
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
    return new int[] {ids.size(), quarters.size()};
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

  /** Replaces the rows of one programme-quarter with what the raw rows say now. */
  void rebuild(Connection c, long programmeRow, long quarter) throws SQLException {
    Instant start = Instant.ofEpochSecond(quarter * 900);
    Instant end = start.plusSeconds(900);
    Map<String, Cell> cells = new HashMap<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT publisher_id, currency, status, customer_status, total_minor, lines_minor,"
                + " net_minor, ordered_at, attributed_at, journey FROM conversion"
                + " WHERE programme_id = ? AND occurred_quarter = ?")) {
      s.setLong(1, programmeRow);
      s.setLong(2, quarter);
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
        c,
        "DELETE FROM sale_rollup WHERE programme_id = ? AND occurred_quarter = ?",
        programmeRow,
        quarter);
    if (cells.isEmpty()) {
      return;
    }
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO sale_rollup (programme_id, occurred_quarter, publisher_id, currency, conversions,"
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
        insert.setLong(k++, quarter);
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
}
