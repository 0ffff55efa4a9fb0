package dev.levier.commission;

import dev.levier.analytics.SaleRollups;
import dev.levier.auth.Principal;
import dev.levier.conversion.Order;
import dev.levier.conversion.OrderLine;
import dev.levier.errors.ConflictException;
import dev.levier.errors.FieldError;
import dev.levier.errors.ForbiddenException;
import dev.levier.errors.NotFoundException;
import dev.levier.errors.ValidationException;
import dev.levier.finance.Clawbacks;
import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import dev.levier.network.WireEnum;
import dev.levier.storage.Database;
import dev.levier.storage.Sql;
import dev.levier.tracking.TrackingIndex;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What happens to a commission after the sale: the advertiser approves, declines or adjusts it (one
 * by one or in bulk), the validation period approves it automatically, and returns reduce, reverse
 * or claw it back. Each change locks the commission's row first, so that two changes to one
 * commission (an approval and a cancellation arriving together) take turns and the second sees what
 * the first did.
 */
public final class CommissionActions {
  private static final String LOCKED =
      "SELECT id, public_id, conversion_id, programme_id, status, decline_reason, currency,"
          + " original_minor, amount_minor, clawback_minor, parts, rule_set_number, version,"
          + " ordered_at, order_currency, rate"
          + " FROM commission";

  private final Database database;
  private final Clock clock;
  private final TrackingIndex index;
  private final CommissionService commissions;

  public CommissionActions(
      Database database, Clock clock, TrackingIndex index, CommissionService commissions) {
    this.database = database;
    this.clock = clock;
    this.index = index;
    this.commissions = commissions;
  }

  /** What can be done to a commission by hand. */
  public enum Verb {
    APPROVE,
    DECLINE,
    ADJUST;

    @Override
    public String toString() {
      return WireEnum.wireName(this);
    }
  }

  /**
   * One change asked for.
   *
   * @param reason for a decline
   * @param amount for an adjustment: what the commission pays from now on, a decimal string in the
   *     commission's currency
   * @param note free text kept in the history
   */
  public record Request(
      String id,
      Verb verb,
      @Nullable DeclineReason reason,
      @Nullable String amount,
      @Nullable String note) {}

  /** A commission row, locked for the change. */
  record Row(
      long rowId,
      String publicId,
      long conversionRow,
      long programmeRow,
      CommissionLifecycle lifecycle,
      CurrencyUnit currency,
      long original,
      long amount,
      long clawback,
      String parts,
      int ruleSetVersion,
      int version,
      Instant orderedAt,
      @Nullable String orderCurrency,
      @Nullable BigDecimal rate) {

    List<StoredCommission.Part> partList() throws SQLException {
      return CommissionStore.parts(parts, currency, ruleSetVersion);
    }
  }

  public StoredCommission apply(Principal caller, Request request, @Nullable Integer version) {
    // Refused before the lookup, so that the answer says nothing of whether the id exists.
    if (caller.role() == dev.levier.auth.Role.PUBLISHER) {
      throw new ForbiddenException("publishers do not approve, decline or adjust commissions");
    }
    Instant now = Sql.now(clock);
    database.transaction(
        c -> {
          Row row = lock(c, request.id()).orElseThrow(() -> notFound(request.id()));
          requireAdvertiser(caller, row, request.id());
          if (version != null && version != row.version()) {
            throw ConflictException.staleVersion(
                "commission", request.id(), version, row.version());
          }
          apply(c, row, request, caller.keyId(), now);
          return null;
        });
    return commissions.get(caller, request.id());
  }

  /** What a bulk change did: the commissions changed, and the rows left out when asked to. */
  public record BulkResult(int applied, List<FieldError> skipped, List<String> changed) {
    public BulkResult {
      skipped = List.copyOf(skipped);
      changed = List.copyOf(changed);
    }
  }

  /**
   * Applies many changes in one transaction. With {@code validOnly} false, one bad row refuses the
   * whole lot (the transaction is rolled back) and every problem of every row is reported by the
   * name the caller gave the row; with it true, the good rows are applied and the bad ones listed.
   *
   * @param names how each request is named in errors ({@code items[3]} or {@code rows[4]})
   * @param earlier problems found while reading the rows, already named
   */
  public BulkResult bulk(
      Principal caller,
      List<Request> requests,
      List<String> names,
      List<FieldError> earlier,
      boolean validOnly) {
    if (caller.role() == dev.levier.auth.Role.PUBLISHER) {
      throw new ForbiddenException("publishers do not approve, decline or adjust commissions");
    }
    Instant now = Sql.now(clock);
    return database.transaction(
        c -> {
          List<FieldError> problems = new ArrayList<>(earlier);
          List<String> changed = new ArrayList<>();
          for (int i = 0; i < requests.size(); i++) {
            Request request = requests.get(i);
            String name = names.get(i);
            try {
              Row row = lock(c, request.id()).orElseThrow(() -> notFound(request.id()));
              requireAdvertiser(caller, row, request.id());
              apply(c, row, request, caller.keyId(), now);
              changed.add(request.id());
            } catch (NotFoundException | ForbiddenException | ConflictException e) {
              problems.add(new FieldError(name + ".id", String.valueOf(e.getMessage())));
            } catch (ValidationException e) {
              for (FieldError error : e.errors()) {
                problems.add(new FieldError(name + "." + error.field(), error.reason()));
              }
            }
          }
          if (!problems.isEmpty() && !validOnly) {
            throw new ValidationException(problems);
          }
          return new BulkResult(changed.size(), problems, changed);
        });
  }

  /**
   * Approves the pending commissions whose validation period is over, unless their sale is held for
   * review: the advertiser had the programme's validation days to decline them. Returns how many
   * were approved.
   */
  public int autoApprove() {
    Instant now = Sql.now(clock);
    int approved = 0;
    for (TrackingIndex.ProgrammeEntry programme : index.programmes()) {
      Instant cutoff = now.minus(Duration.ofDays(programme.validationDays()));
      approved +=
          database.transaction(
              c -> {
                int count = 0;
                for (Long id :
                    Sql.query(
                        c,
                        "SELECT k.id FROM commission k JOIN conversion v ON v.id = k.conversion_id"
                            + " WHERE k.programme_id = ? AND k.status = 'pending'"
                            + " AND k.ordered_at <= ? AND v.status = 'pending'"
                            + " ORDER BY k.id",
                        r -> r.getLong(1),
                        programme.rowId(),
                        cutoff)) {
                  Optional<Row> row =
                      Sql.queryOne(
                          c, LOCKED + " WHERE id = ? FOR UPDATE", CommissionActions::map, id);
                  if (row.isPresent()
                      && row.get().lifecycle().status() == CommissionStatus.PENDING) {
                    Row r = row.get();
                    CommissionLifecycle next =
                        r.lifecycle()
                            .autoApprove(
                                now,
                                r.orderedAt().plus(Duration.ofDays(programme.validationDays())));
                    write(
                        c,
                        r,
                        next,
                        r.amount(),
                        r.clawback(),
                        "approved",
                        0,
                        null,
                        "approved automatically: the validation period of "
                            + programme.validationDays()
                            + " days is over",
                        "levier",
                        now);
                    count++;
                  }
                }
                return count;
              });
    }
    return approved;
  }

  /**
   * Takes back what a return or a cancellation removes from the conversion's commissions, in the
   * transaction that changes the order: before lock the commission is reduced (or reversed when
   * nothing is kept), after lock the amount is clawed back from the publisher's next payout.
   *
   * @param before the order before this change, returns so far included
   * @param units units returned now, by line number
   * @param amounts money refunded now, by line number
   */
  public static void onOrderChange(
      Connection c,
      long conversionRow,
      Order before,
      boolean cancel,
      Map<Integer, Integer> units,
      Map<Integer, Money> amounts,
      String actor,
      Instant now)
      throws SQLException {
    for (Row row :
        Sql.query(
            c,
            LOCKED + " WHERE conversion_id = ? ORDER BY id FOR UPDATE",
            CommissionActions::map,
            conversionRow)) {
      CommissionStatus status = row.lifecycle().status();
      if (status == CommissionStatus.DECLINED || status == CommissionStatus.REVERSED) {
        continue;
      }
      Order seen = before;
      Map<Integer, Money> refunds = amounts;
      if (!before.currency().equals(row.currency())) {
        // Computed on the order converted: the return is seen converted at the same rate.
        BigDecimal rate = row.rate();
        if (rate == null || !before.currency().code().equals(row.orderCurrency())) {
          continue;
        }
        OrderConversion.ConvertedReturn converted =
            OrderConversion.forReturn(before, units, amounts, rate, row.currency());
        seen = converted.before();
        refunds = converted.amounts();
        if (!cancel && units.isEmpty() && refunds.isEmpty()) {
          continue; // refunds below a minor unit of the programme's currency take nothing back
        }
      }
      CommissionReturns returns = returns(row, seen);
      ReturnOutcome outcome =
          cancel
              ? returns.cancel(row.lifecycle())
              : !units.isEmpty()
                  ? returns.returnUnits(row.lifecycle(), units)
                  : returns.refund(row.lifecycle(), refunds);
      if (!cancel && !units.isEmpty() && !refunds.isEmpty()) {
        outcome = merge(outcome, outcome.after().refund(outcome.lifecycle(), refunds));
      }
      long taken = Math.min(outcome.total().minor(), row.amount());
      switch (outcome.kind()) {
        case NONE -> {}
        case REDUCTION ->
            write(
                c,
                row,
                outcome.lifecycle(),
                row.amount() - taken,
                row.clawback(),
                "reduced",
                -taken,
                null,
                outcome.explanation(),
                actor,
                now);
        case REVERSAL ->
            write(
                c,
                row,
                outcome.lifecycle(),
                0,
                row.clawback(),
                "reversed",
                -row.amount(),
                outcome.lifecycle().reason(),
                outcome.explanation(),
                actor,
                now);
        case CLAWBACK -> {
          Clawbacks.book(c, row.rowId(), outcome.total().minor(), row.clawback(), now);
          write(
              c,
              row,
              outcome.lifecycle(),
              row.amount(),
              Math.addExact(row.clawback(), outcome.total().minor()),
              "clawback",
              -outcome.total().minor(),
              null,
              outcome.explanation(),
              actor,
              now);
        }
      }
    }
  }

  /** A return of units and a refund in one change: both take back, one after the other. */
  private static ReturnOutcome merge(ReturnOutcome first, ReturnOutcome second) {
    List<ReturnOutcome.Line> lines = new ArrayList<>(first.lines());
    lines.addAll(second.lines());
    ReturnOutcome.Kind kind =
        second.kind() == ReturnOutcome.Kind.NONE ? first.kind() : second.kind();
    return new ReturnOutcome(
        kind,
        first.total().plus(second.total()),
        lines,
        second.lifecycle(),
        second.after(),
        first.explanation() + " " + second.explanation());
  }

  /** The commission's paid lines, from its parts and the order's returns so far. */
  private static CommissionReturns returns(Row row, Order before) throws SQLException {
    List<PaidLine> lines = new ArrayList<>();
    Money orderPart = null;
    for (StoredCommission.Part part : row.partList()) {
      Money paid = Money.parse(part.amount(), row.currency());
      if (part.line() == 0) {
        orderPart = orderPart == null ? paid : orderPart.plus(paid);
        continue;
      }
      OrderLine line = before.line(part.line());
      lines.add(
          new PaidLine(
              part.line(),
              paid,
              line.quantity(),
              line.amount(),
              line.returnedQuantity(),
              line.returnedAmount()));
    }
    return new CommissionReturns(row.currency(), lines, orderPart, before.cancelled());
  }

  private void apply(Connection c, Row row, Request request, String actor, Instant now)
      throws SQLException {
    CommissionLifecycle from = row.lifecycle();
    try {
      switch (request.verb()) {
        case APPROVE -> {
          CommissionLifecycle next = from.approve();
          if (!next.equals(from)) {
            write(
                c,
                row,
                next,
                row.amount(),
                row.clawback(),
                "approved",
                0,
                null,
                note("approved", request.note()),
                actor,
                now);
          }
        }
        case DECLINE -> {
          DeclineReason reason = request.reason();
          if (reason == null) {
            throw ValidationException.of(
                "reason", "is required to decline: " + WireEnum.allowed(DeclineReason.class));
          }
          CommissionLifecycle next = from.decline(reason);
          if (!next.equals(from)) {
            write(
                c,
                row,
                next,
                0,
                row.clawback(),
                "declined",
                -row.amount(),
                reason,
                note("declined: " + reason.words(), request.note()),
                actor,
                now);
          }
        }
        case ADJUST -> {
          String text = request.amount();
          if (text == null) {
            throw ValidationException.of("amount", "is required to adjust");
          }
          Money amount;
          try {
            amount = Money.parse(text, row.currency());
          } catch (IllegalArgumentException e) {
            throw ValidationException.of("amount", String.valueOf(e.getMessage()));
          }
          if (amount.isNegative()) {
            throw ValidationException.of("amount", "must not be negative");
          }
          CommissionStatus status = from.status();
          if (status != CommissionStatus.PENDING && status != CommissionStatus.APPROVED) {
            throw new ConflictException(
                "commission "
                    + row.publicId()
                    + " is "
                    + status
                    + "; only pending or approved commissions are adjusted");
          }
          if (amount.minor() != row.amount()) {
            write(
                c,
                row,
                from,
                amount.minor(),
                row.clawback(),
                "adjusted",
                amount.minor() - row.amount(),
                null,
                note(
                    "adjusted from "
                        + Money.ofMinor(row.amount(), row.currency())
                        + " to "
                        + amount,
                    request.note()),
                actor,
                now);
          }
        }
      }
    } catch (IllegalTransitionException e) {
      throw new ConflictException("commission " + row.publicId() + ": " + e.getMessage());
    }
  }

  private static String note(String detail, @Nullable String note) {
    return note == null ? detail : detail + ": " + note;
  }

  private static void write(
      Connection c,
      Row row,
      CommissionLifecycle next,
      long amount,
      long clawback,
      String kind,
      long delta,
      @Nullable DeclineReason reason,
      String detail,
      String actor,
      Instant now)
      throws SQLException {
    DeclineReason kept = next.reason();
    int updated =
        Sql.update(
            c,
            "UPDATE commission SET status = ?, decline_reason = ?, amount_minor = ?,"
                + " clawback_minor = ?, version = version + 1, updated_at = ?"
                + " WHERE id = ? AND version = ?",
            next.status().toString(),
            Sql.text(kept == null ? null : kept.toString()),
            amount,
            clawback,
            now,
            row.rowId(),
            row.version());
    if (updated != 1) {
      throw new ConflictException(
          "commission " + row.publicId() + " changed meanwhile; read it again and retry");
    }
    SaleRollups.changed(c, row.programmeRow(), row.orderedAt());
    Sql.update(
        c,
        "INSERT INTO commission_event (commission_id, occurred_at, kind, delta_minor, reason,"
            + " detail, actor) VALUES (?, ?, ?, ?, ?, ?, ?)",
        row.rowId(),
        now,
        kind,
        delta,
        Sql.text(reason == null ? null : reason.toString()),
        detail,
        actor);
  }

  private void requireAdvertiser(Principal caller, Row row, String id) {
    if (caller.isAdmin()) {
      return;
    }
    TrackingIndex.ProgrammeEntry programme = index.programme(row.programmeRow());
    if (programme == null) {
      throw notFound(id);
    }
    if (caller.isAdvertiser(programme.advertiserId())) {
      return;
    }
    if (caller.role() == dev.levier.auth.Role.PUBLISHER) {
      throw new ForbiddenException("publishers do not approve, decline or adjust commissions");
    }
    throw notFound(id);
  }

  private static NotFoundException notFound(String id) {
    return new NotFoundException("commission", id);
  }

  static Optional<Row> lock(Connection c, String publicId) throws SQLException {
    return Sql.queryOne(
        c, LOCKED + " WHERE public_id = ? FOR UPDATE", CommissionActions::map, publicId);
  }

  private static Row map(ResultSet r) throws SQLException {
    String status = Sql.requiredString(r, "status");
    String reason = r.getString("decline_reason");
    CommissionStatus parsed =
        WireEnum.parse(CommissionStatus.class, status)
            .orElseThrow(() -> new SQLException("unknown commission status " + status));
    DeclineReason why =
        reason == null ? null : WireEnum.parse(DeclineReason.class, reason).orElse(null);
    return new Row(
        r.getLong("id"),
        Sql.requiredString(r, "public_id"),
        r.getLong("conversion_id"),
        r.getLong("programme_id"),
        new CommissionLifecycle(parsed, why),
        CurrencyUnit.of(Sql.requiredString(r, "currency")),
        r.getLong("original_minor"),
        r.getLong("amount_minor"),
        r.getLong("clawback_minor"),
        Sql.requiredString(r, "parts"),
        r.getInt("rule_set_number"),
        r.getInt("version"),
        Sql.requiredInstant(r, "ordered_at"),
        r.getString("order_currency"),
        r.getBigDecimal("rate"));
  }
}
