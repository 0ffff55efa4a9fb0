package dev.levier.commission;

import dev.levier.conversion.OrderLine;
import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * A sale's commission with what its customer has returned since: the pure calculation of what a
 * return or a cancellation takes back of the commission, line by line, to the minor unit.
 *
 * <p>A return names lines and units, like {@link dev.levier.conversion.Order#returnLines}: each
 * line gives back its commission in proportion to the units returned, computed from the cumulative
 * returns ({@link PaidLine}), so that returning 3 units of 5 and then the other 2 takes back
 * exactly what was paid, and no return ever takes back more than the line earned. A refund without
 * units gives back in proportion to the money refunded. The order's own payment (a fixed amount per
 * order, line 0) is kept while the customer keeps anything, and taken back once nothing is kept or
 * the order is cancelled.
 *
 * <p>How the amount is booked depends on the commission's status when the return arrives: before
 * lock the commission is reduced, or reversed when nothing is left; after lock its amount is final
 * and the amount is clawed back from the publisher's next payout ({@link ReturnOutcome.Kind}). A
 * declined or reversed commission earns nothing, so nothing is taken back.
 *
 * <p>Every method returns a new value; {@link ReturnOutcome#after()} is the state to keep for the
 * next return. A return that names several lines is checked in full first, and refused as a whole,
 * with every problem listed, if any line is wrong.
 *
 * @param currency the programme's currency, in which every amount is
 * @param lines the lines that earned (or could have earned), each line number once
 * @param orderPart what the order earned on its own (a fixed amount per order), or null
 * @param cancelled whether the whole order was cancelled; a cancelled order takes no more returns
 */
public record CommissionReturns(
    CurrencyUnit currency, List<PaidLine> lines, @Nullable Money orderPart, boolean cancelled) {

  public CommissionReturns {
    Objects.requireNonNull(currency, "currency");
    lines = List.copyOf(lines);
    Set<Integer> seen = new HashSet<>();
    for (PaidLine line : lines) {
      if (!seen.add(line.lineNo())) {
        throw new IllegalArgumentException("lines: line " + line.lineNo() + " is given twice");
      }
      if (!line.paid().currency().equals(currency)) {
        throw new IllegalArgumentException(
            "lines: line "
                + line.lineNo()
                + " is in "
                + line.paid().currency()
                + ", not the programme's currency "
                + currency);
      }
    }
    if (orderPart != null && (!orderPart.currency().equals(currency) || orderPart.isNegative())) {
      throw new IllegalArgumentException(
          "orderPart: must be zero or more in " + currency + ", not " + orderPart);
    }
  }

  /** A commission with nothing returned yet. */
  public static CommissionReturns of(
      CurrencyUnit currency, List<PaidLine> lines, @Nullable Money orderPart) {
    return new CommissionReturns(currency, lines, orderPart, false);
  }

  /**
   * A sale's commission as the engine computed it, on the order lines as they were then.
   *
   * @param sale the commission, one part per line and perhaps one for the order (line 0)
   * @param lines the order's lines when the commission was computed, line 1 first
   * @throws IllegalArgumentException if a part names a line that is not given
   */
  public static CommissionReturns of(SaleCommission sale, List<OrderLine> lines) {
    Objects.requireNonNull(sale, "sale");
    Objects.requireNonNull(lines, "lines");
    List<PaidLine> paid = new ArrayList<>(sale.parts().size());
    Money orderPart = null;
    for (LineCommission part : sale.parts()) {
      if (part.lineNo() == 0) {
        orderPart = orderPart == null ? part.amount() : orderPart.plus(part.amount());
      } else if (part.lineNo() > lines.size()) {
        throw new IllegalArgumentException(
            "the commission has a part for line "
                + part.lineNo()
                + ", but the order has "
                + lines.size()
                + " lines");
      } else {
        paid.add(PaidLine.of(part, lines.get(part.lineNo() - 1)));
      }
    }
    return new CommissionReturns(sale.total().currency(), paid, orderPart, false);
  }

  /** What the commission paid before any return. */
  public Money paid() {
    Money sum = orderPart == null ? Money.zero(currency) : orderPart;
    for (PaidLine line : lines) {
      sum = sum.plus(line.paid());
    }
    return sum;
  }

  /** What the returns so far have taken back, in all. */
  public Money takenBack() {
    Money sum = orderPartTaken() && orderPart != null ? orderPart : Money.zero(currency);
    for (PaidLine line : lines) {
      sum = sum.plus(takenBack(line));
    }
    return sum;
  }

  /** What the returns so far have taken back of one line: all of it once the order is cancelled. */
  private Money takenBack(PaidLine line) {
    return cancelled ? line.paid() : line.takenBack();
  }

  /** What the commission still pays. */
  public Money left() {
    return paid().minus(takenBack());
  }

  /** Whether the customer kept nothing: the order was cancelled or every line fully returned. */
  public boolean nothingKept() {
    return cancelled || (!lines.isEmpty() && lines.stream().allMatch(PaidLine::fullyReturned));
  }

  /**
   * Units sent back on some lines.
   *
   * @param status the commission's lifecycle when the return arrives
   * @param unitsByLineNo units coming back now, by line number; each at least 1 and at most what is
   *     left on the line
   * @throws IllegalArgumentException if the order is cancelled, nothing is named, or any entry is
   *     wrong; the message lists every problem by line and nothing is applied
   */
  public ReturnOutcome returnUnits(
      CommissionLifecycle status, Map<Integer, Integer> unitsByLineNo) {
    return change(
        status,
        unitsByLineNo,
        PaidLine::problemWithUnits,
        PaidLine::withUnits,
        (line, units) ->
            units
                + (units == 1 ? " unit" : " units")
                + " returned ("
                + line.returnedUnits()
                + " of "
                + line.quantity()
                + " in all)",
        "units");
  }

  /**
   * Money refunded on some lines without units coming back (a damaged item, a price adjustment).
   *
   * @param status the commission's lifecycle when the refund arrives
   * @param amountsByLineNo money refunded now, by line number; each positive and at most what the
   *     customer still has of the line
   * @throws IllegalArgumentException if the order is cancelled, nothing is named, or any entry is
   *     wrong; the message lists every problem by line and nothing is applied
   */
  public ReturnOutcome refund(CommissionLifecycle status, Map<Integer, Money> amountsByLineNo) {
    return change(
        status,
        amountsByLineNo,
        PaidLine::problemWithRefund,
        PaidLine::withRefund,
        (line, amount) ->
            amount
                + " refunded without units ("
                + line.refunded()
                + " of "
                + line.value()
                + " in all)",
        "money");
  }

  /**
   * The whole order cancelled: everything still paid is taken back. Cancelling again takes back
   * nothing more and does not fail, since advertisers resend cancellations.
   *
   * @param status the commission's lifecycle when the cancellation arrives
   */
  public ReturnOutcome cancel(CommissionLifecycle status) {
    Objects.requireNonNull(status, "status");
    if (cancelled) {
      return new ReturnOutcome(
          ReturnOutcome.Kind.NONE,
          Money.zero(currency),
          List.of(),
          status,
          this,
          "Nothing taken back: the order was already cancelled.");
    }
    CommissionReturns after = new CommissionReturns(currency, lines, orderPart, true);
    Map<Integer, String> causes = new TreeMap<>();
    for (PaidLine line : lines) {
      if (!line.fullyReturned()) {
        causes.put(line.lineNo(), "the order was cancelled");
      }
    }
    return outcome(status, after, causes);
  }

  private <T> ReturnOutcome change(
      CommissionLifecycle status,
      Map<Integer, T> byLineNo,
      BiFunction<PaidLine, T, @Nullable String> problem,
      BiFunction<PaidLine, T, PaidLine> apply,
      BiFunction<PaidLine, T, String> cause,
      String what) {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(byLineNo, "byLineNo");
    if (cancelled) {
      throw new IllegalArgumentException("the order is cancelled; nothing more can be returned");
    }
    if (byLineNo.isEmpty()) {
      throw new IllegalArgumentException("no line was given to return " + what + " on");
    }
    TreeMap<Integer, T> sorted = new TreeMap<>(byLineNo);
    List<String> problems = new ArrayList<>();
    for (Map.Entry<Integer, T> entry : sorted.entrySet()) {
      int index = indexOf(entry.getKey());
      String lineProblem =
          index < 0
              ? "the commission has no line " + entry.getKey()
              : problem.apply(lines.get(index), Objects.requireNonNull(entry.getValue()));
      if (lineProblem != null) {
        problems.add("line " + entry.getKey() + ": " + lineProblem);
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    List<PaidLine> changed = new ArrayList<>(lines);
    Map<Integer, String> causes = new TreeMap<>();
    for (Map.Entry<Integer, T> entry : sorted.entrySet()) {
      int index = indexOf(entry.getKey());
      PaidLine line = apply.apply(changed.get(index), entry.getValue());
      changed.set(index, line);
      causes.put(line.lineNo(), cause.apply(line, entry.getValue()));
    }
    return outcome(status, new CommissionReturns(currency, changed, orderPart, false), causes);
  }

  private ReturnOutcome outcome(
      CommissionLifecycle status, CommissionReturns after, Map<Integer, String> causes) {
    Money zero = Money.zero(currency);
    if (!status.status().earns()) {
      return new ReturnOutcome(
          ReturnOutcome.Kind.NONE,
          zero,
          List.of(),
          status,
          after,
          "Nothing taken back: the commission is " + status.describe() + " and earns nothing.");
    }
    List<ReturnOutcome.Line> parts = new ArrayList<>();
    Money total = zero;
    for (PaidLine line : after.lines()) {
      String cause = causes.get(line.lineNo());
      if (cause == null) {
        continue;
      }
      Money takenBack = after.takenBack(line);
      Money amount = takenBack.minus(takenBack(lines.get(indexOf(line.lineNo()))));
      total = total.plus(amount);
      parts.add(
          new ReturnOutcome.Line(
              line.lineNo(),
              amount,
              takenBack,
              line.paid().minus(takenBack),
              "Line "
                  + line.lineNo()
                  + ": "
                  + cause
                  + ": "
                  + amount
                  + " taken back; "
                  + soFar(takenBack, line.paid())
                  + "."));
    }
    if (orderPart != null && after.orderPartTaken() && !orderPartTaken()) {
      total = total.plus(orderPart);
      parts.add(
          new ReturnOutcome.Line(
              0,
              orderPart,
              orderPart,
              zero,
              "The order's own "
                  + orderPart
                  + " is taken back: "
                  + (after.cancelled() ? "the order was cancelled." : "nothing of it was kept.")));
    }
    Money left = after.left();
    if (status.status().isLocked()) {
      if (total.isZero()) {
        return none(status, after, parts);
      }
      return new ReturnOutcome(
          ReturnOutcome.Kind.CLAWBACK,
          total,
          parts,
          status,
          after,
          "Clawback of "
              + total
              + " from the publisher's next payout: the commission is "
              + status.describe()
              + ", so its amount is final and the return is booked on its own.");
    }
    if (after.nothingKept()) {
      DeclineReason why = after.cancelled() ? DeclineReason.CANCELLED : DeclineReason.RETURNED;
      return new ReturnOutcome(
          ReturnOutcome.Kind.REVERSAL,
          total,
          parts,
          status.reverse(why),
          after,
          "Reversal before lock: "
              + (after.cancelled() ? "the order was cancelled" : "everything was returned")
              + ", so the "
              + status.describe()
              + " commission of "
              + paid()
              + " is reversed; "
              + total
              + " is taken back now.");
    }
    if (total.isZero()) {
      return none(status, after, parts);
    }
    return new ReturnOutcome(
        ReturnOutcome.Kind.REDUCTION,
        total,
        parts,
        status,
        after,
        "Reduction before lock: the "
            + status.describe()
            + " commission pays "
            + total
            + " less, "
            + left
            + " of "
            + paid()
            + " now.");
  }

  private static ReturnOutcome none(
      CommissionLifecycle status, CommissionReturns after, List<ReturnOutcome.Line> parts) {
    return new ReturnOutcome(
        ReturnOutcome.Kind.NONE,
        Money.zero(after.currency()),
        parts,
        status,
        after,
        "Nothing taken back: what was returned earned nothing.");
  }

  private static String soFar(Money takenBack, Money paid) {
    Money left = paid.minus(takenBack);
    return takenBack
        + " of "
        + paid
        + " in all, "
        + (left.isZero() ? "nothing" : left.toString())
        + " left";
  }

  private boolean orderPartTaken() {
    return nothingKept();
  }

  private int indexOf(int lineNo) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).lineNo() == lineNo) {
        return i;
      }
    }
    return -1;
  }
}
