package dev.levier.analytics;

/**
 * How many visitors a holdout experiment needs, in each group, to detect a given relative lift.
 *
 * <p>The sizes are those at which the two-sided pooled z-test of {@link HoldoutResult} rejects "no
 * effect" with the given power when the true lift is the one given (Fleiss, Levin and Paik,
 * Statistical Methods for Rates and Proportions, 3rd ed., 2003, section 4.2, with unequal groups):
 *
 * <pre>N = (z_{α/2} √(p̄q̄ (1/w₁ + 1/w₀)) + z_β √(p₁q₁/w₁ + p₀q₀/w₀))² / (p₁ − p₀)²</pre>
 *
 * where w₀ is the holdout share, w₁ = 1 − w₀, p₁ = p₀(1 + lift) and p̄ = w₁p₁ + w₀p₀. With equal
 * groups it is the equation R's {@code power.prop.test} solves. It ignores the small chance of
 * rejecting in the wrong direction, and it assumes the z-test: when the expected conversions are so
 * few that Fisher's exact test is used, which is more conservative, plan for more.
 *
 * <p>A small holdout costs less reward-free traffic but needs many more visitors in all: the
 * variance is dominated by the smaller group.
 *
 * @param treatedVisitors visitors to show the reward
 * @param holdoutVisitors visitors to hold out
 */
public record HoldoutPlan(long treatedVisitors, long holdoutVisitors) {

  public HoldoutPlan {
    if (treatedVisitors <= 0) {
      throw new IllegalArgumentException(
          "treatedVisitors must be positive, was " + treatedVisitors);
    }
    if (holdoutVisitors <= 0) {
      throw new IllegalArgumentException(
          "holdoutVisitors must be positive, was " + holdoutVisitors);
    }
  }

  /** Visitors in both groups. */
  public long visitors() {
    return treatedVisitors + holdoutVisitors;
  }

  /**
   * The smallest experiment that detects the lift.
   *
   * @param baselineRate the conversion rate without the reward, in (0, 1)
   * @param relativeLift the lift to detect, not 0, and such that the treated rate stays in (0, 1]
   * @param holdoutShare the share of visitors held out, in (0, 1)
   * @param significanceLevel the two-sided false-alarm rate α, in (0, 1), e.g. 0.10 to match 90%
   *     intervals
   * @param power the probability of detecting the lift if it is real, in (0, 1), e.g. 0.80
   */
  public static HoldoutPlan toDetect(
      double baselineRate,
      double relativeLift,
      double holdoutShare,
      double significanceLevel,
      double power) {
    double total =
        totalVisitors(baselineRate, relativeLift, holdoutShare, significanceLevel, power);
    return new HoldoutPlan(
        (long) Math.ceil(total * (1 - holdoutShare)), (long) Math.ceil(total * holdoutShare));
  }

  /** The visitors needed in all, before rounding each group up. */
  static double totalVisitors(
      double baselineRate,
      double relativeLift,
      double holdoutShare,
      double significanceLevel,
      double power) {
    requireOpenUnit("baselineRate", baselineRate);
    requireOpenUnit("holdoutShare", holdoutShare);
    requireOpenUnit("significanceLevel", significanceLevel);
    requireOpenUnit("power", power);
    double p0 = baselineRate;
    double p1 = baselineRate * (1 + relativeLift);
    if (!(relativeLift != 0 && p1 > 0 && p1 <= 1)) {
      throw new IllegalArgumentException(
          "relativeLift must be non-zero and keep the treated rate in (0, 1], was "
              + relativeLift
              + " (treated rate "
              + p1
              + ")");
    }
    double w0 = holdoutShare;
    double w1 = 1 - holdoutShare;
    double pooled = w1 * p1 + w0 * p0;
    double zAlpha = HoldoutStatistics.upperQuantile(significanceLevel / 2);
    double zBeta = HoldoutStatistics.upperQuantile(1 - power);
    double underNull = zAlpha * Math.sqrt(pooled * (1 - pooled) * (1 / w1 + 1 / w0));
    double underLift = zBeta * Math.sqrt(p1 * (1 - p1) / w1 + p0 * (1 - p0) / w0);
    double root = (underNull + underLift) / (p1 - p0);
    return root * root;
  }

  private static void requireOpenUnit(String name, double value) {
    if (!(value > 0 && value < 1)) {
      throw new IllegalArgumentException(name + " must be strictly between 0 and 1, was " + value);
    }
  }
}
