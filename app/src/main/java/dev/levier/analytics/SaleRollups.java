package dev.levier.analytics;

import dev.levier.attribution.JourneyCredit;
import dev.levier.attribution.JourneyJson;
import dev.levier.attribution.RoleBased;
import dev.levier.storage.BulkInsert;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
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

  /**
   * The most programme-quarters one round rebuilds, in one transaction: at about 2 ms each on
   * PostgreSQL, a round holds its programme for a second or so, so a report of that programme never
   * waits long behind a big batch (a first build, a month close) being worked through.
   */
  static final int QUARTERS_PER_ROUND = 500;

  /** A change to the sales of a programme ordered between two instants, both included. */
  public record Change(long programmeRow, Instant from, Instant to) {}

  /**
   * What a report reads: the sales of some programmes (all of them when {@code programmes} is null)
   * ordered between two instants, both included.
   */
  public record Scope(@Nullable Set<Long> programmes, Instant from, Instant to) {
    public Scope {
      programmes = programmes == null ? null : Set.copyOf(programmes);
      if (to.isBefore(from)) {
        throw new IllegalArgumentException("a scope ends before it starts: " + from + " > " + to);
      }
    }
  }

  private final Database database;
  private final TrackingIndex index;

  /**
   * One lock per programme: a programme's quarters are rebuilt by one thread at a time (a rebuild
   * deletes and inserts the same rows), while other programmes are rebuilt and read meanwhile.
   */
  private final ConcurrentHashMap<Long, ReentrantLock> locks = new ConcurrentHashMap<>();

  private final int quartersPerRound;

  public SaleRollups(Database database, TrackingIndex index) {
    this(database, index, QUARTERS_PER_ROUND);
  }

  /** With rounds of another size, for tests that work a long change through in several. */
  SaleRollups(Database database, TrackingIndex index, int quartersPerRound) {
    if (quartersPerRound < 1) {
      throw new IllegalArgumentException("a round rebuilds at least one quarter");
    }
    this.database = database;
    this.index = index;
    this.quartersPerRound = quartersPerRound;
  }

  /** Records changes in the caller's transaction. */
  public static void changed(Connection c, Collection<Change> changes) throws SQLException {
    if (changes.isEmpty()) {
      return;
    }
    BulkInsert rows = new BulkInsert("rollup_change", "programme_id", "from_at", "to_at");
    for (Change change : changes) {
      rows.add(change.programmeRow(), change.from(), change.to());
    }
    rows.write(c);
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
   * included, until no change is left; returns how many programme-quarters were rebuilt.
   */
  public int refresh() {
    return drain(null, null, null);
  }

  /**
   * Rebuilds the changed programme-quarters a report reads, the quarter under way included, so the
   * report holds every change committed before the call; changes to other programmes, and the part
   * of a long change (a month close, a first build) outside the scope, are left to the background
   * round. Returns how many programme-quarters were rebuilt.
   */
  public int refresh(Scope scope) {
    return drain(
        scope.programmes(), new long[] {Sql.quarter(scope.from()), Sql.quarter(scope.to())}, null);
  }

  /**
   * The background round: rebuilds the changes of quarter hours that are over, and leaves those of
   * the quarter under way (and the one just ended, for orders still arriving with it) for later.
   * Under steady intake a quarter is then rebuilt about once, after it ends, instead of every few
   * seconds while it fills.
   */
  public int refreshEnded(Instant now) {
    return drain(null, null, Instant.ofEpochSecond((Sql.quarter(now) - 1) * 900));
  }

  private int drain(
      @Nullable Set<Long> programmes, long @Nullable [] span, @Nullable Instant before) {
    int rebuilt = 0;
    for (long programme : database.transaction(c -> pending(c, programmes, span, before))) {
      ReentrantLock lock = locks.computeIfAbsent(programme, k -> new ReentrantLock());
      lock.lock();
      try {
        long afterId = 0;
        while (true) {
          long from = afterId;
          Round round = database.transaction(c -> round(c, programme, from, span, before));
          rebuilt += round.quarters();
          if (!round.more()) {
            break;
          }
          afterId = round.lastId();
        }
      } finally {
        lock.unlock();
      }
    }
    return rebuilt;
  }

  /** The programmes with changes in a scope. */
  private static List<Long> pending(
      Connection c,
      @Nullable Set<Long> programmes,
      long @Nullable [] span,
      @Nullable Instant before)
      throws SQLException {
    if (programmes != null && programmes.isEmpty()) {
      return List.of();
    }
    StringBuilder sql =
        new StringBuilder("SELECT DISTINCT programme_id FROM rollup_change WHERE 1 = 1");
    List<Object> params = new ArrayList<>();
    if (programmes != null) {
      sql.append(" AND programme_id IN (").append(Sql.marks(programmes.size())).append(')');
      params.addAll(programmes);
    }
    changesIn(sql, params, span, before);
    return Sql.query(c, sql.toString(), r -> r.getLong(1), params.toArray());
  }

  /** Narrows a query of change rows to those overlapping a span of quarters, or ended before. */
  private static void changesIn(
      StringBuilder sql, List<Object> params, long @Nullable [] span, @Nullable Instant before) {
    if (span != null) {
      sql.append(" AND to_at >= ? AND from_at < ?");
      params.add(Instant.ofEpochSecond(span[0] * 900).atOffset(ZoneOffset.UTC));
      params.add(Instant.ofEpochSecond((span[1] + 1) * 900).atOffset(ZoneOffset.UTC));
    }
    if (before != null) {
      sql.append(" AND to_at < ?");
      params.add(before.atOffset(ZoneOffset.UTC));
    }
  }

  /**
   * What one round did: the last change row it dealt with, how many quarters it rebuilt, and
   * whether rows may be left.
   */
  private record Round(long lastId, int quarters, boolean more) {}

  /**
   * Rebuilds, in the caller's transaction, the quarters of up to {@value #ROUND} change rows of one
   * programme after {@code afterId} and at most {@link #quartersPerRound} quarters. A change row
   * dealt with in full is deleted; one dealt with in part (it reaches beyond the scope, or past
   * this round's quarters) is replaced by rows for what is left of it, so nothing is lost and
   * nothing is rebuilt twice by the same round.
   */
  private Round round(
      Connection c, long programme, long afterId, long @Nullable [] span, @Nullable Instant before)
      throws SQLException {
    StringBuilder sql =
        new StringBuilder(
            "SELECT id, from_at, to_at FROM rollup_change WHERE programme_id = ? AND id > ?");
    List<Object> params = new ArrayList<>(List.of(programme, afterId));
    changesIn(sql, params, span, before);
    sql.append(" ORDER BY id LIMIT ").append(ROUND);
    record Row(long id, Instant from, Instant to) {}
    List<Row> rows =
        Sql.query(
            c,
            sql.toString(),
            r ->
                new Row(
                    r.getLong("id"),
                    Sql.requiredInstant(r, "from_at"),
                    Sql.requiredInstant(r, "to_at")),
            params.toArray());
    Set<Long> quarters = new TreeSet<>();
    List<Long> done = new ArrayList<>();
    List<Change> left = new ArrayList<>();
    long lastId = afterId;
    boolean full = false;
    for (Row row : rows) {
      if (quarters.size() >= quartersPerRound) {
        full = true;
        break;
      }
      long first = Sql.quarter(row.from());
      long last = Sql.quarter(row.to());
      long low = span == null ? first : Math.max(first, span[0]);
      long high = span == null ? last : Math.min(last, span[1]);
      if (low == high) {
        quarters.add(low);
      } else {
        // A range (a month close, the first build) touches only the quarters that hold sales.
        int room = quartersPerRound - quarters.size();
        List<Long> touched = touched(c, programme, low, high, room + 1);
        if (touched.size() > room) {
          touched = touched.subList(0, room);
          high = touched.get(room - 1);
          full = true;
        }
        quarters.addAll(touched);
      }
      done.add(row.id());
      lastId = row.id();
      if (first < low) {
        left.add(new Change(programme, row.from(), Instant.ofEpochSecond(low * 900 - 1)));
      }
      if (last > high) {
        left.add(new Change(programme, Instant.ofEpochSecond((high + 1) * 900), row.to()));
      }
      if (full) {
        break;
      }
    }
    for (long quarter : quarters) {
      rebuild(c, programme, quarter);
    }
    changed(c, left);
    try (PreparedStatement delete = c.prepareStatement("DELETE FROM rollup_change WHERE id = ?")) {
      for (long id : done) {
        delete.setLong(1, id);
        delete.addBatch();
      }
      if (!done.isEmpty()) {
        delete.executeBatch();
      }
    }
    return new Round(lastId, quarters.size(), full || rows.size() == ROUND);
  }

  /** The quarters of a programme between two, both included, that hold sales or rollup rows. */
  private static List<Long> touched(Connection c, long programme, long low, long high, int limit)
      throws SQLException {
    return Sql.query(
        c,
        "SELECT occurred_quarter FROM conversion WHERE programme_id = ?"
            + " AND occurred_quarter BETWEEN ? AND ?"
            + " UNION SELECT occurred_quarter FROM sale_rollup WHERE programme_id = ?"
            + " AND occurred_quarter BETWEEN ? AND ? ORDER BY 1 LIMIT "
            + limit,
        q -> q.getLong(1),
        programme,
        low,
        high,
        programme,
        low,
        high);
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
