package dev.levier.commission;

import dev.levier.conversion.OrderLine;
import dev.levier.money.Money;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * How a rule's amount is computed: a percentage of what the customer paid for a line, or a fixed
 * amount per line, per unit or per order. Line bases pay on what the customer kept, so a return
 * reduces the commission by exactly its share.
 */
public sealed interface Basis {

  /** Whether the basis pays once per order (or per lead, per click) rather than per line. */
  default boolean perOrder() {
    return false;
  }

  /** What the basis pays on the line, in the line's currency. */
  Money onLine(OrderLine line);

  /** The amount the basis is computed from, on this line: the line's amount, or the fixed sum. */
  Money base(OrderLine line);

  /** The basis in plain words, such as {@code 6.5% of the line}. */
  String describe();

  /**
   * A percentage of the line's amount after discounts and returns, rounded once, half-even, to the
   * minor unit.
   *
   * @param percent from 0 (exclusive) to 100, with at most 4 decimals ({@code 6.5} is 6.5%)
   */
  record PercentOfLine(BigDecimal percent) implements Basis {
    public PercentOfLine {
      Objects.requireNonNull(percent, "percent");
      if (percent.signum() <= 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
        throw new IllegalArgumentException(
            "percent: must be above 0 and at most 100, not " + percent.toPlainString());
      }
      if (percent.stripTrailingZeros().scale() > 4) {
        throw new IllegalArgumentException(
            "percent: at most 4 decimals, not " + percent.toPlainString());
      }
      percent = percent.stripTrailingZeros();
      if (percent.scale() < 0) {
        percent = percent.setScale(0);
      }
    }

    @Override
    public Money onLine(OrderLine line) {
      return line.netAmount().percent(percent);
    }

    @Override
    public Money base(OrderLine line) {
      return line.netAmount();
    }

    @Override
    public String describe() {
      return percent.toPlainString() + "% of the line";
    }
  }

  /** A fixed amount for each line the customer kept something of. */
  record FixedPerLine(Money amount) implements Basis {
    public FixedPerLine {
      requirePositive(amount);
    }

    @Override
    public Money onLine(OrderLine line) {
      return line.netAmount().isPositive() ? amount : Money.zero(amount.currency());
    }

    @Override
    public Money base(OrderLine line) {
      return amount;
    }

    @Override
    public String describe() {
      return amount + " per line";
    }
  }

  /** A fixed amount for each unit bought and not sent back. */
  record FixedPerUnit(Money amount) implements Basis {
    public FixedPerUnit {
      requirePositive(amount);
    }

    @Override
    public Money onLine(OrderLine line) {
      return Money.ofMinor(
          Math.multiplyExact(amount.minor(), (long) line.remainingQuantity()), amount.currency());
    }

    @Override
    public Money base(OrderLine line) {
      return amount;
    }

    @Override
    public String describe() {
      return amount + " per unit";
    }
  }

  /** A fixed amount per order; for a lead or a click rule, per lead or per valid click. */
  record FixedPerOrder(Money amount) implements Basis {
    public FixedPerOrder {
      requirePositive(amount);
    }

    @Override
    public boolean perOrder() {
      return true;
    }

    @Override
    public Money onLine(OrderLine line) {
      throw new UnsupportedOperationException("an order basis pays per order, not per line");
    }

    @Override
    public Money base(OrderLine line) {
      return amount;
    }

    @Override
    public String describe() {
      return amount + " per order";
    }
  }

  private static void requirePositive(Money amount) {
    Objects.requireNonNull(amount, "amount");
    if (!amount.isPositive()) {
      throw new IllegalArgumentException("amount: must be above zero, not " + amount);
    }
  }
}
