package dev.levier.finance;

import dev.levier.analytics.SaleRollups;
import dev.levier.auth.Principal;
import dev.levier.commission.Adjustment;
import dev.levier.commission.BonusAward;
import dev.levier.commission.CommissionStatus;
import dev.levier.commission.MonthCommission;
import dev.levier.commission.PeriodClose;
import dev.levier.commission.PeriodSettlement;
import dev.levier.commission.SaleCommission;
import dev.levier.commission.SaleFacts;
import dev.levier.conversion.CustomerStatus;
import dev.levier.errors.ConflictException;
import dev.levier.errors.ForbiddenException;
import dev.levier.errors.NotFoundException;
import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import dev.levier.network.PublisherType;
import dev.levier.network.WireEnum;
import dev.levier.storage.Database;
import dev.levier.storage.Sql;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Closing a programme's month: its approved commissions are locked (their amounts final) and booked
 * in the ledger with the network fee, converted into each publisher's payout currency at the rate
 * of the day. A month closes once it is over in the advertiser's time zone. Closing again later
 * locks what was approved since; what is still pending stays pending until it is approved.
 */
public final class PeriodService {
  private final Database database;
  private final Clock clock;
  private final Supplier<RateTable> rates;
  private final IncentivesInEffect incentives;
  private final ClickRules clickRules;

  /** The volume tiers and bonuses of the rules in effect for a programme at an instant. */
  @FunctionalInterface
  public interface IncentivesInEffect {
    @Nullable PeriodClose at(long programmeRow, Instant at);
  }

  /** What one valid click earns under the rules in effect for a programme at an instant. */
  @FunctionalInterface
  public interface ClickRules {
    @Nullable SaleCommission perClick(long programmeRow, Instant at, SaleFacts publisher);
  }

  public PeriodService(
      Database database,
      Clock clock,
      Supplier<RateTable> rates,
      IncentivesInEffect incentives,
      ClickRules clickRules) {
    this.database = database;
    this.clock = clock;
    this.rates = rates;
    this.incentives = incentives;
    this.clickRules = clickRules;
  }

  /** A commission left unlocked by a close, and why. */
  public record NotLocked(String commissionId, String reason) {}

  /** What a close did. */
  public record Closed(
      String programmeId,
      String month,
      Instant closedAt,
      int locked,
      String currency,
      String commissions,
      String fees,
      int stillPending,
      List<NotLocked> notLocked,
      String incentives,
      List<String> settlements,
      String clicks) {
    public Closed {
      notLocked = List.copyOf(notLocked);
      settlements = List.copyOf(settlements);
    }
  }

  private record Programme(
      long rowId,
      String id,
      long advertiserRow,
      String advertiserId,
      ZoneId zone,
      CurrencyUnit currency) {}

  private record Approved(
      long rowId,
      String id,
      String conversionId,
      String publisherId,
      CurrencyUnit payoutCurrency,
      long amount,
      @Nullable String ruleId) {}

  public Closed close(Principal caller, String programmeId, YearMonth month) {
    Instant now = Sql.now(clock);
    // Refused before the lookup, so that the answer says nothing of whether the id exists.
    if (caller.role() == dev.levier.auth.Role.PUBLISHER) {
      throw new ForbiddenException("only the programme's advertiser or the admin closes a month");
    }
    return database.transaction(
        c -> {
          Programme programme = programme(c, programmeId);
          if (!caller.isAdmin() && !caller.isAdvertiser(programme.advertiserId())) {
            if (caller.role() == dev.levier.auth.Role.PUBLISHER) {
              throw new ForbiddenException(
                  "only the programme's advertiser or the admin closes a month");
            }
            throw new NotFoundException("programme", programmeId);
          }
          Instant start = month.atDay(1).atStartOfDay(programme.zone()).toInstant();
          Instant end = month.plusMonths(1).atDay(1).atStartOfDay(programme.zone()).toInstant();
          if (now.isBefore(end)) {
            throw new ConflictException(
                month
                    + " is not over in "
                    + programme.zone()
                    + " until "
                    + end
                    + "; a month closes once it is over");
          }
          // Closing twice at once would book twice: the programme row is the lock.
          Sql.query(
              c, "SELECT id FROM programme WHERE id = ? FOR UPDATE", r -> 1, programme.rowId());
          NetworkFee fee = BillingService.fee(c, programme.advertiserRow(), programme.currency());
          // The close locks commissions and books their fees: every day of the month is rebuilt.
          SaleRollups.changed(
              c, List.of(new SaleRollups.Change(programme.rowId(), start, end.minusNanos(1))));
          RateTable table = rates.get();
          List<NotLocked> notLocked = new ArrayList<>();
          long commissions = 0;
          long fees = 0;
          int locked = 0;
          for (Approved approved : approved(c, programme.rowId(), start, end)) {
            Money amount = Money.ofMinor(approved.amount(), programme.currency());
            Conversion payout = null;
            if (!approved.payoutCurrency().equals(programme.currency())) {
              try {
                payout = table.convert(amount, approved.payoutCurrency(), now);
              } catch (MissingRateException e) {
                notLocked.add(new NotLocked(approved.id(), String.valueOf(e.getMessage())));
                continue;
              }
            }
            LockedCommission lockedCommission =
                new LockedCommission(
                    approved.id(),
                    approved.conversionId(),
                    approved.ruleId(),
                    programme.advertiserId(),
                    approved.publisherId(),
                    amount,
                    payout,
                    now);
            Money charged = fee.on(amount);
            // Locked only as it was read: a decision or a return since then leaves it for the
            // next close.
            if (Sql.update(
                    c,
                    "UPDATE commission SET status = 'locked', locked_at = ?, fee_minor = ?,"
                        + " version = version + 1, updated_at = ? WHERE id = ?"
                        + " AND status = 'approved' AND amount_minor = ?",
                    now,
                    charged.minor(),
                    now,
                    approved.rowId(),
                    approved.amount())
                == 0) {
              continue;
            }
            LedgerStore.post(c, Books.lock(lockedCommission, fee));
            Sql.update(
                c,
                "INSERT INTO commission_event (commission_id, occurred_at, kind, delta_minor,"
                    + " reason, detail, actor) VALUES (?, ?, 'locked', 0, NULL, ?, ?)",
                approved.rowId(),
                now,
                "locked at the close of "
                    + month
                    + (payout == null ? "" : "; paid as " + payout.to() + " at " + payout.rate())
                    + (charged.isPositive() ? "; network fee " + charged : ""),
                caller.keyId());
            commissions = Math.addExact(commissions, approved.amount());
            fees = Math.addExact(fees, charged.minor());
            locked++;
          }
          List<String> settlements = new ArrayList<>();
          PeriodClose terms = incentives.at(programme.rowId(), end.minusNanos(1));
          if (terms != null) {
            for (Map.Entry<String, List<MonthCommission>> publisher :
                monthCommissions(c, programme.rowId(), start, end).entrySet()) {
              PeriodSettlement settlement =
                  settle(
                      c,
                      programme,
                      month,
                      terms,
                      publisher.getKey(),
                      publisher.getValue(),
                      table,
                      now,
                      notLocked);
              if (!settlement.isEmpty()) {
                settlements.add(settlement.summary());
              }
            }
          }
          // What this close booked: a tier or bonus that could not be converted is not counted.
          long incentiveTotal =
              Sql.queryOne(
                      c,
                      "SELECT COALESCE(SUM(amount_minor), 0) FROM incentive WHERE programme_id = ?"
                          + " AND period = ? AND booked_at = ? AND kind <> 'click'",
                      r -> r.getLong(1),
                      programme.rowId(),
                      month.toString(),
                      now)
                  .orElse(0L);
          long clickPay = payClicks(c, programme, month, start, end, table, now, notLocked);
          int pending =
              Sql.queryOne(
                      c,
                      "SELECT COUNT(*) FROM commission WHERE programme_id = ? AND status = 'pending'"
                          + " AND ordered_at >= ? AND ordered_at < ?",
                      r -> r.getInt(1),
                      programme.rowId(),
                      start,
                      end)
                  .orElse(0);
          if (Sql.update(
                  c,
                  "UPDATE period_close SET closed_at = ?, actor = ? WHERE programme_id = ?"
                      + " AND period = ?",
                  now,
                  caller.keyId(),
                  programme.rowId(),
                  month.toString())
              == 0) {
            Sql.update(
                c,
                "INSERT INTO period_close (programme_id, period, closed_at, actor)"
                    + " VALUES (?, ?, ?, ?)",
                programme.rowId(),
                month.toString(),
                now,
                caller.keyId());
          }
          return new Closed(
              programme.id(),
              month.toString(),
              now,
              locked,
              programme.currency().code(),
              Money.ofMinor(commissions, programme.currency()).toDecimalString(),
              Money.ofMinor(fees, programme.currency()).toDecimalString(),
              pending,
              notLocked,
              Money.ofMinor(incentiveTotal, programme.currency()).toDecimalString(),
              settlements,
              Money.ofMinor(clickPay, programme.currency()).toDecimalString());
        });
  }

  /**
   * Settles one publisher's tiers and bonuses for the month and books what changed since the last
   * close: the settlement gives only the difference from what is already booked.
   */
  private PeriodSettlement settle(
      Connection c,
      Programme programme,
      YearMonth month,
      PeriodClose terms,
      String publisherId,
      List<MonthCommission> commissions,
      RateTable table,
      Instant now,
      List<NotLocked> problems)
      throws SQLException {
    long publisherRow =
        Sql.queryOne(
                c, "SELECT id FROM publisher WHERE public_id = ?", r -> r.getLong(1), publisherId)
            .orElseThrow(() -> new NotFoundException("publisher", publisherId));
    CurrencyUnit payoutCurrency =
        Sql.queryOne(
                c,
                "SELECT payout_currency FROM publisher WHERE id = ?",
                r -> CurrencyUnit.of(Sql.requiredString(r, "payout_currency")),
                publisherRow)
            .orElse(programme.currency());
    List<Adjustment> booked = new ArrayList<>();
    List<BonusAward> granted = new ArrayList<>();
    for (Object[] row :
        Sql.query(
            c,
            "SELECT i.kind, k.public_id AS commission_public_id, i.bonus_id, i.amount_minor,"
                + " i.explanation FROM incentive i LEFT JOIN commission k ON k.id = i.commission_id"
                + " WHERE i.programme_id = ? AND i.period = ? AND i.publisher_id = ? ORDER BY i.id",
            r ->
                new Object[] {
                  Sql.requiredString(r, "kind"),
                  r.getString("commission_public_id"),
                  r.getString("bonus_id"),
                  r.getLong("amount_minor"),
                  Sql.requiredString(r, "explanation")
                },
            programme.rowId(),
            month.toString(),
            publisherRow)) {
      Money amount = Money.ofMinor((Long) row[3], programme.currency());
      if (row[0].equals("tier") && row[1] != null) {
        booked.add(new Adjustment((String) row[1], amount, (String) row[4]));
      } else if (row[2] != null) {
        granted.add(new BonusAward((String) row[2], amount, (String) row[4]));
      }
    }
    PeriodSettlement settlement = terms.settle(publisherId, month, commissions, booked, granted);
    int sequence = booked.size() + granted.size();
    for (Adjustment adjustment : settlement.adjustments()) {
      Object[] k =
          Sql.queryOne(
                  c,
                  "SELECT k.id, v.public_id AS conversion_public_id, k.parts FROM commission k"
                      + " JOIN conversion v ON v.id = k.conversion_id WHERE k.public_id = ?",
                  r ->
                      new Object[] {
                        r.getLong("id"),
                        Sql.requiredString(r, "conversion_public_id"),
                        Sql.requiredString(r, "parts")
                      },
                  adjustment.commissionId())
              .orElseThrow(() -> new NotFoundException("commission", adjustment.commissionId()));
      sequence++;
      String key = "tier/" + adjustment.commissionId() + "/" + month + "/" + sequence;
      if (!book(
          c,
          key,
          programme,
          publisherId,
          payoutCurrency,
          adjustment.delta(),
          References.ofCommission(
              (String) k[1], adjustment.commissionId(), mainRule((String) k[2])),
          table,
          now,
          problems)) {
        continue;
      }
      insertIncentive(
          c,
          key,
          programme,
          month,
          publisherRow,
          "tier",
          (Long) k[0],
          null,
          adjustment.delta(),
          adjustment.explanation(),
          now);
      Sql.update(
          c,
          "INSERT INTO commission_event (commission_id, occurred_at, kind, delta_minor, reason,"
              + " detail, actor) VALUES (?, ?, 'adjusted', ?, NULL, ?, 'levier')",
          k[0],
          now,
          adjustment.delta().minor(),
          adjustment.explanation());
    }
    for (BonusAward bonus : settlement.bonuses()) {
      sequence++;
      String key =
          "bonus/"
              + programme.id()
              + "/"
              + bonus.bonusId()
              + "/"
              + publisherId
              + "/"
              + month
              + "/"
              + sequence;
      if (book(
          c,
          key,
          programme,
          publisherId,
          payoutCurrency,
          bonus.amount(),
          References.NONE,
          table,
          now,
          problems)) {
        insertIncentive(
            c,
            key,
            programme,
            month,
            publisherRow,
            "bonus",
            null,
            bonus.bonusId(),
            bonus.amount(),
            bonus.explanation(),
            now);
      }
    }
    return settlement;
  }

  private static boolean book(
      Connection c,
      String key,
      Programme programme,
      String publisherId,
      CurrencyUnit payoutCurrency,
      Money amount,
      References references,
      RateTable table,
      Instant now,
      List<NotLocked> problems)
      throws SQLException {
    Conversion payout = null;
    if (!payoutCurrency.equals(amount.currency())) {
      try {
        payout = table.convert(amount, payoutCurrency, now);
      } catch (MissingRateException e) {
        problems.add(new NotLocked(key, String.valueOf(e.getMessage())));
        return false;
      }
    }
    LedgerStore.post(
        c,
        List.of(
            Books.adjustment(
                key, programme.advertiserId(), publisherId, amount, payout, references, now)));
    return true;
  }

  private static void insertIncentive(
      Connection c,
      String key,
      Programme programme,
      YearMonth month,
      long publisherRow,
      String kind,
      @Nullable Long commissionRow,
      @Nullable String bonusId,
      Money amount,
      String explanation,
      Instant now)
      throws SQLException {
    Sql.update(
        c,
        "INSERT INTO incentive (entry_key, programme_id, period, publisher_id, kind,"
            + " commission_id, bonus_id, currency, amount_minor, explanation, booked_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        key,
        programme.rowId(),
        month.toString(),
        publisherRow,
        kind,
        commissionRow == null ? Sql.NULL_BIGINT : commissionRow,
        Sql.text(bonusId),
        amount.currency().code(),
        amount.minor(),
        explanation.length() > 2000 ? explanation.substring(0, 2000) : explanation,
        now);
  }

  /**
   * Pays the month's valid clicks (without a bot, data-centre or velocity flag) of approved
   * partnerships under the click rules in effect at the month's end, and books what changed since
   * the last close. Returns what this close booked.
   */
  private long payClicks(
      Connection c,
      Programme programme,
      YearMonth month,
      Instant start,
      Instant end,
      RateTable table,
      Instant now,
      List<NotLocked> problems)
      throws SQLException {
    long booked = 0;
    Instant lastInstant = end.minusNanos(1);
    for (ValidClicks row : validClicks(c, programme.rowId(), start, end)) {
      SaleFacts facts =
          SaleFacts.builder(
                  lastInstant,
                  programme.zone(),
                  Money.zero(programme.currency()),
                  row.publisherId(),
                  row.type())
              .group(row.group())
              .build();
      SaleCommission perClick = clickRules.perClick(programme.rowId(), lastInstant, facts);
      long due = perClick == null ? 0 : Math.multiplyExact(perClick.total().minor(), row.valid());
      long already =
          Sql.queryOne(
                  c,
                  "SELECT COALESCE(SUM(amount_minor), 0) FROM incentive WHERE programme_id = ?"
                      + " AND period = ? AND publisher_id = ? AND kind = 'click'",
                  r -> r.getLong(1),
                  programme.rowId(),
                  month.toString(),
                  row.publisherRow())
              .orElse(0L);
      long delta = due - already;
      if (delta == 0) {
        continue;
      }
      Money amount = Money.ofMinor(delta, programme.currency());
      String key = "clicks/" + programme.id() + "/" + row.publisherId() + "/" + month + "/" + now;
      String explanation =
          row.valid()
              + " valid clicks in "
              + month
              + (perClick == null || perClick.parts().isEmpty()
                  ? " earn nothing: no click rule applies"
                  : ": " + perClick.parts().get(0).explain())
              + (already == 0
                  ? ""
                  : " (" + Money.ofMinor(already, programme.currency()) + " booked before)");
      if (book(
          c,
          key,
          programme,
          row.publisherId(),
          row.payoutCurrency(),
          amount,
          References.NONE,
          table,
          now,
          problems)) {
        insertIncentive(
            c,
            key,
            programme,
            month,
            row.publisherRow(),
            "click",
            null,
            null,
            amount,
            explanation,
            now);
        booked = Math.addExact(booked, delta);
      }
    }
    return booked;
  }

  /** A publisher's valid clicks in a month, with what click rules read of it. */
  private record ValidClicks(
      long publisherRow,
      String publisherId,
      PublisherType type,
      CurrencyUnit payoutCurrency,
      @Nullable String group,
      long valid) {}

  private static List<ValidClicks> validClicks(
      Connection c, long programmeRow, Instant start, Instant end) throws SQLException {
    return Sql.query(
        c,
        "SELECT p.id AS publisher_row, p.public_id, p.type, p.payout_currency, s.group_name,"
            + " SUM(r.valid_clicks) AS valid FROM click_rollup r"
            + " JOIN partnership s ON s.id = r.partnership_id"
            + " JOIN publisher p ON p.id = r.publisher_id"
            + " WHERE r.programme_id = ? AND r.occurred_quarter >= ? AND r.occurred_quarter < ?"
            + " AND s.status = 'approved'"
            + " GROUP BY p.id, p.public_id, p.type, p.payout_currency, s.group_name"
            + " ORDER BY p.id",
        r -> {
          String type = Sql.requiredString(r, "type");
          return new ValidClicks(
              r.getLong("publisher_row"),
              Sql.requiredString(r, "public_id"),
              WireEnum.parse(PublisherType.class, type)
                  .orElseThrow(() -> new SQLException("unknown publisher type " + type)),
              CurrencyUnit.of(Sql.requiredString(r, "payout_currency")),
              r.getString("group_name"),
              r.getLong("valid"));
        },
        programmeRow,
        Sql.quarter(start),
        Sql.quarter(end));
  }

  /** Every commission of the month, by publisher, as period close reads them. */
  private static Map<String, List<MonthCommission>> monthCommissions(
      Connection c, long programmeRow, Instant start, Instant end) throws SQLException {
    Map<String, List<MonthCommission>> byPublisher = new TreeMap<>();
    for (Object[] row :
        Sql.query(
            c,
            "SELECT k.public_id, v.order_id, k.status, k.currency, k.amount_minor, k.parts,"
                + " v.customer_status, p.public_id AS publisher_public_id"
                + " FROM commission k JOIN conversion v ON v.id = k.conversion_id"
                + " JOIN publisher p ON p.id = k.publisher_id"
                + " WHERE k.programme_id = ? AND k.ordered_at >= ? AND k.ordered_at < ?"
                + " ORDER BY k.id",
            r -> {
              CurrencyUnit currency = CurrencyUnit.of(Sql.requiredString(r, "currency"));
              String status = Sql.requiredString(r, "status");
              String customer = r.getString("customer_status");
              RateAndBase rate = rateAndBase(Sql.requiredString(r, "parts"));
              return new Object[] {
                Sql.requiredString(r, "publisher_public_id"),
                new MonthCommission(
                    Sql.requiredString(r, "public_id"),
                    Sql.requiredString(r, "order_id"),
                    WireEnum.parse(CommissionStatus.class, status)
                        .orElseThrow(() -> new SQLException("unknown status " + status)),
                    Money.parse(rate.base().toPlainString(), currency),
                    rate.rate(),
                    Money.ofMinor(r.getLong("amount_minor"), currency),
                    customer == null
                        ? null
                        : WireEnum.parse(CustomerStatus.class, customer).orElse(null))
              };
            },
            programmeRow,
            start,
            end)) {
      byPublisher
          .computeIfAbsent((String) row[0], k -> new ArrayList<>())
          .add((MonthCommission) row[1]);
    }
    return byPublisher;
  }

  /**
   * The rate a commission was paid at and the base it applied to: the parts paid by a percentage,
   * when they share one rate. Mixed rates or fixed amounts give a null rate: tiers change
   * percentages only.
   */
  private record RateAndBase(@Nullable BigDecimal rate, BigDecimal base) {}

  private static RateAndBase rateAndBase(String partsJson) throws SQLException {
    try {
      BigDecimal rate = null;
      BigDecimal base = BigDecimal.ZERO;
      boolean mixed = false;
      for (var part : dev.levier.http.Json.mapper().readTree(partsJson)) {
        if (!part.path("percent").isTextual()) {
          continue;
        }
        BigDecimal percent = new BigDecimal(part.path("percent").asText());
        if (rate != null && rate.compareTo(percent) != 0) {
          mixed = true;
        }
        rate = rate == null ? percent : rate;
        base = base.add(new BigDecimal(part.path("base").asText("0")));
      }
      return mixed || rate == null
          ? new RateAndBase(null, BigDecimal.ZERO)
          : new RateAndBase(rate, base);
    } catch (com.fasterxml.jackson.core.JsonProcessingException | NumberFormatException e) {
      throw new SQLException("stored commission parts are corrupt", e);
    }
  }

  private static Programme programme(Connection c, String programmeId) throws SQLException {
    return Sql.queryOne(
            c,
            "SELECT g.id, g.public_id, g.advertiser_id, a.public_id AS advertiser_public_id,"
                + " a.time_zone, g.currency FROM programme g JOIN advertiser a"
                + " ON a.id = g.advertiser_id WHERE g.public_id = ?",
            r ->
                new Programme(
                    r.getLong("id"),
                    Sql.requiredString(r, "public_id"),
                    r.getLong("advertiser_id"),
                    Sql.requiredString(r, "advertiser_public_id"),
                    ZoneId.of(Sql.requiredString(r, "time_zone")),
                    CurrencyUnit.of(Sql.requiredString(r, "currency"))),
            programmeId)
        .orElseThrow(() -> new NotFoundException("programme", programmeId));
  }

  private static List<Approved> approved(
      Connection c, long programmeRow, Instant start, Instant end) throws SQLException {
    return Sql.query(
        c,
        "SELECT k.id, k.public_id, v.public_id AS conversion_public_id,"
            + " p.public_id AS publisher_public_id, p.payout_currency, k.amount_minor, k.parts"
            + " FROM commission k JOIN conversion v ON v.id = k.conversion_id"
            + " JOIN publisher p ON p.id = k.publisher_id"
            + " WHERE k.programme_id = ? AND k.status = 'approved' AND k.ordered_at >= ?"
            + " AND k.ordered_at < ? ORDER BY k.id",
        r ->
            new Approved(
                r.getLong("id"),
                Sql.requiredString(r, "public_id"),
                Sql.requiredString(r, "conversion_public_id"),
                Sql.requiredString(r, "publisher_public_id"),
                CurrencyUnit.of(Sql.requiredString(r, "payout_currency")),
                r.getLong("amount_minor"),
                mainRule(Sql.requiredString(r, "parts"))),
        programmeRow,
        start,
        end);
  }

  /** The rule of the part that paid the most: the one a ledger entry is traced to. */
  static @Nullable String mainRule(String partsJson) throws SQLException {
    try {
      var parts = dev.levier.http.Json.mapper().readTree(partsJson);
      String rule = null;
      java.math.BigDecimal best = null;
      for (var part : parts) {
        String id = part.path("ruleId").isTextual() ? part.path("ruleId").asText() : null;
        java.math.BigDecimal amount = new java.math.BigDecimal(part.path("amount").asText("0"));
        if (id != null && (best == null || amount.compareTo(best) > 0)) {
          best = amount;
          rule = id;
        }
      }
      return rule;
    } catch (com.fasterxml.jackson.core.JsonProcessingException | NumberFormatException e) {
      throw new SQLException("stored commission parts are corrupt", e);
    }
  }
}
