package dev.levier.finance;

import dev.levier.money.CurrencyUnit;
import dev.levier.storage.Sql;
import dev.levier.storage.Where;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** SQL for exchange rates. Rates are not tenant data: every caller reads the same table. */
final class RateStore {
  private static final String FROM =
      "SELECT base, quote, \"day\", rate, loaded_at, loaded_by FROM exchange_rate";

  private RateStore() {}

  /** The filters of a rate list; null means any. {@code from} and {@code to} are inclusive. */
  record Filter(
      @Nullable CurrencyUnit base,
      @Nullable CurrencyUnit quote,
      @Nullable LocalDate from,
      @Nullable LocalDate to) {}

  /** Where a page starts: after the rate of this day and pair. */
  record After(LocalDate day, String base, String quote) {}

  /**
   * Stores the rates, replacing the rate of a pair and day already stored. Written the same way on
   * both databases, without a dialect's upsert: an UPDATE of every rate, then an INSERT of those
   * that updated no row, in two batches.
   *
   * @return how many rates replaced a stored one
   */
  static int upsert(Connection c, List<ExchangeRate> rates, Instant now, String loadedBy)
      throws SQLException {
    if (rates.isEmpty()) {
      return 0;
    }
    List<ExchangeRate> fresh = new ArrayList<>();
    try (PreparedStatement update =
        c.prepareStatement(
            "UPDATE exchange_rate SET rate = ?, loaded_at = ?, loaded_by = ?"
                + " WHERE base = ? AND quote = ? AND \"day\" = ?")) {
      for (ExchangeRate rate : rates) {
        update.setBigDecimal(1, rate.rate());
        update.setObject(2, now.atOffset(ZoneOffset.UTC));
        update.setString(3, loadedBy);
        update.setString(4, rate.base().code());
        update.setString(5, rate.quote().code());
        update.setObject(6, rate.date());
        update.addBatch();
      }
      int[] counts = update.executeBatch();
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] == 0) {
          fresh.add(rates.get(i));
        }
      }
    }
    if (!fresh.isEmpty()) {
      try (PreparedStatement insert =
          c.prepareStatement(
              "INSERT INTO exchange_rate (base, quote, \"day\", rate, loaded_at, loaded_by)"
                  + " VALUES (?, ?, ?, ?, ?, ?)")) {
        for (ExchangeRate rate : fresh) {
          insert.setString(1, rate.base().code());
          insert.setString(2, rate.quote().code());
          insert.setObject(3, rate.date());
          insert.setBigDecimal(4, rate.rate());
          insert.setObject(5, now.atOffset(ZoneOffset.UTC));
          insert.setString(6, loadedBy);
          insert.addBatch();
        }
        insert.executeBatch();
      }
    }
    return rates.size() - fresh.size();
  }

  /** A page of rates by date, then base, then quote: up to {@code limit + 1} rows. */
  static List<StoredRate> list(Connection c, Filter filter, @Nullable After after, int limit)
      throws SQLException {
    Where where = new Where();
    CurrencyUnit base = filter.base();
    CurrencyUnit quote = filter.quote();
    LocalDate from = filter.from();
    LocalDate to = filter.to();
    where.equalTo("base", base == null ? null : base.code());
    where.equalTo("quote", quote == null ? null : quote.code());
    if (from != null) {
      where.and("\"day\" >= ?", from);
    }
    if (to != null) {
      where.and("\"day\" <= ?", to);
    }
    if (after != null) {
      where.and(
          "\"day\" > ? OR (\"day\" = ? AND (base > ? OR (base = ? AND quote > ?)))",
          after.day(),
          after.day(),
          after.base(),
          after.base(),
          after.quote());
    }
    return Sql.query(
        c,
        FROM + where.sql() + " ORDER BY \"day\", base, quote LIMIT ?",
        RateStore::view,
        where.params(limit + 1));
  }

  /** Every stored rate, to build the table held in memory. */
  static List<ExchangeRate> all(Connection c) throws SQLException {
    return Sql.query(
        c,
        "SELECT base, quote, \"day\", rate FROM exchange_rate",
        row ->
            new ExchangeRate(
                CurrencyUnit.of(Sql.requiredString(row, "base")),
                CurrencyUnit.of(Sql.requiredString(row, "quote")),
                rate(row),
                day(row)));
  }

  /**
   * What changes whenever a rate is loaded: how many there are and when the last was loaded. A node
   * compares it to decide whether rates loaded elsewhere (the command line, another node) must be
   * read again.
   */
  static String fingerprint(Connection c) throws SQLException {
    return Sql.queryOne(
            c,
            "SELECT COUNT(*) AS n, MAX(loaded_at) AS last FROM exchange_rate",
            row -> row.getLong("n") + "/" + Sql.instant(row, "last"))
        .orElse("0/null");
  }

  private static StoredRate view(ResultSet row) throws SQLException {
    return new StoredRate(
        day(row).toString(),
        Sql.requiredString(row, "base"),
        Sql.requiredString(row, "quote"),
        rate(row).toPlainString(),
        Sql.requiredInstant(row, "loaded_at"),
        Sql.requiredString(row, "loaded_by"));
  }

  /** The rate as loaded: the column's scale adds trailing zeros, which are taken off. */
  private static BigDecimal rate(ResultSet row) throws SQLException {
    BigDecimal rate = row.getBigDecimal("rate");
    if (rate == null) {
      throw new SQLException("column rate is unexpectedly null");
    }
    BigDecimal stripped = rate.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }

  private static LocalDate day(ResultSet row) throws SQLException {
    LocalDate day = row.getObject("day", LocalDate.class);
    if (day == null) {
      throw new SQLException("column day is unexpectedly null");
    }
    return day;
  }
}
