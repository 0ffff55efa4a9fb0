package dev.levier.commission;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.levier.auth.Principal;
import dev.levier.finance.ExchangeRate;
import dev.levier.http.Json;
import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import dev.levier.storage.BulkInsert;
import dev.levier.storage.PublicIds;
import dev.levier.storage.Sql;
import dev.levier.storage.Where;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** SQL for commissions. Every read is filtered by what the caller may see. */
public final class CommissionStore {
  private static final TypeReference<List<PartRow>> PARTS = new TypeReference<>() {};
  private static final String FROM =
      "SELECT k.id, k.public_id, v.public_id AS conversion_public_id, v.order_id,"
          + " g.public_id AS programme_public_id, s.public_id AS partnership_public_id,"
          + " p.public_id AS publisher_public_id, r.public_id AS rule_set_public_id,"
          + " k.rule_set_number, k.event, k.ordered_at, k.currency, k.original_minor,"
          + " k.amount_minor, k.clawback_minor, k.status, k.decline_reason, k.parts, k.version,"
          + " k.created_at, k.updated_at, k.order_currency, k.rate, k.rate_date,"
          + " k.share_ppb, k.attribution, a.public_id AS advertiser_public_id"
          + " FROM commission k JOIN conversion v ON v.id = k.conversion_id"
          + " JOIN programme g ON g.id = k.programme_id"
          + " JOIN advertiser a ON a.id = g.advertiser_id"
          + " JOIN partnership s ON s.id = k.partnership_id"
          + " JOIN publisher p ON p.id = k.publisher_id"
          + " JOIN rule_set r ON r.id = k.rule_set_id";

  private CommissionStore() {}

  /** The filters of a commission list; null means any. */
  public record Filter(
      @Nullable String programmeId,
      @Nullable String publisherId,
      @Nullable String conversionId,
      @Nullable String status) {}

  private static final Sql.Null NULL_CHAR = new Sql.Null(Types.CHAR);
  private static final Sql.Null NULL_NUMERIC = new Sql.Null(Types.NUMERIC);
  private static final Sql.Null NULL_DATE = new Sql.Null(Types.DATE);

  /** Stores commissions computed in a conversion batch, in one round trip. */
  public static void insert(Connection c, List<NewCommission> commissions, Instant now)
      throws SQLException {
    if (commissions.isEmpty()) {
      return;
    }
    BulkInsert rows =
        new BulkInsert(
            "commission",
            "public_id",
            "conversion_id",
            "programme_id",
            "partnership_id",
            "publisher_id",
            "rule_set_id",
            "rule_set_number",
            "event",
            "ordered_at",
            "currency",
            "original_minor",
            "amount_minor",
            "clawback_minor",
            "status",
            "parts",
            "version",
            "created_at",
            "updated_at",
            "order_currency",
            "rate",
            "rate_date",
            "share_ppb",
            "attribution");
    for (NewCommission k : commissions) {
      ExchangeRate exchange = k.exchange();
      rows.add(
          PublicIds.ordered("com", now.toEpochMilli()),
          k.conversionRow(),
          k.programmeRow(),
          k.partnershipRow(),
          k.publisherRow(),
          k.ruleSet().ruleSetRow(),
          k.ruleSet().number(),
          k.event().toString(),
          k.orderedAt(),
          k.computed().total().currency().code(),
          k.computed().total().minor(),
          k.computed().total().minor(),
          0L,
          "pending",
          partsJson(k.computed(), k.ruleSet().engine().rules()),
          1,
          now,
          now,
          exchange == null ? NULL_CHAR : exchange.base().code(),
          exchange == null ? NULL_NUMERIC : exchange.rate(),
          exchange == null ? NULL_DATE : exchange.date(),
          k.sharePartsPerBillion(),
          Sql.text(k.attribution()));
    }
    rows.write(c);
  }

  /**
   * Removes the pending commissions of conversions about to be computed again (a pixel's sale the
   * advertiser now confirms): nothing was approved or paid on them yet.
   */
  public static void deletePending(Connection c, List<Long> conversionRows) throws SQLException {
    if (conversionRows.isEmpty()) {
      return;
    }
    try (PreparedStatement events =
            c.prepareStatement(
                "DELETE FROM commission_event WHERE commission_id IN (SELECT id FROM commission"
                    + " WHERE conversion_id = ? AND status = 'pending')");
        PreparedStatement delete =
            c.prepareStatement(
                "DELETE FROM commission WHERE conversion_id = ? AND status = 'pending'")) {
      for (long row : conversionRows) {
        events.setLong(1, row);
        events.addBatch();
        delete.setLong(1, row);
        delete.addBatch();
      }
      events.executeBatch();
      delete.executeBatch();
    }
  }

  static Optional<StoredCommission> find(Connection c, Principal caller, String publicId)
      throws SQLException {
    Where where = visibleTo(caller, new Where().and("k.public_id = ?", publicId));
    return Sql.queryOne(c, FROM + where.sql(), CommissionStore::map, where.params());
  }

  /**
   * What happened to a commission, oldest first, starting with its computation (which is the
   * commission row itself, not an event, so that intake writes one row per sale).
   */
  static List<StoredCommission.Event> history(Connection c, String publicId) throws SQLException {
    List<StoredCommission.Event> events = new ArrayList<>();
    Sql.queryOne(
            c,
            "SELECT created_at, currency, original_minor, rule_set_number, order_currency, rate,"
                + " rate_date FROM commission WHERE public_id = ?",
            r -> {
              CurrencyUnit currency = CurrencyUnit.of(Sql.requiredString(r, "currency"));
              Money original = Money.ofMinor(r.getLong("original_minor"), currency);
              StoredCommission.Exchange exchange = exchange(r);
              return new StoredCommission.Event(
                  Sql.requiredInstant(r, "created_at"),
                  "computed",
                  original.toDecimalString(),
                  null,
                  "computed as "
                      + original
                      + " by version "
                      + r.getInt("rule_set_number")
                      + (exchange == null
                          ? ""
                          : " on the order converted from "
                              + exchange.from()
                              + " at "
                              + exchange.rate()
                              + " (rate of "
                              + exchange.date()
                              + ")"),
                  "levier");
            },
            publicId)
        .ifPresent(events::add);
    events.addAll(
        Sql.query(
            c,
            "SELECT e.occurred_at, e.kind, e.delta_minor, e.reason, e.detail, e.actor, k.currency"
                + " FROM commission_event e JOIN commission k ON k.id = e.commission_id"
                + " WHERE k.public_id = ? ORDER BY e.id",
            r ->
                new StoredCommission.Event(
                    Sql.requiredInstant(r, "occurred_at"),
                    Sql.requiredString(r, "kind"),
                    Money.ofMinor(
                            r.getLong("delta_minor"),
                            CurrencyUnit.of(Sql.requiredString(r, "currency")))
                        .toDecimalString(),
                    r.getString("reason"),
                    Sql.requiredString(r, "detail"),
                    Sql.requiredString(r, "actor")),
            publicId));
    return events;
  }

  static List<StoredCommission> list(
      Connection c, Principal caller, Filter filter, @Nullable String after, int limit)
      throws SQLException {
    Where where = visibleTo(caller, new Where());
    where.after("k", "commission", after);
    where.equalTo("g.public_id", filter.programmeId());
    where.equalTo("p.public_id", filter.publisherId());
    where.equalTo("v.public_id", filter.conversionId());
    where.equalTo("k.status", filter.status());
    return Sql.query(
        c,
        FROM + where.sql() + " ORDER BY k.id LIMIT ?",
        CommissionStore::map,
        where.params(limit + 1));
  }

  private static Where visibleTo(Principal caller, Where where) {
    return switch (caller.role()) {
      case ADMIN -> where;
      case ADVERTISER -> where.and("a.public_id = ?", caller.owner());
      case PUBLISHER -> where.and("p.public_id = ?", caller.owner());
    };
  }

  /**
   * A part as the commission row keeps it: without its sentence, which {@link
   * LineCommission#explain} writes again on read from these fields, the row's currency and the rule
   * set's version. The sentences were three fifths of the JSON; with them a five-line commission
   * passed PostgreSQL's 2 kB threshold and was compressed on every insert. Rows stored with a
   * sentence read the same: it is ignored and written again, word for word.
   */
  @JsonIgnoreProperties("explanation")
  record PartRow(
      int line,
      @Nullable String ruleId,
      String ruleName,
      List<String> held,
      String basis,
      @Nullable String percent,
      String base,
      String uncapped,
      String amount,
      @Nullable String capNote) {

    PartRow {
      held = List.copyOf(held);
    }

    static PartRow of(LineCommission line, @Nullable BigDecimal percent) {
      return new PartRow(
          line.lineNo(),
          line.ruleId(),
          line.ruleName(),
          line.held(),
          line.basis(),
          percent == null ? null : percent.toPlainString(),
          line.base().toDecimalString(),
          line.uncapped().toDecimalString(),
          line.amount().toDecimalString(),
          line.capNote());
    }

    StoredCommission.Part restore(CurrencyUnit currency, int ruleSetVersion) {
      String explanation =
          new LineCommission(
                  line,
                  ruleId,
                  ruleName,
                  ruleSetVersion,
                  held,
                  basis,
                  Money.parse(base, currency),
                  Money.parse(uncapped, currency),
                  Money.parse(amount, currency),
                  capNote)
              .explain();
      return new StoredCommission.Part(
          line,
          ruleId,
          ruleName,
          held,
          basis,
          percent,
          base,
          uncapped,
          amount,
          capNote,
          explanation);
    }
  }

  static String partsJson(SaleCommission computed, RuleSet rules) {
    Map<String, BigDecimal> percents = new HashMap<>();
    for (Rule rule : rules.rules()) {
      if (rule.basis() instanceof Basis.PercentOfLine p) {
        percents.put(rule.id(), p.percent());
      }
    }
    List<PartRow> parts = new ArrayList<>(computed.parts().size());
    for (LineCommission line : computed.parts()) {
      String rule = line.ruleId();
      parts.add(PartRow.of(line, rule == null ? null : percents.get(rule)));
    }
    return new String(Json.write(parts), StandardCharsets.UTF_8);
  }

  /**
   * The parts of a stored commission, each with its explanation.
   *
   * @param currency the commission's currency, which every amount of the parts is in
   * @param ruleSetVersion the published version of the rules that computed it
   */
  static List<StoredCommission.Part> parts(String json, CurrencyUnit currency, int ruleSetVersion)
      throws SQLException {
    List<PartRow> rows;
    try {
      rows = Json.mapper().readValue(json, PARTS);
    } catch (JsonProcessingException e) {
      throw new SQLException("stored commission parts are corrupt: " + e.getOriginalMessage(), e);
    }
    List<StoredCommission.Part> parts = new ArrayList<>(rows.size());
    for (PartRow row : rows) {
      parts.add(row.restore(currency, ruleSetVersion));
    }
    return parts;
  }

  /** The rate an order in another currency was converted at, or null. */
  private static StoredCommission.@Nullable Exchange exchange(ResultSet row) throws SQLException {
    String from = row.getString("order_currency");
    BigDecimal rate = row.getBigDecimal("rate");
    LocalDate date = row.getObject("rate_date", LocalDate.class);
    if (from == null || rate == null || date == null) {
      return null;
    }
    BigDecimal exact = rate.stripTrailingZeros();
    return new StoredCommission.Exchange(
        from, (exact.scale() < 0 ? exact.setScale(0) : exact).toPlainString(), date.toString());
  }

  private static StoredCommission map(ResultSet row) throws SQLException {
    CurrencyUnit currency = CurrencyUnit.of(Sql.requiredString(row, "currency"));
    List<StoredCommission.Part> parts =
        parts(Sql.requiredString(row, "parts"), currency, row.getInt("rule_set_number"));
    return new StoredCommission(
        Sql.requiredString(row, "public_id"),
        Sql.requiredString(row, "conversion_public_id"),
        Sql.requiredString(row, "order_id"),
        Sql.requiredString(row, "programme_public_id"),
        Sql.requiredString(row, "partnership_public_id"),
        Sql.requiredString(row, "publisher_public_id"),
        Sql.requiredString(row, "event"),
        Sql.requiredInstant(row, "ordered_at"),
        currency.code(),
        Money.ofMinor(row.getLong("amount_minor"), currency).toDecimalString(),
        Money.ofMinor(row.getLong("original_minor"), currency).toDecimalString(),
        Money.ofMinor(row.getLong("clawback_minor"), currency).toDecimalString(),
        exchange(row),
        Sql.requiredString(row, "status"),
        row.getString("decline_reason"),
        Sql.requiredString(row, "rule_set_public_id"),
        row.getInt("rule_set_number"),
        BigDecimal.valueOf(row.getLong("share_ppb"), 9).stripTrailingZeros().toPlainString(),
        row.getString("attribution"),
        parts,
        parts.stream().map(StoredCommission.Part::explanation).toList(),
        row.getInt("version"),
        Sql.requiredInstant(row, "created_at"),
        Sql.requiredInstant(row, "updated_at"),
        null);
  }
}
