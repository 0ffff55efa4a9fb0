package dev.levier.analytics;

import java.util.Arrays;

/**
 * Generalised hypergeometric series {@code pFq} with {@code p = q + 1}, such as Gauss's {@code
 * 2F1}, for real arguments inside the unit disc.
 *
 * <p>The series is {@code sum over n >= 0 of prod (a_i)_n / prod (b_j)_n * z^n / n!}, where {@code
 * (c)_n = c (c+1) ... (c+n-1)} is the rising factorial. With one more upper than lower parameter
 * the ratio of successive terms tends to {@code z}, so the series converges for {@code |z| < 1} and
 * diverges beyond; this class accepts exactly that domain, and refuses lower parameters that are
 * zero or negative integers (a term would divide by zero). An upper parameter that is zero or a
 * negative integer ends the series (a polynomial).
 *
 * <p>Near {@code |z| = 1} the terms shrink like {@code |z|^n}, so the number of terms grows like
 * {@code 1 / (1 - |z|)}: about 3,200 terms for {@code z = 0.99} and 31,000 for {@code 0.999} at
 * full precision, which is still fast. The sum stops when the tail, bounded by a geometric series
 * once the term ratio is below one, is under a relative {@code 1e-16}; a series that has not
 * stopped after {@value #MAX_TERMS} terms is reported as an {@link ArithmeticException} rather than
 * returned inexact.
 */
final class Hypergeometric {

  /** Terms summed at most; reached only for {@code |z|} within about {@code 1e-6} of 1. */
  static final int MAX_TERMS = 10_000_000;

  private static final double EPSILON = 1e-16;

  private Hypergeometric() {}

  /** Gauss's hypergeometric function {@code 2F1(a, b; c; z)} for {@code |z| < 1}. */
  static double f21(double a, double b, double c, double z) {
    return series(new double[] {a, b}, new double[] {c}, z);
  }

  /**
   * {@code (q+1)Fq(upper; lower; z)} for {@code |z| < 1}, with {@code upper.length == lower.length
   * + 1}.
   *
   * @throws IllegalArgumentException outside the domain described on the class
   * @throws ArithmeticException if the series has not converged after {@value #MAX_TERMS} terms
   */
  static double series(double[] upper, double[] lower, double z) {
    if (upper.length != lower.length + 1) {
      throw new IllegalArgumentException(
          "expected one more upper than lower parameter, got "
              + upper.length
              + " and "
              + lower.length);
    }
    if (!(Math.abs(z) < 1)) {
      throw new IllegalArgumentException("the series converges only for |z| < 1, not z = " + z);
    }
    for (double c : upper) {
      if (!Double.isFinite(c)) {
        throw new IllegalArgumentException("parameters must be finite: " + Arrays.toString(upper));
      }
    }
    for (double c : lower) {
      if (!Double.isFinite(c) || (c <= 0 && c == Math.rint(c))) {
        throw new IllegalArgumentException(
            "lower parameters must be finite and not zero or a negative integer: "
                + Arrays.toString(lower));
      }
    }
    double settled = 1 + maxMagnitude(upper, lower);
    double sum = 1;
    double term = 1;
    for (int n = 0; n < MAX_TERMS; n++) {
      double ratio = z / (n + 1);
      for (double a : upper) {
        ratio *= a + n;
      }
      for (double b : lower) {
        ratio /= b + n;
      }
      term *= ratio;
      sum += term;
      if (term == 0) {
        return sum; // an upper parameter reached zero: the series was a polynomial
      }
      // Once n passes every parameter, the term ratio moves monotonically towards |z| < 1, so
      // the tail after this term is at most term * m / (1 - m), m the larger of the two.
      double m = Math.max(Math.abs(ratio), Math.abs(z));
      if (n > settled && m < 1 && Math.abs(term) * m / (1 - m) <= EPSILON * Math.abs(sum)) {
        return sum;
      }
    }
    throw new ArithmeticException(
        "the hypergeometric series did not converge in " + MAX_TERMS + " terms at z = " + z);
  }

  private static double maxMagnitude(double[] upper, double[] lower) {
    double max = 0;
    for (double c : upper) {
      max = Math.max(max, Math.abs(c));
    }
    for (double c : lower) {
      max = Math.max(max, Math.abs(c));
    }
    return max;
  }
}
