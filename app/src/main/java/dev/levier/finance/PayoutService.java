package dev.levier.finance;

import dev.levier.auth.Principal;
import dev.levier.errors.ConflictException;
import dev.levier.errors.NotFoundException;
import dev.levier.errors.ValidationException;
import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import dev.levier.network.WireEnum;
import dev.levier.storage.Database;
import dev.levier.storage.Sql;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Payouts: a run pays every publisher whose balance in a currency has reached its threshold, as a
 * file for the bank; each payout is then marked sent, or failed, which puts the amount back on the
 * balance for the next run.
 */
public final class PayoutService {
  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  private final Database database;
  private final Clock clock;

  public PayoutService(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /** A payout as the API shows it. */
  public record PayoutView(
      String id,
      String runId,
      String publisherId,
      String currency,
      String amount,
      String status,
      @Nullable String failure,
      Instant createdAt,
      Instant updatedAt) {}

  /** What a run scheduled, and the balances it left for later. */
  public record Run(String runId, List<PayoutView> scheduled, List<Held> held) {
    public Run {
      scheduled = List.copyOf(scheduled);
      held = List.copyOf(held);
    }
  }

  /** A balance not paid by the run. */
  public record Held(String publisherId, String currency, String balance, String reason) {}

  public Run run(Principal caller, String runId) {
    BillingService.requireAdmin(caller);
    if (!RUN_ID.matcher(runId).matches()) {
      throw ValidationException.of(
          "runId", "1 to 64 letters, digits, '.', '_' or '-', such as 2026-11");
    }
    Instant now = Sql.now(clock);
    return database.transaction(
        c -> {
          if (Sql.queryOne(c, "SELECT 1 FROM payout WHERE run_id = ?", r -> 1, runId).isPresent()) {
            throw new ConflictException("payout run " + runId + " exists; name a new run");
          }
          List<PublisherBalance> balances = new ArrayList<>();
          List<PayoutThreshold> thresholds = new ArrayList<>();
          for (LedgerStore.Balance balance :
              LedgerStore.balances(c, AccountKind.PUBLISHER_PAYABLE, null)) {
            String publisher = balance.owner();
            if (publisher == null) {
              continue;
            }
            // A credit balance is what the network owes the publisher.
            Money owed = balance.balance().negate();
            balances.add(new PublisherBalance(publisher, owed));
            thresholds.add(
                new PayoutThreshold(
                    publisher,
                    BillingService.threshold(c, publisherRow(c, publisher), owed.currency())));
          }
          PayoutPlan plan = Payouts.plan(runId, balances, thresholds);
          List<PayoutView> scheduled = new ArrayList<>();
          for (Payout payout : plan.scheduled()) {
            Sql.update(
                c,
                "INSERT INTO payout (id, run_id, publisher_id, currency, amount_minor, status,"
                    + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'scheduled', ?, ?)",
                payout.id(),
                runId,
                publisherRow(c, payout.publisherId()),
                payout.amount().currency().code(),
                payout.amount().minor(),
                now,
                now);
            LedgerStore.post(c, List.of(Books.payoutScheduled(payout, now)));
            scheduled.add(find(c, payout.id()));
          }
          List<Held> held = new ArrayList<>();
          for (PayoutPlan.Held h : plan.held()) {
            held.add(
                new Held(
                    h.publisherId(),
                    h.balance().currency().code(),
                    h.balance().toDecimalString(),
                    h.reason()));
          }
          return new Run(runId, scheduled, held);
        });
  }

  public List<PayoutView> list(
      Principal caller,
      @Nullable String runId,
      @Nullable String publisherId,
      @Nullable String status) {
    String owner = caller.isAdmin() ? publisherId : caller.owner();
    if (caller.role() == dev.levier.auth.Role.ADVERTISER) {
      throw new dev.levier.errors.ForbiddenException("payouts are the publishers'");
    }
    StringBuilder sql = new StringBuilder(SELECT + " WHERE 1 = 1");
    List<Object> params = new ArrayList<>();
    if (runId != null) {
      sql.append(" AND o.run_id = ?");
      params.add(runId);
    }
    if (owner != null) {
      sql.append(" AND p.public_id = ?");
      params.add(owner);
    }
    if (status != null) {
      sql.append(" AND o.status = ?");
      params.add(status);
    }
    sql.append(" ORDER BY o.created_at, o.id");
    return database.transaction(
        c -> Sql.query(c, sql.toString(), PayoutService::map, params.toArray()));
  }

  /** The bank file of a run: one row per payout, whatever its status now. */
  public String file(Principal caller, String runId) {
    BillingService.requireAdmin(caller);
    List<PayoutView> views = list(caller, runId, null, null);
    if (views.isEmpty()) {
      throw new NotFoundException("payout run", runId);
    }
    List<Payout> payouts = new ArrayList<>();
    for (PayoutView view : views) {
      payouts.add(payout(view));
    }
    StringWriter out = new StringWriter();
    Payouts.writeCsv(payouts, out);
    return out.toString();
  }

  /** Marks a scheduled payout sent: the money has left; the publisher's invoiced sales are paid. */
  public PayoutView sent(Principal caller, String id) {
    return move(caller, id, null);
  }

  /** Marks a scheduled payout failed: its amount goes back on the publisher's balance. */
  public PayoutView failed(Principal caller, String id, String reason) {
    return move(caller, id, reason);
  }

  private PayoutView move(Principal caller, String id, @Nullable String failure) {
    BillingService.requireAdmin(caller);
    Instant now = Sql.now(clock);
    return database.transaction(
        c -> {
          Sql.query(c, "SELECT id FROM payout WHERE id = ? FOR UPDATE", r -> 1, id);
          PayoutView current = find(c, id);
          Payout payout = payout(current);
          Payout next;
          try {
            next = failure == null ? payout.sent() : payout.failed(failure);
          } catch (IllegalStateException e) {
            throw new ConflictException(String.valueOf(e.getMessage()));
          }
          Sql.update(
              c,
              "UPDATE payout SET status = ?, failure = ?, updated_at = ? WHERE id = ?",
              next.status().toString(),
              Sql.text(failure),
              now,
              id);
          LedgerStore.post(
              c,
              List.of(
                  failure == null ? Books.payoutSent(next, now) : Books.payoutFailed(next, now)));
          if (failure == null) {
            Sql.update(
                c,
                "UPDATE commission SET status = 'paid', version = version + 1, updated_at = ?"
                    + " WHERE status = 'invoiced' AND publisher_id = ? AND locked_at <= ?",
                now,
                publisherRow(c, current.publisherId()),
                current.createdAt());
          }
          return find(c, id);
        });
  }

  private static final String SELECT =
      "SELECT o.id, o.run_id, p.public_id AS publisher_public_id, o.currency, o.amount_minor,"
          + " o.status, o.failure, o.created_at, o.updated_at FROM payout o"
          + " JOIN publisher p ON p.id = o.publisher_id";

  private static PayoutView find(Connection c, String id) throws SQLException {
    return Sql.queryOne(c, SELECT + " WHERE o.id = ?", PayoutService::map, id)
        .orElseThrow(() -> new NotFoundException("payout", id));
  }

  private static long publisherRow(Connection c, String publisherId) throws SQLException {
    return Sql.queryOne(
            c, "SELECT id FROM publisher WHERE public_id = ?", r -> r.getLong(1), publisherId)
        .orElseThrow(() -> new NotFoundException("publisher", publisherId));
  }

  private static Payout payout(PayoutView view) {
    PayoutStatus status =
        WireEnum.parse(PayoutStatus.class, view.status())
            .orElseThrow(() -> new IllegalStateException("unknown payout status " + view.status()));
    return new Payout(
        view.id(),
        view.publisherId(),
        Money.parse(view.amount(), CurrencyUnit.of(view.currency())),
        status,
        view.failure());
  }

  private static PayoutView map(ResultSet r) throws SQLException {
    CurrencyUnit currency = CurrencyUnit.of(Sql.requiredString(r, "currency"));
    return new PayoutView(
        Sql.requiredString(r, "id"),
        Sql.requiredString(r, "run_id"),
        Sql.requiredString(r, "publisher_public_id"),
        currency.code(),
        Money.ofMinor(r.getLong("amount_minor"), currency).toDecimalString(),
        Sql.requiredString(r, "status"),
        r.getString("failure"),
        Sql.requiredInstant(r, "created_at"),
        Sql.requiredInstant(r, "updated_at"));
  }
}
