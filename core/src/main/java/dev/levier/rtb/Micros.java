package dev.levier.rtb;

import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Prices on the bidding path are {@code long} millionths of a currency's major unit ("micros", as
 * ad servers count them): a CPM of 2.50 EUR is 2,500,000 micros, and one impression bought at that
 * CPM costs 2,500 micros. Minor units are too coarse for one impression (a 0.40 EUR CPM is 0.04
 * cents an impression), and a {@code double} would not add up exactly over a day of spend. Amounts
 * leave the bidding path as {@link Money} in minor units, rounded half-even.
 */
public final class Micros {
  /** Micros in one major unit. */
  public static final long PER_UNIT = 1_000_000L;

  private static final BigDecimal MILLION = BigDecimal.valueOf(PER_UNIT);

  private Micros() {}

  /**
   * Micros of a decimal amount in major units, such as an OpenRTB {@code price} or {@code
   * bidfloor}.
   *
   * @throws IllegalArgumentException if the amount is negative or too large
   */
  public static long of(BigDecimal amount) {
    if (amount.signum() < 0) {
      throw new IllegalArgumentException("must not be negative, not " + amount.toPlainString());
    }
    BigDecimal micros = amount.multiply(MILLION).setScale(0, RoundingMode.HALF_EVEN);
    if (micros.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 1000)) > 0) {
      throw new IllegalArgumentException("is too large: " + amount.toPlainString());
    }
    return micros.longValueExact();
  }

  /** Micros of an amount of money. */
  public static long of(Money money) {
    return of(money.toBigDecimal());
  }

  /** The decimal amount in major units, as OpenRTB writes prices: {@code 2.5}, not {@code 2.50}. */
  public static BigDecimal toDecimal(long micros) {
    BigDecimal value = BigDecimal.valueOf(micros, 6).stripTrailingZeros();
    return value.scale() < 0 ? value.setScale(0) : value;
  }

  /** Money in the currency's minor units, rounded half-even. */
  public static Money toMoney(long micros, CurrencyUnit currency) {
    BigDecimal major = BigDecimal.valueOf(micros, 6);
    long minor =
        major
            .movePointRight(currency.exponent())
            .setScale(0, RoundingMode.HALF_EVEN)
            .longValueExact();
    return Money.ofMinor(minor, currency);
  }

  /** What one impression costs at a CPM, rounded half-even to the micro. */
  public static long perImpression(long cpmMicros) {
    long whole = cpmMicros / 1000;
    long rest = cpmMicros % 1000;
    if (rest > 500 || (rest == 500 && (whole & 1) == 1)) {
      whole++;
    }
    return whole;
  }

  /** The CPM whose impressions cost the given amount each. */
  public static long cpmOf(long perImpressionMicros) {
    return Math.multiplyExact(perImpressionMicros, 1000L);
  }

  /**
   * Converts at an exact rate, half-even: the rate is units of the target per unit of the source.
   */
  public static long convert(long micros, BigDecimal rate) {
    if (rate.compareTo(BigDecimal.ONE) == 0) {
      return micros;
    }
    return BigDecimal.valueOf(micros)
        .multiply(rate)
        .setScale(0, RoundingMode.HALF_EVEN)
        .longValueExact();
  }
}
