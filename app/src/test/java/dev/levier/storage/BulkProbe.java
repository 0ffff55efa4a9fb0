package dev.levier.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
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

  /**
   * The values after the id of the {@code i}th row of a varied set: every column's kind, nulls of
   * each type in turn.
   */
  static Object[] varied(int i, String label, Instant at) {
    return new Object[] {
      label,
      -i,
      i % 2 == 0,
      at.plusSeconds(i),
      Sql.text(i % 3 == 0 ? null : "note " + i),
      Sql.time(i % 2 == 0 ? null : at.minusSeconds(i)),
      i % 4 == 0 ? new Sql.Null(Types.NUMERIC) : rate(i),
      i % 4 == 1 ? new Sql.Null(Types.DATE) : LocalDate.of(2026, 11, 28).plusDays(i)
    };
  }

  /** Checks that a row holds what {@link #varied} gave. */
  static void assertVaried(Row row, int i, String label, Instant at) {
    assertThat(row.label()).as("label %d", i).isEqualTo(label);
    assertThat(row.count()).isEqualTo(-i);
    assertThat(row.flag()).isEqualTo(i % 2 == 0);
    assertThat(row.at()).isEqualTo(at.plusSeconds(i));
    assertThat(row.note()).isEqualTo(i % 3 == 0 ? null : "note " + i);
    assertThat(row.seen()).isEqualTo(i % 2 == 0 ? null : at.minusSeconds(i));
    if (i % 4 == 0) {
      assertThat(row.rate()).isNull();
    } else {
      assertThat(row.rate()).isEqualByComparingTo(rate(i));
    }
    assertThat(row.day()).isEqualTo(i % 4 == 1 ? null : LocalDate.of(2026, 11, 28).plusDays(i));
  }

  private static BigDecimal rate(int i) {
    return new BigDecimal("1.08345678").add(BigDecimal.valueOf(i));
  }

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
