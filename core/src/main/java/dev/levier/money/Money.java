package dev.levier.money;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * An exact amount of money: a count of minor units (cents, yen, fils) of one currency.
 *
 * <p>Amounts are {@code long} minor units rather than {@code double} or a free-scale {@link
 * BigDecimal} so that every stored amount is exact, cheap to add, and already in the precision the
 * currency can actually pay out. Decimal arithmetic is used only where a result is not a whole
 * number of minor units (rates, percentages, splits), and each such operation rounds once, at line
 * level, half-even, so that rounding errors do not drift in one direction over many lines.
 *
 * <p>Amounts of different currencies are never silently mixed: adding, subtracting or comparing
 * them throws, and the only way across is {@link #convert(BigDecimal, CurrencyUnit)} with an
 * explicit rate. Arithmetic that would leave the {@code long} range throws {@link
 * ArithmeticException} instead of wrapping around.
 *
 * @param minor the amount in minor units of {@code currency}; negative for debits, refunds and
 *     reversals
 * @param currency the currency, whose exponent says how many minor units make one major unit
 */
public record Money(long minor, CurrencyUnit currency) implements Comparable<Money> {

  /** Required so that no amount exists without knowing what its minor unit is worth. */
  public Money {
    Objects.requireNonNull(currency, "currency");
  }

  /**
   * Builds an amount from minor units, the form in which amounts are stored and exchanged between
   * systems.
   */
  public static Money ofMinor(long minor, CurrencyUnit currency) {
    return new Money(minor, currency);
  }

  /** The neutral starting point of a sum, which still needs a currency to be added to. */
  public static Money zero(CurrencyUnit currency) {
    return new Money(0, currency);
  }

  /**
   * Reads a decimal amount in major units exactly, or refuses it; it never rounds, because an
   * amount a person typed that cannot be paid out exactly is a mistake to report, not to hide.
   *
   * <p>Accepted: ASCII digits, an optional leading {@code -}, and an optional {@code .} with digits
   * on both sides ({@code "12"}, {@code "12.3"}, {@code "-0.50"}, {@code "007"}). Fraction digits
   * beyond the currency's exponent are accepted only when they are zeros ({@code "12.300"} is EUR
   * 12.30), since the value is still exact. Refused: a leading {@code +} (JSON numbers and {@link
   * #toDecimalString()} never write one, so accepting it would give one value two spellings),
   * exponent notation, spaces, thousands or other group separators, a decimal comma, {@code ".5"}
   * and {@code "5."}, non-ASCII digits, and values outside the {@code long} range of minor units.
   *
   * @param decimal the amount in major units, such as {@code "12.30"}
   * @param currency the currency the amount is in
   * @throws MoneyFormatException with a reason fit for an API error body
   */
  public static Money parse(String decimal, CurrencyUnit currency) {
    Objects.requireNonNull(decimal, "decimal");
    Objects.requireNonNull(currency, "currency");
    int length = decimal.length();
    if (length == 0) {
      throw new MoneyFormatException("amount is empty");
    }
    boolean negative = decimal.charAt(0) == '-';
    int start = negative ? 1 : 0;
    int dot = -1;
    for (int i = start; i < length; i++) {
      char c = decimal.charAt(i);
      if (c == '.' && dot < 0) {
        dot = i;
      } else if (c < '0' || c > '9') {
        throw notPlainDecimal(decimal);
      }
    }
    int integerEnd = dot < 0 ? length : dot;
    if (integerEnd == start || dot == length - 1) {
      throw notPlainDecimal(decimal);
    }
    int fractionEnd = length;
    if (dot >= 0) {
      while (fractionEnd > dot + 1 && decimal.charAt(fractionEnd - 1) == '0') {
        fractionEnd--;
      }
    }
    int fractionDigits = dot < 0 ? 0 : fractionEnd - dot - 1;
    if (fractionDigits > currency.exponent()) {
      throw tooManyDecimals(decimal, fractionDigits, fractionEnd < length, currency);
    }
    // Accumulate on the negative side, which is one larger, so that Long.MIN_VALUE parses too.
    long accumulated = 0;
    try {
      for (int i = start; i < integerEnd; i++) {
        accumulated =
            Math.subtractExact(Math.multiplyExact(accumulated, 10), decimal.charAt(i) - '0');
      }
      for (int k = 0; k < currency.exponent(); k++) {
        int digit = k < fractionDigits ? decimal.charAt(dot + 1 + k) - '0' : 0;
        accumulated = Math.subtractExact(Math.multiplyExact(accumulated, 10), digit);
      }
      return new Money(negative ? accumulated : Math.negateExact(accumulated), currency);
    } catch (ArithmeticException e) {
      throw outOfRange(negative, currency);
    }
  }

  /**
   * The amount in major units with exactly the currency's number of decimals ({@code "12.30"},
   * {@code "1200"} for JPY, {@code "-0.05"}): the canonical form, which {@link #parse} reads back
   * to an equal amount.
   */
  public String toDecimalString() {
    return toBigDecimal().toPlainString();
  }

  /** The exact amount in major units, with the currency's exponent as scale. */
  public BigDecimal toBigDecimal() {
    return BigDecimal.valueOf(minor, currency.exponent());
  }

  /** Code then amount ({@code "EUR 12.30"}), readable in logs without knowing the exponent. */
  @Override
  public String toString() {
    return currency.code() + " " + toDecimalString();
  }

  /**
   * Adds an amount of the same currency; a mixed-currency sum has no meaning without a rate.
   *
   * @throws IllegalArgumentException if the currencies differ
   * @throws ArithmeticException if the sum leaves the {@code long} range
   */
  public Money plus(Money other) {
    requireSameCurrency(other, "add");
    return new Money(Math.addExact(minor, other.minor), currency);
  }

  /**
   * Subtracts an amount of the same currency; a mixed-currency difference has no meaning without a
   * rate.
   *
   * @throws IllegalArgumentException if the currencies differ
   * @throws ArithmeticException if the difference leaves the {@code long} range
   */
  public Money minus(Money other) {
    requireSameCurrency(other, "subtract");
    return new Money(Math.subtractExact(minor, other.minor), currency);
  }

  /**
   * The opposite amount, as used to reverse a booking.
   *
   * @throws ArithmeticException for the most negative amount, whose negation does not fit
   */
  public Money negate() {
    return new Money(Math.negateExact(minor), currency);
  }

  /**
   * The magnitude, with the sign dropped, as used for limits and thresholds.
   *
   * @throws ArithmeticException for the most negative amount, whose magnitude does not fit
   */
  public Money abs() {
    return new Money(Math.absExact(minor), currency);
  }

  public boolean isZero() {
    return minor == 0;
  }

  public boolean isNegative() {
    return minor < 0;
  }

  public boolean isPositive() {
    return minor > 0;
  }

  /** -1, 0 or 1, as {@link Long#signum(long)} of the minor units. */
  public int signum() {
    return Long.signum(minor);
  }

  /**
   * Multiplies by an exact decimal factor and rounds once, half-even, to whole minor units; this is
   * the line-level rounding of a commission or fee ({@code amount.times(new BigDecimal("0.06"))}
   * for 6%).
   *
   * @throws ArithmeticException if the result leaves the {@code long} range
   */
  public Money times(BigDecimal factor) {
    Objects.requireNonNull(factor, "factor");
    return new Money(roundHalfEven(BigDecimal.valueOf(minor).multiply(factor)), currency);
  }

  /**
   * Takes a percentage given as written by people ({@code 6.5} means 6.5%), rounding once,
   * half-even; it equals {@code times(percent / 100)} with no intermediate rounding.
   *
   * @throws ArithmeticException if the result leaves the {@code long} range
   */
  public Money percent(BigDecimal percent) {
    Objects.requireNonNull(percent, "percent");
    return times(percent.movePointLeft(2));
  }

  /**
   * Converts into another currency at an exact rate, rounding once, half-even, to the target's
   * minor units. The different exponents are accounted for, so JPY 1000 at 0.0062 is EUR 6.20.
   *
   * @param rate units of {@code target} per one unit of this currency, strictly positive
   * @param target the currency to convert into; may be this amount's own currency
   * @throws IllegalArgumentException if the rate is zero or negative
   * @throws ArithmeticException if the result leaves the {@code long} range
   */
  public Money convert(BigDecimal rate, CurrencyUnit target) {
    Objects.requireNonNull(rate, "rate");
    Objects.requireNonNull(target, "target");
    if (rate.signum() <= 0) {
      throw new IllegalArgumentException(
          "exchange rate must be positive, was " + rate.toPlainString());
    }
    BigDecimal exact =
        BigDecimal.valueOf(minor)
            .multiply(rate)
            .scaleByPowerOfTen(target.exponent() - currency.exponent());
    return new Money(roundHalfEven(exact), target);
  }

  /**
   * Splits this amount in proportion to whole-number weights; see {@link #allocate(List)}.
   *
   * @throws IllegalArgumentException if no weight is given, a weight is negative, or all are zero
   */
  public List<Money> allocate(long... weights) {
    Objects.requireNonNull(weights, "weights");
    List<BigDecimal> decimals = new ArrayList<>(weights.length);
    for (long weight : weights) {
      decimals.add(BigDecimal.valueOf(weight));
    }
    return allocate(decimals);
  }

  /**
   * Splits this amount in proportion to the weights so that the parts add up to it exactly, which
   * rounding each share on its own does not guarantee (EUR 1.00 in three shares would be 0.99).
   *
   * <p>Largest remainder method: each part first gets its exact share rounded toward zero, then the
   * minor units still missing go one each to the parts with the largest dropped fractions, the
   * earlier index first on a tie, so the result is deterministic. Every part therefore differs from
   * its exact share by less than one minor unit, a zero weight always gets zero, and a negative
   * amount is split as the mirror image of the positive one.
   *
   * <p>Weights are meant to be ordinary decimal numbers (counts, percentages, scores); the work
   * grows with the number of digits needed to write all of them at one common scale.
   *
   * @param weights one weight per part, zero or positive, at least one positive
   * @return one amount per weight, in the same order, summing exactly to this amount
   * @throws IllegalArgumentException if the list is empty, a weight is negative, or all are zero
   */
  public List<Money> allocate(List<BigDecimal> weights) {
    Objects.requireNonNull(weights, "weights");
    if (weights.isEmpty()) {
      throw new IllegalArgumentException("at least one weight is needed to allocate " + this);
    }
    int commonScale = 0;
    int index = 0;
    for (BigDecimal weight : weights) {
      Objects.requireNonNull(weight, "weight");
      if (weight.signum() < 0) {
        throw new IllegalArgumentException(
            "weight at index "
                + index
                + " is negative ("
                + weight.toPlainString()
                + "); weights must be zero or positive");
      }
      commonScale = Math.max(commonScale, weight.stripTrailingZeros().scale());
      index++;
    }
    // Whole-number weights at one common scale keep every share an exact fraction over one total.
    List<BigInteger> units = new ArrayList<>(weights.size());
    BigInteger weightTotal = BigInteger.ZERO;
    for (BigDecimal weight : weights) {
      BigInteger unit = weight.movePointRight(commonScale).toBigIntegerExact();
      units.add(unit);
      weightTotal = weightTotal.add(unit);
    }
    if (weightTotal.signum() == 0) {
      throw new IllegalArgumentException(
          "all weights are zero; at least one must be positive to allocate " + this);
    }
    BigInteger magnitude = BigInteger.valueOf(minor).abs();
    int parts = units.size();
    BigInteger[] shares = new BigInteger[parts];
    BigInteger[] remainders = new BigInteger[parts];
    BigInteger handedOut = BigInteger.ZERO;
    for (int i = 0; i < parts; i++) {
      BigInteger[] division = magnitude.multiply(units.get(i)).divideAndRemainder(weightTotal);
      shares[i] = division[0];
      remainders[i] = division[1];
      handedOut = handedOut.add(division[0]);
    }
    int leftover = magnitude.subtract(handedOut).intValueExact();
    List<Integer> byRemainder = new ArrayList<>(parts);
    for (int i = 0; i < parts; i++) {
      byRemainder.add(i);
    }
    byRemainder.sort(
        Comparator.comparing((Integer i) -> remainders[i])
            .reversed()
            .thenComparing(Comparator.naturalOrder()));
    for (int k = 0; k < leftover; k++) {
      int i = byRemainder.get(k);
      shares[i] = shares[i].add(BigInteger.ONE);
    }
    List<Money> result = new ArrayList<>(parts);
    for (BigInteger share : shares) {
      long part = (minor < 0 ? share.negate() : share).longValueExact();
      result.add(new Money(part, currency));
    }
    return Collections.unmodifiableList(result);
  }

  /**
   * Splits this amount into {@code parts} equal shares that add up to it exactly; the minor units
   * that do not divide evenly go to the first parts (EUR 1.00 in three is 0.34, 0.33, 0.33).
   *
   * @throws IllegalArgumentException if {@code parts} is less than one
   */
  public List<Money> split(int parts) {
    if (parts < 1) {
      throw new IllegalArgumentException(
          "cannot split " + this + " into " + parts + " parts; at least 1 is needed");
    }
    return allocate(Collections.nCopies(parts, BigDecimal.ONE));
  }

  /**
   * Orders amounts of one currency; amounts of different currencies have no order without a rate.
   *
   * @throws IllegalArgumentException if the currencies differ
   */
  @Override
  public int compareTo(Money other) {
    requireSameCurrency(other, "compare");
    return Long.compare(minor, other.minor);
  }

  private void requireSameCurrency(Money other, String operation) {
    Objects.requireNonNull(other, "other");
    if (!currency.equals(other.currency)) {
      throw new IllegalArgumentException(
          "cannot "
              + operation
              + " "
              + this
              + " and "
              + other
              + ": different currencies "
              + currency.code()
              + " and "
              + other.currency.code());
    }
  }

  /**
   * Rounds an exact result to whole minor units. Results far outside the {@code long} range, or far
   * below one half, are decided from their magnitude alone: a factor such as {@code 1E-999999999}
   * from outside must not make {@link BigDecimal#setScale} build a number with a billion digits.
   */
  private static long roundHalfEven(BigDecimal exact) {
    if (exact.signum() == 0) {
      return 0;
    }
    // Digits before the decimal point; zero or less when the magnitude is below one.
    long integerDigits = (long) exact.precision() - exact.scale();
    if (integerDigits < 0) {
      return 0; // the magnitude is below 0.1, so it rounds to zero
    }
    if (integerDigits > 19) {
      throw new ArithmeticException("result is outside the range of long minor units");
    }
    try {
      return exact.setScale(0, RoundingMode.HALF_EVEN).longValueExact();
    } catch (ArithmeticException e) {
      throw new ArithmeticException("result is outside the range of long minor units");
    }
  }

  private static MoneyFormatException notPlainDecimal(String decimal) {
    String quoted = MoneyFormatException.quote(decimal);
    String hint;
    if (decimal.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c))) {
      hint = "it contains spaces";
    } else if (decimal.startsWith("+")) {
      hint = "leave out the '+' sign";
    } else if (decimal.indexOf('e') >= 0 || decimal.indexOf('E') >= 0) {
      hint = "exponent notation is not accepted";
    } else if (decimal.indexOf(',') >= 0
        || decimal.indexOf('_') >= 0
        || decimal.indexOf('\'') >= 0) {
      hint = "use '.' as the decimal point and no thousands separators, like 1234.50";
    } else {
      hint = "expected digits with an optional leading '-' and '.', like -1234.50";
    }
    return new MoneyFormatException(quoted + " is not a plain decimal number: " + hint);
  }

  private static MoneyFormatException tooManyDecimals(
      String decimal, int fractionDigits, boolean hadTrailingZeros, CurrencyUnit currency) {
    String allowed =
        currency.exponent() == 0
            ? currency.code() + " has no decimal places"
            : currency.code() + " allows at most " + currency.exponent();
    return new MoneyFormatException(
        MoneyFormatException.quote(decimal)
            + " has "
            + fractionDigits
            + (fractionDigits == 1 ? " decimal place" : " decimal places")
            + (hadTrailingZeros ? " (not counting trailing zeros)" : "")
            + "; "
            + allowed);
  }

  private static MoneyFormatException outOfRange(boolean negative, CurrencyUnit currency) {
    if (negative) {
      return new MoneyFormatException(
          "amount is below the smallest representable value for "
              + currency.code()
              + " ("
              + new Money(Long.MIN_VALUE, currency).toDecimalString()
              + ")");
    }
    return new MoneyFormatException(
        "amount exceeds the largest representable value for "
            + currency.code()
            + " ("
            + new Money(Long.MAX_VALUE, currency).toDecimalString()
            + ")");
  }
}
