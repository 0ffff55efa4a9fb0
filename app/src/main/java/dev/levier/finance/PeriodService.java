package dev.levier.finance;

import dev.levier.auth.Principal;
import dev.levier.errors.ConflictException;
import dev.levier.errors.ForbiddenException;
import dev.levier.errors.NotFoundException;
import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import dev.levier.storage.Database;
import dev.levier.storage.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
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

  public PeriodService(Database database, Clock clock, Supplier<RateTable> rates) {
    this.database = database;
    this.clock = clock;
    this.rates = rates;
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
      List<NotLocked> notLocked) {
    public Closed {
      notLocked = List.copyOf(notLocked);
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
              notLocked);
        });
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
