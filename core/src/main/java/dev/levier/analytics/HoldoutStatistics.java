package dev.levier.analytics;

import org.apache.commons.math3.special.Erf;

/**
 * The numerics behind {@link HoldoutResult}: interval and test formulas on the four counts of a
 * {@link HoldoutCounts}, the treated group playing the part of group 1 and the holdout of group 0.
 *
 * <p>The methods and their sources are those recommended by Fagerland, Lydersen and Laake,
 * "Recommended confidence intervals for two independent binomial proportions", Statistical Methods
 * in Medical Research 24(2), 2015, 224–254, and their book Statistical Analysis of Contingency
 * Tables (CRC, 2017), chapter 4, whose worked examples the tests reproduce.
 */
final class HoldoutStatistics {

  private static final double SQRT2 = Math.sqrt(2);

  /**
   * R's {@code fisher.test} counts a table as "as extreme" when its probability is within this
   * relative tolerance of the observed one, so that tables of equal probability are not split by
   * rounding; the same is done here to give the same p-values.
   */
  private static final double FISHER_RELATIVE_TOLERANCE = 1e-7;

  /** Below this, {@code exp} underflows to zero: terms further out add nothing to a sum. */
  private static final double LOG_UNDERFLOW = -746;

  /** Bisection steps for the score interval: enough for full double precision on log θ. */
  private static final int BISECTIONS = 200;

  /**
   * Doublings or halvings of θ while bracketing a bound; beyond 2^±1000 the bound is taken as 0 or
   * ∞.
   */
  private static final int BRACKET_STEPS = 1000;

  private HoldoutStatistics() {}

  /**
   * The standard normal quantile for a two-sided interval of the given level, e.g. 1.645 for 0.90.
   */
  static double twoSidedQuantile(double confidenceLevel) {
    return SQRT2 * Erf.erfInv(confidenceLevel);
  }

  /** The upper quantile of the standard normal for a one-sided probability p, Φ⁻¹(1 − p). */
  static double upperQuantile(double p) {
    return SQRT2 * Erf.erfInv(1 - 2 * p);
  }

  /** The standard normal distribution function Φ(x), accurate in both tails. */
  static double normalCdf(double x) {
    return 0.5 * Erf.erfc(-x / SQRT2);
  }

  /**
   * The Wilson score interval for one proportion (Wilson 1927), {@code {lower, upper}}. Unlike the
   * Wald interval it stays inside [0, 1] and is not empty at 0 or n successes.
   */
  static double[] wilson(long successes, long trials, double z) {
    double x = successes;
    double n = trials;
    double z2 = z * z;
    double centre = (x + z2 / 2) / (n + z2);
    double half = z * Math.sqrt(x * (n - x) / n + z2 / 4) / (n + z2);
    double lower = successes == 0 ? 0 : Math.max(0, centre - half);
    double upper = successes == trials ? 1 : Math.min(1, centre + half);
    return new double[] {lower, upper};
  }

  /**
   * Newcombe's hybrid score interval for the difference of two proportions, treated minus holdout
   * (Newcombe, "Interval estimation for the difference between independent proportions: comparison
   * of eleven methods", Statistics in Medicine 17, 1998, 873–890, method 10). Each rate gets its
   * Wilson interval and the two are combined by the "square and add" rule. It is closed-form, keeps
   * within [−1, 1], behaves at zero counts, and is one of the two intervals Fagerland et al. (2015)
   * recommend for the difference at every sample size.
   */
  static HoldoutInterval newcombeDifference(HoldoutCounts c, double z) {
    double p1 = c.treatedRate();
    double p0 = c.holdoutRate();
    double[] w1 = wilson(c.treatedConversions(), c.treatedVisitors(), z);
    double[] w0 = wilson(c.holdoutConversions(), c.holdoutVisitors(), z);
    double d = p1 - p0;
    double lower = d - Math.hypot(p1 - w1[0], w0[1] - p0);
    double upper = d + Math.hypot(w1[1] - p1, p0 - w0[0]);
    return new HoldoutInterval(d, Math.max(-1, lower), Math.min(1, upper));
  }

  /**
   * Koopman's score statistic for the hypothesis treatedRate = θ · holdoutRate (Koopman,
   * "Confidence limits for the ratio of two binomial proportions", Biometrics 40, 1984, 513–517),
   * in the form of Miettinen and Nurminen (Statistics in Medicine 4, 1985, 213–226) without their
   * variance correction N/(N−1):
   *
   * <pre>T(θ) = (p̂₁ − θ p̂₀)² / (p̃₁(1 − p̃₁)/n₁ + θ² p̃₀(1 − p̃₀)/n₀)</pre>
   *
   * where p̃₀ and p̃₁ = θ p̃₀ are the maximum likelihood estimates under the hypothesis, the
   * smaller root of N θ p² − (n₁θ + x₁ + n₀ + x₀θ) p + (x₁ + x₀) = 0. At θ = 1 it is Pearson's
   * chi-squared statistic, so the interval excludes a lift of zero exactly when the pooled z-test
   * rejects.
   */
  static double koopmanStatistic(HoldoutCounts c, double theta) {
    double n1 = c.treatedVisitors();
    double x1 = c.treatedConversions();
    double n0 = c.holdoutVisitors();
    double x0 = c.holdoutConversions();
    double numerator = x1 / n1 - theta * (x0 / n0);
    if (numerator == 0) {
      return 0;
    }
    // The quadratic's coefficients are a = Nθ, b = −(n₁θ + x₁ + n₀ + x₀θ), c = x₁ + x₀. Its
    // discriminant b² − 4ac is rewritten as a sum of two non-negative terms, (θ(n₁ + x₀) − (x₁ +
    // n₀))² + 4θ(n₁ − x₁)(n₀ − x₀): computed as written, b² and 4ac are close for large
    // counts and their difference loses most of its digits.
    double minusB = n1 * theta + x1 + n0 + x0 * theta;
    double constant = x1 + x0;
    double gap = theta * (n1 + x0) - (x1 + n0);
    double discriminant = gap * gap + 4 * theta * (n1 - x1) * (n0 - x0);
    // The smaller root, written so that no two large numbers are subtracted.
    double restricted0 = Math.min(1, 2 * constant / (minusB + Math.sqrt(discriminant)));
    double restricted1 = Math.min(1, theta * restricted0);
    double variance =
        restricted1 * (1 - restricted1) / n1 + theta * theta * restricted0 * (1 - restricted0) / n0;
    if (!(variance > 0)) {
      return Double.POSITIVE_INFINITY;
    }
    return numerator * numerator / variance;
  }

  /**
   * Koopman's asymptotic score interval for the rate ratio θ = treatedRate / holdoutRate, {@code
   * {lower, upper}}: the θ whose score statistic stays below z². Fagerland et al. (2015) recommend
   * it for the ratio at every sample size; unlike the Katz log interval it needs no continuity
   * correction at zero counts and is not too wide for small ones. A lower bound of 0 means no lower
   * bound, an upper bound of {@code +∞} no upper bound (both when there is no conversion at all;
   * the upper one when the holdout has none).
   */
  static double[] koopmanRatio(HoldoutCounts c, double z) {
    long x1 = c.treatedConversions();
    long x0 = c.holdoutConversions();
    if (x1 == 0 && x0 == 0) {
      return new double[] {0, Double.POSITIVE_INFINITY};
    }
    double critical = z * z;
    // A θ inside the interval to bisect from: the estimate, or where there is none, a θ towards
    // which the statistic falls to zero.
    double inside;
    if (x0 == 0) {
      inside = walk(c, 1, 2, critical, false);
    } else if (x1 == 0) {
      inside = walk(c, 1, 0.5, critical, false);
    } else {
      inside = c.treatedRate() / c.holdoutRate();
    }
    double lower = x1 == 0 ? 0 : bound(c, inside, 0.5, critical);
    double upper = x0 == 0 ? Double.POSITIVE_INFINITY : bound(c, inside, 2, critical);
    return new double[] {lower, upper};
  }

  /**
   * From θ, multiplies by {@code factor} until the statistic is above the critical value (when
   * {@code outside}) or at most it (otherwise); returns the θ reached, or 0 or ∞ if it never is.
   */
  private static double walk(
      HoldoutCounts c, double theta, double factor, double critical, boolean outside) {
    double t = theta;
    for (int step = 0; step < BRACKET_STEPS; step++) {
      if ((koopmanStatistic(c, t) > critical) == outside) {
        return t;
      }
      t *= factor;
    }
    return factor > 1 ? Double.POSITIVE_INFINITY : 0;
  }

  /** The bound of the score interval on the side {@code factor} points to, from a θ inside. */
  private static double bound(HoldoutCounts c, double inside, double factor, double critical) {
    double outside = walk(c, inside * factor, factor, critical, true);
    if (outside == 0 || Double.isInfinite(outside)) {
      return outside;
    }
    // Bisect on log θ: the bounds of a ratio are relative, and θ can span orders of magnitude.
    double in = Math.log(inside);
    double out = Math.log(outside);
    for (int step = 0; step < BISECTIONS; step++) {
      double middle = (in + out) / 2;
      if (middle == in || middle == out) {
        break;
      }
      if (koopmanStatistic(c, Math.exp(middle)) > critical) {
        out = middle;
      } else {
        in = middle;
      }
    }
    return Math.exp((in + out) / 2);
  }

  /**
   * The smallest of the four cell counts expected if both groups converted at the pooled rate: the
   * smaller group times the rarer outcome, over all visitors.
   */
  static double smallestExpectedCount(HoldoutCounts c) {
    double visitors = c.visitors();
    double smallerGroup = Math.min(c.treatedVisitors(), c.holdoutVisitors());
    long conversions = c.conversions();
    double rarerOutcome = Math.min(conversions, c.visitors() - conversions);
    return smallerGroup * (rarerOutcome / visitors);
  }

  /**
   * The two-sided pooled two-proportion z-test (equivalently Pearson's chi-squared test without
   * continuity correction, as R's {@code prop.test(correct = FALSE)}): z = (p̂₁ − p̂₀) / √(p̄(1 −
   * p̄)(1/n₁ + 1/n₀)) with p̄ the pooled rate, p = 2Φ(−|z|). When nobody or everybody converted the
   * rates cannot differ and the p-value is 1.
   */
  static double pooledZTest(HoldoutCounts c) {
    double pooled = (double) c.conversions() / c.visitors();
    double standardError =
        Math.sqrt(pooled * (1 - pooled) * (1.0 / c.treatedVisitors() + 1.0 / c.holdoutVisitors()));
    if (!(standardError > 0)) {
      return 1;
    }
    double z = (c.treatedRate() - c.holdoutRate()) / standardError;
    // 2Φ(−|z|) = erfc(|z|/√2), computed directly so that tiny p-values keep their precision.
    return Math.min(1, Erf.erfc(Math.abs(z) / SQRT2));
  }

  /**
   * Fisher's exact test, two-sided as in R's {@code fisher.test}: given both group sizes and the
   * total conversions, the treated conversions follow a hypergeometric distribution, and the
   * p-value is the probability of every split at most as likely as the observed one.
   *
   * <p>No factorial is ever formed. The probabilities are walked from the mode of the distribution
   * outwards with the ratio of consecutive terms, kept as logarithms relative to the mode, so
   * nothing overflows and the work is proportional to the number of splits that are not negligible,
   * which stays small for counts in the millions. Terms below {@code exp(−746)} of the mode's are
   * zero in double precision and stop the walk; a p-value that small is returned as 0.
   */
  static double fisherExactTwoSided(HoldoutCounts c) {
    long n1 = c.treatedVisitors();
    long conversions = c.conversions();
    long nonConverting = c.visitors() - conversions;
    long low = Math.max(0, n1 - nonConverting);
    long high = Math.min(n1, conversions);
    if (low == high) {
      return 1;
    }
    long observed = c.treatedConversions();
    long mode =
        Math.clamp(
            (long) Math.floor((n1 + 1.0) * (conversions + 1.0) / (c.visitors() + 2.0)), low, high);
    Hypergeometric h = new Hypergeometric(n1, conversions, nonConverting);
    double logObserved = 0;
    for (long k = mode; k < observed; k++) {
      logObserved += h.logRatioUp(k);
    }
    for (long k = mode; k > observed; k--) {
      logObserved += h.logRatioDown(k);
    }
    double threshold = logObserved + Math.log1p(FISHER_RELATIVE_TOLERANCE);
    double all = 0;
    double asExtreme = 0;
    double log = 0;
    for (long k = mode; k <= high && log > LOG_UNDERFLOW; k++) {
      if (k > mode) {
        log += h.logRatioUp(k - 1);
      }
      double term = Math.exp(log);
      all += term;
      if (log <= threshold) {
        asExtreme += term;
      }
    }
    log = 0;
    for (long k = mode - 1; k >= low && log > LOG_UNDERFLOW; k--) {
      log += h.logRatioDown(k + 1);
      double term = Math.exp(log);
      all += term;
      if (log <= threshold) {
        asExtreme += term;
      }
    }
    return Math.min(1, asExtreme / all);
  }

  /**
   * The hypergeometric law of the treated conversions k given the margins: P(k) ∝ C(K, k) C(F, n₁ −
   * k) with K conversions and F non-converting visitors in all.
   */
  private record Hypergeometric(long treated, long conversions, long nonConverting) {

    /** log P(k + 1) / P(k). */
    double logRatioUp(long k) {
      double numerator = (double) (conversions - k) * (treated - k);
      double denominator = (k + 1.0) * (nonConverting - treated + k + 1.0);
      return Math.log(numerator) - Math.log(denominator);
    }

    /** log P(k − 1) / P(k). */
    double logRatioDown(long k) {
      double numerator = (double) k * (nonConverting - treated + k);
      double denominator = (conversions - k + 1.0) * (treated - k + 1.0);
      return Math.log(numerator) - Math.log(denominator);
    }
  }
}
