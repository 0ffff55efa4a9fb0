package dev.levier.commission;

import dev.levier.conversion.Order;
import dev.levier.conversion.OrderLine;
import dev.levier.finance.ExchangeRate;
import dev.levier.finance.MissingRateException;
import dev.levier.finance.RateTable;
import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An order in another currency than the programme's, converted so that the programme's rules can be
 * evaluated on it: the same at intake and in a simulation.
 *
 * <p>The rate is the one {@link RateTable} has in effect on the order's UTC day ({@link
 * Order#orderedAt()}). Every amount of the order is converted on its own at that one rate, by one
 * multiplication rounded half-even to the programme currency's minor unit ({@link Money#convert}):
 * the total, and on each line the unit price, the discount and any money already refunded.
 * Quantities, returned quantities and everything else stay as they are.
 *
 * <p><b>The converted lines need not add up to the converted total, nor each line to its own amount
 * converted.</b> A line's converted amount is {@code quantity × converted unit price − converted
 * discount}: each of these is rounded, so it can differ from the line's amount converted in one go
 * by up to half a minor unit per unit bought plus half for the discount, and the lines together
 * from the converted total by the sum of that. The commission is still computed on the converted
 * lines, not by spreading the converted total over them, because the rules pay line by line (a
 * percentage of a phone, a cap on electronics, a fixed amount per unit) and every part of a
 * commission shows its line's base: with the lines converted as the advertiser priced them, each
 * part can be checked against the order, line by line, from the rate stored beside the commission.
 * The converted total is what rules on the order's value read.
 *
 * <p>A converted discount above its converted line price (possible only through rounding, when the
 * discount was the whole price) is lowered to that price, and a converted refund above what is left
 * of its line likewise, so that a converted line is always a valid line.
 */
public final class OrderConversion {

  /**
   * Decimals of a rate as stored beside a commission ({@code commission.rate}). Loaded rates have
   * at most 12; an inverted rate (12 significant digits) has more when it is small, and beyond this
   * it is rounded before use, so that the rate stored is always exactly the rate used.
   */
  public static final int RATE_SCALE = 18;

  private OrderConversion() {}

  /**
   * An order converted into the programme's currency, with the rate that did it.
   *
   * @param order the order with every amount in the programme's currency
   * @param rate the rate used, from the order's currency into the programme's, and its date
   */
  public record Converted(Order order, ExchangeRate rate) {
    public Converted {
      Objects.requireNonNull(order, "order");
      Objects.requireNonNull(rate, "rate");
    }
  }

  /**
   * Converts the order into {@code target} at the rate in effect on its UTC day.
   *
   * @throws MissingRateException if the table has no rate for the pair on that day
   * @throws IllegalArgumentException if the order is already in {@code target}
   * @throws ArithmeticException if a converted amount does not fit in a {@code long} of minor units
   */
  public static Converted convert(Order order, CurrencyUnit target, RateTable rates) {
    Objects.requireNonNull(order, "order");
    Objects.requireNonNull(target, "target");
    ExchangeRate found = rates.rate(order.currency(), target, order.orderedAt());
    BigDecimal value = found.rate();
    if (value.stripTrailingZeros().scale() > RATE_SCALE) {
      value = value.setScale(RATE_SCALE, RoundingMode.HALF_EVEN);
    }
    ExchangeRate rate = new ExchangeRate(found.base(), found.quote(), value, found.date());
    List<OrderLine> lines = new ArrayList<>(order.lines().size());
    for (OrderLine line : order.lines()) {
      lines.add(line(line, rate.rate(), target));
    }
    Order converted =
        new Order(
            order.orderId(),
            order.orderedAt(),
            target,
            order.total().convert(rate.rate(), target),
            lines,
            order.cancelled());
    return new Converted(converted, rate);
  }

  /**
   * A return on an order whose commission was computed converted, seen in the programme's currency
   * so that {@link CommissionReturns} can take back its share of the commission.
   *
   * @param before the order before the return, converted at the commission's rate
   * @param amounts the money refunded now without units, by line, in the programme's currency;
   *     lines whose refund is less than a minor unit once converted are left out
   */
  public record ConvertedReturn(Order before, Map<Integer, Money> amounts) {
    public ConvertedReturn {
      Objects.requireNonNull(before, "before");
      amounts = Map.copyOf(amounts);
    }
  }

  /**
   * Converts a return (units, money refunded, or both) on an order whose commission was computed on
   * the order converted at {@code rate}, the rate stored beside the commission: the lines are
   * converted exactly as they were then, so the commission's parts and the lines agree.
   *
   * <p>Units need no conversion. Money refunded is mapped by its share of the line, not converted
   * at the rate, so that the share of the commission taken back is the share of the line the
   * customer got back: a line's refunds so far become {@code converted line amount × refunded ÷
   * line amount}, rounded half-even, and the refund now is the step between that before and after
   * the return. A line the customer kept nothing of maps to nothing kept, so returning everything
   * takes back the whole commission; the mapped refunds never pass what the returned units leave of
   * the converted line.
   *
   * @param before the order before the return, in its own currency, with its returns so far
   * @param units units returned now, by line number
   * @param amounts money refunded now, by line number, in the order's currency
   * @throws IllegalArgumentException if the return does not fit the order (it was checked on the
   *     order already, so this means the order changed under the caller)
   */
  public static ConvertedReturn forReturn(
      Order before,
      Map<Integer, Integer> units,
      Map<Integer, Money> amounts,
      BigDecimal rate,
      CurrencyUnit target) {
    Objects.requireNonNull(before, "before");
    List<OrderLine> lines = new ArrayList<>(before.lines().size());
    Map<Integer, Money> refunds = new TreeMap<>();
    for (int i = 0; i < before.lines().size(); i++) {
      int lineNo = i + 1;
      OrderLine line = before.lines().get(i);
      OrderLine converted = line(withReturns(line, 0, Money.zero(line.currency())), rate, target);
      int returnedAfter = line.returnedQuantity() + units.getOrDefault(lineNo, 0);
      Money refundNow = amounts.getOrDefault(lineNo, Money.zero(line.currency()));
      Money refundedAfter = line.returnedAmount().plus(refundNow);
      Money leftAfter = withReturns(converted, returnedAfter, Money.zero(target)).netAmount();
      Money mappedBefore =
          min(mapped(line, converted, line.returnedQuantity(), line.returnedAmount()), leftAfter);
      lines.add(withReturns(converted, line.returnedQuantity(), mappedBefore));
      if (refundNow.isPositive()) {
        Money step = mapped(line, converted, returnedAfter, refundedAfter).minus(mappedBefore);
        if (step.isPositive()) {
          refunds.put(lineNo, step);
        }
      }
    }
    Order converted =
        new Order(
            before.orderId(),
            before.orderedAt(),
            target,
            before.total().convert(rate, target),
            lines,
            before.cancelled());
    return new ConvertedReturn(converted, refunds);
  }

  /**
   * The refunds of a line so far, by their share of the line, in the converted line's currency.
   *
   * @param line the line in the order's currency
   * @param converted the line converted, without returns
   */
  private static Money mapped(OrderLine line, OrderLine converted, int returned, Money refunded) {
    Money zero = Money.zero(converted.currency());
    if (refunded.isZero()) {
      return zero;
    }
    Money left = withReturns(converted, returned, zero).netAmount();
    if (withReturns(line, returned, refunded).netAmount().isZero()) {
      return left;
    }
    // converted amount × refunded ÷ amount, rounded once, half-even, in exact arithmetic.
    BigDecimal share =
        BigDecimal.valueOf(converted.amount().minor())
            .multiply(BigDecimal.valueOf(refunded.minor()))
            .divide(BigDecimal.valueOf(line.amount().minor()), 0, RoundingMode.HALF_EVEN);
    return min(Money.ofMinor(share.longValueExact(), converted.currency()), left);
  }

  /** A line with these returns so far. */
  private static OrderLine withReturns(OrderLine line, int returned, Money refunded) {
    return new OrderLine(
        line.sku(),
        line.name(),
        line.category(),
        line.brand(),
        line.quantity(),
        line.unitPrice(),
        line.discount(),
        returned,
        refunded);
  }

  private static OrderLine line(OrderLine line, BigDecimal rate, CurrencyUnit target) {
    Money unitPrice = line.unitPrice().convert(rate, target);
    Money gross = unitPrice.times(BigDecimal.valueOf(line.quantity()));
    Money discount = min(line.discount().convert(rate, target), gross);
    Money refunded = line.returnedAmount().convert(rate, target);
    OrderLine withoutRefund =
        new OrderLine(
            line.sku(),
            line.name(),
            line.category(),
            line.brand(),
            line.quantity(),
            unitPrice,
            discount,
            line.returnedQuantity(),
            Money.zero(target));
    if (refunded.isZero()) {
      return withoutRefund;
    }
    return new OrderLine(
        line.sku(),
        line.name(),
        line.category(),
        line.brand(),
        line.quantity(),
        unitPrice,
        discount,
        line.returnedQuantity(),
        min(refunded, withoutRefund.netAmount()));
  }

  private static Money min(Money a, Money b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
