package dev.levier.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.jspecify.annotations.Nullable;

/**
 * Migration 20: the customer rows move to a table keyed by {@link CustomerIds}' numbers instead of
 * {@code (advertiser_id, customer_key)}. Written in Java because the numbers are SHA-256 digests,
 * which H2 and PostgreSQL compute in SQL with different functions and types. The rows are read in
 * key order a thousand at a time, so the memory it takes does not grow with the table.
 */
public final class CustomerIdsMigration implements JavaMigration {
  private static final int CHUNK = 1_000;

  @Override
  public MigrationVersion getVersion() {
    return MigrationVersion.fromVersion("20");
  }

  @Override
  public String getDescription() {
    return "customer rows keyed by number";
  }

  @Override
  public @Nullable Integer getChecksum() {
    return 20;
  }

  @Override
  public boolean canExecuteInTransaction() {
    return true;
  }

  private record OldRow(
      long advertiserRow,
      String key,
      Instant firstOrderAt,
      Instant lastOrderAt,
      int orders,
      String visitors,
      String recentOrders) {
    String identity() {
      return advertiserRow + ":" + key;
    }
  }

  @Override
  public void migrate(Context context) throws SQLException {
    Connection c = context.getConnection();
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE customer_by_id ("
              + " id             BIGINT PRIMARY KEY,"
              + " advertiser_id  BIGINT        NOT NULL,"
              + " customer_key   VARCHAR(120)  NOT NULL,"
              + " first_order_at TIMESTAMP WITH TIME ZONE NOT NULL,"
              + " last_order_at  TIMESTAMP WITH TIME ZONE NOT NULL,"
              + " orders         INTEGER       NOT NULL,"
              + " visitors       VARCHAR(1500) DEFAULT '' NOT NULL,"
              + " recent_orders  VARCHAR(4000) DEFAULT '' NOT NULL)");
    }
    List<OldRow> chunk = new ArrayList<>(CHUNK);
    long lastAdvertiser = Long.MIN_VALUE;
    String lastKey = "";
    while (true) {
      chunk.clear();
      try (PreparedStatement read =
          c.prepareStatement(
              "SELECT advertiser_id, customer_key, first_order_at, last_order_at, orders,"
                  + " visitors, recent_orders FROM customer"
                  + " WHERE advertiser_id > ? OR (advertiser_id = ? AND customer_key > ?)"
                  + " ORDER BY advertiser_id, customer_key LIMIT "
                  + CHUNK)) {
        read.setLong(1, lastAdvertiser);
        read.setLong(2, lastAdvertiser);
        read.setString(3, lastKey);
        try (ResultSet r = read.executeQuery()) {
          while (r.next()) {
            chunk.add(
                new OldRow(
                    r.getLong("advertiser_id"),
                    Sql.requiredString(r, "customer_key"),
                    Sql.requiredInstant(r, "first_order_at"),
                    Sql.requiredInstant(r, "last_order_at"),
                    r.getInt("orders"),
                    Sql.requiredString(r, "visitors"),
                    Sql.requiredString(r, "recent_orders")));
          }
        }
      }
      if (chunk.isEmpty()) {
        break;
      }
      copy(c, chunk);
      OldRow last = chunk.get(chunk.size() - 1);
      lastAdvertiser = last.advertiserRow();
      lastKey = last.key();
    }
    try (Statement s = c.createStatement()) {
      s.execute("DROP TABLE customer");
      s.execute("ALTER TABLE customer_by_id RENAME TO customer");
    }
  }

  private static void copy(Connection c, List<OldRow> chunk) throws SQLException {
    Map<String, OldRow> byIdentity = new HashMap<>();
    for (OldRow row : chunk) {
      byIdentity.put(row.identity(), row);
    }
    Map<String, CustomerIds.Placement> placed =
        CustomerIds.place(byIdentity.keySet(), CustomerIds::of, ids -> holders(c, ids));
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO customer_by_id (id, advertiser_id, customer_key, first_order_at,"
                + " last_order_at, orders, visitors, recent_orders)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (Map.Entry<String, CustomerIds.Placement> entry : placed.entrySet()) {
        OldRow row = byIdentity.get(entry.getKey());
        if (row == null || entry.getValue().stored()) {
          throw new IllegalStateException("customer " + entry.getKey() + " was copied twice");
        }
        insert.setLong(1, entry.getValue().id());
        insert.setLong(2, row.advertiserRow());
        insert.setString(3, row.key());
        insert.setObject(4, row.firstOrderAt().atOffset(ZoneOffset.UTC));
        insert.setObject(5, row.lastOrderAt().atOffset(ZoneOffset.UTC));
        insert.setInt(6, row.orders());
        insert.setString(7, row.visitors());
        insert.setString(8, row.recentOrders());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** Which identity holds each of these numbers in the new table. */
  private static Map<Long, String> holders(Connection c, Set<Long> ids) throws SQLException {
    Map<Long, String> found = new HashMap<>();
    for (Map.Entry<Long, String> row :
        Sql.query(
            c,
            "SELECT id, advertiser_id, customer_key FROM customer_by_id WHERE id IN ("
                + Sql.marks(ids.size())
                + ")",
            r ->
                Map.entry(
                    r.getLong("id"),
                    r.getLong("advertiser_id") + ":" + Sql.requiredString(r, "customer_key")),
            ids.toArray())) {
      found.put(row.getKey(), row.getValue());
    }
    return found;
  }
}
