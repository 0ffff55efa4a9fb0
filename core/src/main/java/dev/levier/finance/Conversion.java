package dev.levier.finance;

import dev.levier.money.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * An amount converted into another currency, kept with the rate that did it and the date that rate
 * took effect, so that every converted amount can be explained and recomputed later from what is
 * stored beside it.
 *
 * <p>The converted amount is always {@code from.convert(rate, to.currency())}: one multiplication
 * by the exact rate, rounded once, half-even, to the minor unit of the target currency. The
 * constructor checks it, so a conversion whose amounts disagree with its own rate cannot exist.
 *
 * @param from the amount before conversion
 * @param to the converted amount
 * @param rate units of {@code to}'s currency per unit of {@code from}'s currency, above zero
 * @param rateDate the date from which the rate was in effect (for a cross rate, the older leg's)
 */
public record Conversion(Money from, Money to, BigDecimal rate, LocalDate rateDate) {

  public Conversion {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(rate, "rate");
    Objects.requireNonNull(rateDate, "rateDate");
    if (rate.signum() <= 0) {
      throw new IllegalArgumentException("rate: must be above zero, not " + rate.toPlainString());
    }
    if (from.currency().equals(to.currency()) && rate.compareTo(BigDecimal.ONE) != 0) {
      throw new IllegalArgumentException(
          "rate: converting "
              + from.currency()
              + " to itself must use rate 1, not "
              + rate.toPlainString());
    }
    Money expected = from.convert(rate, to.currency());
    if (!expected.equals(to)) {
      throw new IllegalArgumentException(
          "to: " + from + " at " + rate.toPlainString() + " is " + expected + ", not " + to);
    }
  }

  /** Converts {@code from} at {@code rate}, the way every conversion in the books is done. */
  public static Conversion of(Money from, ExchangeRate rate) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(rate, "rate");
    if (!from.currency().equals(rate.base())) {
      throw new IllegalArgumentException(
          "cannot convert " + from + " with a rate from " + rate.base() + " to " + rate.quote());
    }
    return new Conversion(from, from.convert(rate.rate(), rate.quote()), rate.rate(), rate.date());
  }

  /**
   * Converts another amount of the same currency at this very rate: a clawback or an adjustment of
   * a commission uses the rate the commission was booked at, so that taking back all of it takes
   * back exactly what was credited.
   */
  public Conversion atSameRate(Money other) {
    Objects.requireNonNull(other, "other");
    if (!other.currency().equals(from.currency())) {
      throw new IllegalArgumentException(
          "cannot convert "
              + other
              + " at a rate from "
              + from.currency()
              + " to "
              + to.currency());
    }
    return new Conversion(other, other.convert(rate, to.currency()), rate, rateDate);
  }

  /** The same conversion of the opposite amount, as a reversal books it. */
  public Conversion negate() {
    return new Conversion(from.negate(), to.negate(), rate, rateDate);
  }

  /** {@code EUR 10.00 → USD 10.82 at 1.0823 (2026-03-02)}. */
  @Override
  public String toString() {
    return from + " → " + to + " at " + rate.toPlainString() + " (" + rateDate + ")";
  }
}
