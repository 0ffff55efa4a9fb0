package dev.levier.storage;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The table {@link BulkInsertTest} and {@link BulkUpdateTest} write: a column of each kind. */
final class BulkProbe {
  static final String TABLE = "bulk_probe";

  /** Its columns, in order. */
  static final String[] COLUMNS = {
    "id", "label", "count", "flag", "at", "note", "seen", "rate", "rate_day"
  };

  private BulkProbe() {}

  /** One row of the table. */
  record Row(
      long id,
      String label,
      int count,
      boolean flag,
      Instant at,
      @Nullable String note,
      @Nullable Instant seen,
      @Nullable BigDecimal rate,
      @Nullable LocalDate day) {}

  static void create(Connection c) throws SQLException {
    Sql.execute(
        c,
        "CREATE TABLE bulk_probe (id BIGINT PRIMARY KEY, label VARCHAR(200) NOT NULL,"
            + " count INTEGER NOT NULL, flag BOOLEAN NOT NULL,"
            + " at TIMESTAMP WITH TIME ZONE NOT NULL, note VARCHAR(200),"
            + " seen TIMESTAMP WITH TIME ZONE, rate NUMERIC(18, 8), rate_day DATE)");
  }

  /** Every row, by id. */
  static List<Row> all(Database database) {
    return database.transaction(
        c ->
            Sql.query(
                c,
                "SELECT id, label, count, flag, at, note, seen, rate, rate_day FROM bulk_probe"
                    + " ORDER BY id",
                r ->
                    new Row(
                        r.getLong("id"),
                        Sql.requiredString(r, "label"),
                        r.getInt("count"),
                        r.getBoolean("flag"),
                        Sql.requiredInstant(r, "at"),
                        r.getString("note"),
                        Sql.instant(r, "seen"),
                        r.getBigDecimal("rate"),
                        r.getObject("rate_day", LocalDate.class))));
  }
}
