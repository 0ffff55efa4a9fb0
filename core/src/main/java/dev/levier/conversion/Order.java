package dev.levier.conversion;

import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * An order as the advertiser reported it, with what has since been returned or cancelled.
 *
 * <p><b>The total and the lines are not required to agree.</b> Advertisers put different things in
 * the total: shipping, tax, gift wrapping, order-level vouchers, gift cards. Refusing an order
 * whose lines do not add up to its total would refuse real sales over bookkeeping the network
 * cannot check, so the total is only required to be zero or more. Which of the two a commission is
 * paid on is the commission rule's choice: {@link #total()} as reported, or {@link
 * #netLinesAmount()} when only merchandise should count.
 *
 * <p>Lines are numbered from 1 in the order given ({@code lines().get(0)} is line 1); returns name
 * lines by these numbers. The total is what was reported at the time of the order and is not
 * changed by returns; returns change the lines' net amounts.
 *
 * <p>Returns and cancellation give a new order and leave this one as it was. A change that names
 * several lines is checked in full before anything is applied, so it is applied to every line or to
 * none.
 *
 * @param orderId the advertiser's order ID, 1 to {@value #MAX_ORDER_ID_LENGTH} printable characters
 *     without white space at either end; unique per advertiser
 * @param orderedAt when the customer placed the order
 * @param currency the currency of the total and of every line
 * @param total the order total as reported, zero or more
 * @param lines 0 to {@value #MAX_LINES} lines, all in {@code currency}; an order sent without line
 *     items has none
 * @param cancelled whether the whole order was cancelled; a cancelled order takes no more returns
 */
public record Order(
    String orderId,
    Instant orderedAt,
    CurrencyUnit currency,
    Money total,
    List<OrderLine> lines,
    boolean cancelled) {

  public static final int MAX_ORDER_ID_LENGTH = 100;

  /** Checks an order id on its own, so that intake can name the field at fault. */
  public static String requireOrderId(String orderId) {
    return Text.requireId("order id", orderId, MAX_ORDER_ID_LENGTH);
  }

  /** Larger baskets exist only in B2B, which reports them as several orders. */
  public static final int MAX_LINES = 500;

  /**
   * Checks every rule however the order was built.
   *
   * @throws IllegalArgumentException with a reason fit for an API error body, naming the line when
   *     a line is at fault
   * @throws ArithmeticException if the lines' amounts add up to more than a {@code long} of minor
   *     units holds
   */
  public Order {
    Text.requireId("order id", orderId, MAX_ORDER_ID_LENGTH);
    Objects.requireNonNull(orderedAt, "orderedAt");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(total, "total");
    lines = List.copyOf(lines);
    if (!total.currency().equals(currency)) {
      throw new IllegalArgumentException(
          "total is in " + total.currency() + " but the order is in " + currency);
    }
    if (total.isNegative()) {
      throw new IllegalArgumentException("total must not be negative, was " + total);
    }
    if (lines.size() > MAX_LINES) {
      throw new IllegalArgumentException(
          "an order has at most " + MAX_LINES + " lines, this one has " + lines.size());
    }
    long sum = 0;
    for (int i = 0; i < lines.size(); i++) {
      OrderLine line = lines.get(i);
      if (!line.currency().equals(currency)) {
        throw new IllegalArgumentException(
            "line " + (i + 1) + " is in " + line.currency() + " but the order is in " + currency);
      }
      try {
        sum = Math.addExact(sum, line.amount().minor());
      } catch (ArithmeticException e) {
        throw new ArithmeticException(
            "the lines add up to more than can be represented in " + currency);
      }
    }
  }

  /**
   * A new, not cancelled order in the currency of its total.
   *
   * @throws IllegalArgumentException with a reason fit for an API error body
   * @throws ArithmeticException if the lines' amounts add up to more than a {@code long} holds
   */
  public static Order of(String orderId, Instant orderedAt, Money total, List<OrderLine> lines) {
    return new Order(orderId, orderedAt, total.currency(), total, lines, false);
  }

  /**
   * The line with this number, counted from 1.
   *
   * @throws IllegalArgumentException if there is no such line
   */
  public OrderLine line(int lineNo) {
    String problem = problemWithLineNo(lineNo);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return lines.get(lineNo - 1);
  }

  /**
   * What the customer paid for the lines, before returns: the sum of {@link OrderLine#amount()}.
   */
  public Money linesAmount() {
    Money sum = Money.zero(currency);
    for (OrderLine line : lines) {
      sum = sum.plus(line.amount());
    }
    return sum;
  }

  /**
   * What the customer kept paying for after returns: the sum of {@link OrderLine#netAmount()},
   * between zero and {@link #linesAmount()}. A cancellation does not change it; whether a cancelled
   * order pays anything is decided from {@link #cancelled()}.
   */
  public Money netLinesAmount() {
    Money sum = Money.zero(currency);
    for (OrderLine line : lines) {
      sum = sum.plus(line.netAmount());
    }
    return sum;
  }

  /**
   * This order, cancelled as a whole. Cancelling a cancelled order gives it back unchanged, since
   * advertisers resend cancellations and a replay must not fail. Returns recorded before the
   * cancellation stay on the lines, so the history reads as it happened.
   */
  public Order cancel() {
    return cancelled ? this : new Order(orderId, orderedAt, currency, total, lines, true);
  }

  /**
   * This order with units returned on some lines.
   *
   * @param quantitiesByLineNo units coming back now, by line number (from 1); each at least 1 and
   *     at most what is left on that line
   * @throws IllegalArgumentException if the order is cancelled, the map is empty, or any entry
   *     names a line that does not exist or returns more than is left; the message lists every
   *     problem, each starting with its line ({@code line 3: 2 returned of 1 remaining (...)}), and
   *     nothing is applied
   */
  public Order returnLines(Map<Integer, Integer> quantitiesByLineNo) {
    return applyReturns(
        quantitiesByLineNo, OrderLine::problemWithReturn, OrderLine::withReturn, "units");
  }

  /**
   * This order with money refunded on some lines, without units coming back (a partial refund for a
   * damaged item, a price adjustment).
   *
   * @param amountsByLineNo money given back now, by line number (from 1); each positive, in the
   *     order's currency, and at most the line's {@link OrderLine#netAmount()}
   * @throws IllegalArgumentException if the order is cancelled, the map is empty, or any entry
   *     names a line that does not exist or returns more than is left; the message lists every
   *     problem, each starting with its line ({@code line 2: EUR 30.00 returned of EUR 20.00
   *     remaining}), and nothing is applied
   */
  public Order returnAmounts(Map<Integer, Money> amountsByLineNo) {
    return applyReturns(
        amountsByLineNo,
        OrderLine::problemWithReturnedAmount,
        OrderLine::withReturnedAmount,
        "money");
  }

  private <T> Order applyReturns(
      Map<Integer, T> byLineNo,
      BiFunction<OrderLine, T, @Nullable String> problem,
      BiFunction<OrderLine, T, OrderLine> apply,
      String what) {
    Objects.requireNonNull(byLineNo, "byLineNo");
    if (cancelled) {
      throw new IllegalArgumentException(
          "order " + orderId + " is cancelled; nothing more can be returned");
    }
    if (byLineNo.isEmpty()) {
      throw new IllegalArgumentException("no line was given to return " + what + " on");
    }
    // In line order, so that the message is the same whatever the map's iteration order.
    TreeMap<Integer, T> sorted = new TreeMap<>(byLineNo);
    List<String> problems = new ArrayList<>();
    for (Map.Entry<Integer, T> entry : sorted.entrySet()) {
      int lineNo = entry.getKey();
      String lineProblem = problemWithLineNo(lineNo);
      if (lineProblem == null) {
        lineProblem = problem.apply(lines.get(lineNo - 1), entry.getValue());
        if (lineProblem != null) {
          lineProblem = "line " + lineNo + ": " + lineProblem;
        }
      }
      if (lineProblem != null) {
        problems.add(lineProblem);
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    List<OrderLine> changed = new ArrayList<>(lines);
    for (Map.Entry<Integer, T> entry : sorted.entrySet()) {
      int index = entry.getKey() - 1;
      changed.set(index, apply.apply(changed.get(index), entry.getValue()));
    }
    return new Order(orderId, orderedAt, currency, total, changed, cancelled);
  }

  private @Nullable String problemWithLineNo(int lineNo) {
    if (lineNo >= 1 && lineNo <= lines.size()) {
      return null;
    }
    return switch (lines.size()) {
      case 0 -> "line " + lineNo + ": the order has no lines";
      case 1 -> "line " + lineNo + ": the order has only line 1";
      default -> "line " + lineNo + ": the order has lines 1 to " + lines.size();
    };
  }
}
