package dev.levier.finance;

import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import dev.levier.network.WireEnum;
import dev.levier.storage.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The books in the database: entries and their postings, written once and never changed. Booking an
 * entry whose key is already booked changes nothing, so a movement retried after a failure is not
 * counted twice.
 */
public final class LedgerStore {
  private LedgerStore() {}

  /** Books the entries not booked yet; returns how many were new. */
  public static int post(Connection c, List<JournalEntry> entries) throws SQLException {
    if (entries.isEmpty()) {
      return 0;
    }
    Set<String> booked = new HashSet<>();
    for (JournalEntry entry : entries) {
      if (Sql.queryOne(c, "SELECT 1 FROM ledger_entry WHERE entry_key = ?", r -> 1, entry.id())
          .isPresent()) {
        booked.add(entry.id());
      }
    }
    int count = 0;
    for (JournalEntry entry : entries) {
      if (!booked.add(entry.id())) {
        continue;
      }
      References refs = entry.references();
      long row =
          Sql.insert(
              c,
              "INSERT INTO ledger_entry (entry_key, kind, occurred_at, conversion_ref,"
                  + " commission_ref, rule_ref, invoice_ref, payout_ref, payment_ref,"
                  + " reversed_ref) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              entry.id(),
              entry.kind().toString(),
              entry.occurredAt(),
              Sql.text(refs.conversionId()),
              Sql.text(refs.commissionId()),
              Sql.text(refs.ruleId()),
              Sql.text(refs.invoiceNumber()),
              Sql.text(refs.payoutId()),
              Sql.text(refs.paymentId()),
              Sql.text(refs.reversedEntryId()));
      try (PreparedStatement insert =
          c.prepareStatement(
              "INSERT INTO ledger_posting (entry_id, line_no, account_kind, owner, currency,"
                  + " amount_minor, from_currency, from_minor, rate, rate_date)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        int line = 1;
        for (Posting posting : entry.postings()) {
          insert.setLong(1, row);
          insert.setInt(2, line++);
          insert.setString(3, posting.account().kind().toString());
          setText(insert, 4, posting.account().owner());
          insert.setString(5, posting.amount().currency().code());
          insert.setLong(6, posting.amount().minor());
          Conversion conversion = posting.conversion();
          if (conversion == null) {
            insert.setNull(7, Types.CHAR);
            insert.setNull(8, Types.BIGINT);
            insert.setNull(9, Types.NUMERIC);
            insert.setNull(10, Types.DATE);
          } else {
            insert.setString(7, conversion.from().currency().code());
            insert.setLong(8, conversion.from().minor());
            insert.setBigDecimal(9, conversion.rate());
            insert.setObject(10, conversion.rateDate());
          }
          insert.addBatch();
        }
        insert.executeBatch();
      }
      count++;
    }
    return count;
  }

  /** One account's balance, signed as the books keep it: debits positive, credits negative. */
  public record Balance(AccountKind kind, @Nullable String owner, Money balance) {}

  /**
   * Balances per account, filtered; null filters mean any. The sum over all accounts of one
   * currency is zero: that is the check that the books balance.
   */
  public static List<Balance> balances(
      Connection c, @Nullable AccountKind kind, @Nullable String owner) throws SQLException {
    StringBuilder sql =
        new StringBuilder(
            "SELECT account_kind, owner, currency, SUM(amount_minor) AS total"
                + " FROM ledger_posting WHERE 1 = 1");
    List<Object> params = new ArrayList<>();
    if (kind != null) {
      sql.append(" AND account_kind = ?");
      params.add(kind.toString());
    }
    if (owner != null) {
      sql.append(" AND owner = ?");
      params.add(owner);
    }
    sql.append(" GROUP BY account_kind, owner, currency ORDER BY account_kind, owner, currency");
    return Sql.query(c, sql.toString(), LedgerStore::balance, params.toArray());
  }

  /** Whether an entry is booked. */
  public static boolean isBooked(Connection c, String entryKey) throws SQLException {
    return Sql.queryOne(c, "SELECT 1 FROM ledger_entry WHERE entry_key = ?", r -> 1, entryKey)
        .isPresent();
  }

  /**
   * How a booked commission was converted into the publisher's currency: the conversion on its
   * publisher posting, or empty when it was booked in the programme's currency (or not booked).
   */
  public static Optional<Conversion> payoutConversion(Connection c, String commissionId)
      throws SQLException {
    return Sql.queryOne(
        c,
        "SELECT p.currency, p.amount_minor, p.from_currency, p.from_minor, p.rate, p.rate_date"
            + " FROM ledger_posting p JOIN ledger_entry e ON e.id = p.entry_id"
            + " WHERE e.entry_key = ? AND p.account_kind = 'publisher_payable'"
            + " AND p.from_currency IS NOT NULL",
        r -> {
          CurrencyUnit from = CurrencyUnit.of(Sql.requiredString(r, "from_currency"));
          CurrencyUnit to = CurrencyUnit.of(Sql.requiredString(r, "currency"));
          return new Conversion(
              Money.ofMinor(-r.getLong("from_minor"), from),
              Money.ofMinor(-r.getLong("amount_minor"), to),
              r.getBigDecimal("rate"),
              r.getObject("rate_date", java.time.LocalDate.class));
        },
        "commission/" + commissionId);
  }

  /** The entries booked, newest last, with their postings; filtered by a reference. */
  public static List<Map<String, Object>> entries(
      Connection c, @Nullable String commissionId, @Nullable String owner, long afterRow, int limit)
      throws SQLException {
    StringBuilder sql =
        new StringBuilder(
            "SELECT e.id, e.entry_key, e.kind, e.occurred_at, e.conversion_ref, e.commission_ref,"
                + " e.rule_ref, e.invoice_ref, e.payout_ref, e.payment_ref, e.reversed_ref"
                + " FROM ledger_entry e WHERE e.id > ?");
    List<Object> params = new ArrayList<>(List.of(afterRow));
    if (commissionId != null) {
      sql.append(" AND e.commission_ref = ?");
      params.add(commissionId);
    }
    if (owner != null) {
      sql.append(" AND EXISTS (SELECT 1 FROM ledger_posting o WHERE o.entry_id = e.id")
          .append(" AND o.owner = ?)");
      params.add(owner);
    }
    sql.append(" ORDER BY e.id LIMIT ?");
    params.add(limit + 1);
    List<Map<String, Object>> entries =
        Sql.query(
            c,
            sql.toString(),
            r -> {
              Map<String, Object> entry = new LinkedHashMap<>();
              entry.put("row", r.getLong("id"));
              entry.put("id", Sql.requiredString(r, "entry_key"));
              entry.put("kind", Sql.requiredString(r, "kind"));
              entry.put("occurredAt", Sql.requiredInstant(r, "occurred_at"));
              Map<String, Object> refs = new LinkedHashMap<>();
              putIf(refs, "conversionId", r.getString("conversion_ref"));
              putIf(refs, "commissionId", r.getString("commission_ref"));
              putIf(refs, "ruleId", r.getString("rule_ref"));
              putIf(refs, "invoiceNumber", r.getString("invoice_ref"));
              putIf(refs, "payoutId", r.getString("payout_ref"));
              putIf(refs, "paymentId", r.getString("payment_ref"));
              putIf(refs, "reversedEntryId", r.getString("reversed_ref"));
              entry.put("references", refs);
              return entry;
            },
            params.toArray());
    for (Map<String, Object> entry : entries) {
      Object row = java.util.Objects.requireNonNull(entry.get("row"));
      entry.put(
          "postings",
          Sql.query(
              c,
              "SELECT account_kind, owner, currency, amount_minor, from_currency, from_minor,"
                  + " rate, rate_date FROM ledger_posting WHERE entry_id = ? ORDER BY line_no",
              LedgerStore::postingView,
              row));
    }
    return entries;
  }

  private static Map<String, Object> postingView(ResultSet r) throws SQLException {
    Map<String, Object> posting = new LinkedHashMap<>();
    CurrencyUnit currency = CurrencyUnit.of(Sql.requiredString(r, "currency"));
    long minor = r.getLong("amount_minor");
    posting.put("account", Sql.requiredString(r, "account_kind"));
    putIf(posting, "owner", r.getString("owner"));
    posting.put("side", minor >= 0 ? "debit" : "credit");
    posting.put("currency", currency.code());
    posting.put("amount", Money.ofMinor(Math.abs(minor), currency).toDecimalString());
    String from = r.getString("from_currency");
    if (from != null) {
      Map<String, Object> converted = new LinkedHashMap<>();
      converted.put(
          "from",
          Money.ofMinor(Math.abs(r.getLong("from_minor")), CurrencyUnit.of(from)).toString());
      converted.put("rate", r.getBigDecimal("rate").stripTrailingZeros().toPlainString());
      converted.put("date", String.valueOf(r.getObject("rate_date", java.time.LocalDate.class)));
      posting.put("converted", converted);
    }
    return posting;
  }

  private static Balance balance(ResultSet r) throws SQLException {
    String kind = Sql.requiredString(r, "account_kind");
    return new Balance(
        WireEnum.parse(AccountKind.class, kind)
            .orElseThrow(() -> new SQLException("unknown account kind " + kind)),
        r.getString("owner"),
        Money.ofMinor(r.getLong("total"), CurrencyUnit.of(Sql.requiredString(r, "currency"))));
  }

  private static void putIf(Map<String, Object> map, String key, @Nullable Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  private static void setText(PreparedStatement s, int index, @Nullable String value)
      throws SQLException {
    if (value == null) {
      s.setNull(index, Types.VARCHAR);
    } else {
      s.setString(index, value);
    }
  }
}
