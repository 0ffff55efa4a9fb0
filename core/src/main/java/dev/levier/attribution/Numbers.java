package dev.levier.attribution;

import java.math.BigDecimal;

/** Small helpers to write settings back as people typed them. */
final class Numbers {

  private Numbers() {}

  /** {@code 7.0} as {@code 7}, {@code 0.25} as {@code 0.25}. */
  static String plain(double number) {
    return BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
  }

  /** A fraction as a percentage without trailing zeros: {@code 0.4} as {@code 40}. */
  static String percent(double fraction) {
    return BigDecimal.valueOf(fraction)
        .movePointRight(2)
        .setScale(6, java.math.RoundingMode.HALF_EVEN)
        .stripTrailingZeros()
        .toPlainString();
  }

  /** Checks that three fractions are each between 0 and 1 and add up to one. */
  static void checkShares(String model, String[] names, double... shares) {
    double total = 0;
    for (int i = 0; i < shares.length; i++) {
      double share = shares[i];
      if (!(share >= 0 && share <= 1)) {
        throw new IllegalArgumentException(
            model
                + ": the "
                + names[i]
                + " share must be between 0% and 100%, not "
                + percent(share)
                + "%");
      }
      total += share;
    }
    if (Math.abs(total - 1) > 1e-9) {
      throw new IllegalArgumentException(
          model + ": the shares must add up to 100%, not " + percent(total) + "%");
    }
  }
}
