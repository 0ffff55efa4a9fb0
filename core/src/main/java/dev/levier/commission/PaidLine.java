package dev.levier.commission;

import dev.levier.conversion.OrderLine;
import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import java.math.BigInteger;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one line of a sale earned, what it was earned on, and what the customer has sent back of it
 * since: the state from which the commission to take back is computed exactly.
 *
 * <p>What is taken back is always computed from the cumulative returns, never by adding up amounts
 * rounded one return at a time, so that it does not depend on how the units came back and returning
 * everything takes back exactly what was paid (no cent lost or created):
 *
 * <ul>
 *   <li>units only: {@code paid × returnedUnits ÷ quantity}, rounded once, half-even;
 *   <li>with money refunded without units: {@code paid × (unitsValue + refunded) ÷ value}, where
 *       {@code unitsValue = value × returnedUnits ÷ quantity} rounded half-even, as {@link
 *       OrderLine} computes what the returned units are worth;
 *   <li>{@code paid} in full once the customer has kept nothing of the line.
 * </ul>
 *
 * <p>Each of these grows with every return and never passes {@code paid}, so the part of a return
 * is the difference between two cumulative values and is never negative.
 *
 * @param lineNo the line, from 1
 * @param paid what the line earned, zero or more, in the programme's currency
 * @param quantity the units the commission was paid on (those not returned when it was computed);
 *     zero only for a line that earned nothing
 * @param value what the commission was computed on: the line's amount the customer kept when it was
 *     computed, zero or more, in the programme's currency
 * @param returnedUnits units sent back since, from 0 to {@code quantity}
 * @param refunded money refunded since without units, zero or more, at most what the returned units
 *     leave of {@code value}
 */
public record PaidLine(
    int lineNo, Money paid, int quantity, Money value, int returnedUnits, Money refunded) {

  public PaidLine {
    Objects.requireNonNull(paid, "paid");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(refunded, "refunded");
    String where = "line " + lineNo;
    if (lineNo < 1) {
      throw new IllegalArgumentException("lineNo: from 1, not " + lineNo);
    }
    CurrencyUnit currency = paid.currency();
    if (!value.currency().equals(currency) || !refunded.currency().equals(currency)) {
      throw new IllegalArgumentException(
          where
              + ": paid, value and refunded must be in one currency, not "
              + paid
              + ", "
              + value
              + " and "
              + refunded);
    }
    if (paid.isNegative() || value.isNegative() || refunded.isNegative()) {
      throw new IllegalArgumentException(
          where
              + ": paid, value and refunded must not be negative, were "
              + paid
              + ", "
              + value
              + " and "
              + refunded);
    }
    if (quantity < 0 || quantity > OrderLine.MAX_QUANTITY) {
      throw new IllegalArgumentException(
          where
              + ": quantity must be between 0 and "
              + OrderLine.MAX_QUANTITY
              + ", was "
              + quantity);
    }
    if (quantity == 0 && paid.isPositive()) {
      throw new IllegalArgumentException(
          where + ": paid " + paid + " on no units; a line with nothing left earns nothing");
    }
    if (returnedUnits < 0 || returnedUnits > quantity) {
      throw new IllegalArgumentException(
          where
              + ": returned units must be between 0 and the quantity "
              + quantity
              + ", was "
              + returnedUnits);
    }
    Money left = value.minus(unitsValue(value, returnedUnits, quantity));
    if (refunded.compareTo(left) > 0) {
      throw new IllegalArgumentException(
          where + ": refunded " + refunded + " is more than the " + left + " left after returns");
    }
  }

  /**
   * The line's commission as the engine computed it, on the line as it was then.
   *
   * @param part what the line earned ({@link LineCommission#lineNo()} from 1)
   * @param line the order line the commission was computed on, before the returns to come
   * @throws IllegalArgumentException if the part is the order's own payment (line 0), or the
   *     currencies differ
   */
  public static PaidLine of(LineCommission part, OrderLine line) {
    Objects.requireNonNull(part, "part");
    Objects.requireNonNull(line, "line");
    if (!part.amount().currency().equals(line.currency())) {
      throw new IllegalArgumentException(
          "line "
              + part.lineNo()
              + ": the commission is in "
              + part.amount().currency()
              + " but the line is in "
              + line.currency()
              + "; returns are computed in the programme's currency");
    }
    return new PaidLine(
        part.lineNo(),
        part.amount(),
        line.remainingQuantity(),
        line.netAmount(),
        0,
        Money.zero(line.currency()));
  }

  /** Units the customer still has. */
  public int remainingUnits() {
    return quantity - returnedUnits;
  }

  /** What the returned units are worth of {@link #value}, rounded as {@link OrderLine} does. */
  public Money returnedValue() {
    return unitsValue(value, returnedUnits, quantity).plus(refunded);
  }

  /** Whether the customer has kept nothing of the line. */
  public boolean fullyReturned() {
    return returnedUnits == quantity
        || (refunded.isPositive() && returnedValue().compareTo(value) >= 0);
  }

  /** The commission taken back so far, from the cumulative returns; at most {@link #paid}. */
  public Money takenBack() {
    if (paid.isZero() || fullyReturned()) {
      return paid;
    }
    if (refunded.isZero()) {
      return share(paid, returnedUnits, quantity);
    }
    return share(paid, returnedValue().minor(), value.minor());
  }

  /** What the line still pays. */
  public Money left() {
    return paid.minus(takenBack());
  }

  /** This line with {@code units} more units returned. */
  PaidLine withUnits(int units) {
    return new PaidLine(lineNo, paid, quantity, value, returnedUnits + units, refunded);
  }

  /** This line with {@code amount} more refunded without units. */
  PaidLine withRefund(Money amount) {
    return new PaidLine(lineNo, paid, quantity, value, returnedUnits, refunded.plus(amount));
  }

  /** Why {@link #withUnits} would be refused, or null. */
  @Nullable String problemWithUnits(int units) {
    if (units < 1) {
      return "returned quantity must be at least 1, was " + units;
    }
    if (units > remainingUnits()) {
      return units
          + " returned of "
          + remainingUnits()
          + " remaining ("
          + quantity
          + " paid on, "
          + returnedUnits
          + " already returned)";
    }
    Money left = value.minus(unitsValue(value, returnedUnits + units, quantity));
    if (refunded.compareTo(left) > 0) {
      return "returning "
          + units
          + " more would take back more than the line was worth: "
          + refunded
          + " was already refunded without units";
    }
    return null;
  }

  /** Why {@link #withRefund} would be refused, or null. */
  @Nullable String problemWithRefund(Money amount) {
    Objects.requireNonNull(amount, "amount");
    if (!amount.currency().equals(value.currency())) {
      return "refund is in " + amount.currency() + " but the line is in " + value.currency();
    }
    if (!amount.isPositive()) {
      return "refund must be positive, was " + amount;
    }
    Money left = value.minus(returnedValue());
    if (amount.compareTo(left) > 0) {
      return amount + " refunded of " + left + " remaining";
    }
    return null;
  }

  /** {@code value × units ÷ quantity} rounded half-even, as {@link OrderLine} values units. */
  private static Money unitsValue(Money value, int units, int quantity) {
    if (units == quantity) {
      return value;
    }
    return share(value, units, quantity);
  }

  /**
   * {@code amount × numerator ÷ denominator}, rounded once, half-even, to the minor unit, in exact
   * integer arithmetic; {@code 0 ≤ numerator ≤ denominator}, so the result is between zero and the
   * amount.
   */
  static Money share(Money amount, long numerator, long denominator) {
    if (numerator == 0) {
      return Money.zero(amount.currency());
    }
    if (numerator >= denominator) {
      return amount;
    }
    BigInteger den = BigInteger.valueOf(denominator);
    BigInteger[] division =
        BigInteger.valueOf(amount.minor())
            .multiply(BigInteger.valueOf(numerator))
            .divideAndRemainder(den);
    BigInteger quotient = division[0];
    int twice = division[1].shiftLeft(1).compareTo(den);
    if (twice > 0 || (twice == 0 && quotient.testBit(0))) {
      quotient = quotient.add(BigInteger.ONE);
    }
    return Money.ofMinor(quotient.longValueExact(), amount.currency());
  }
}
