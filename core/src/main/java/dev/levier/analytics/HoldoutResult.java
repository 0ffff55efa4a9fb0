package dev.levier.analytics;

import java.util.Objects;

/**
 * What a holdout experiment says about a publisher's reward: how much it raised conversions, with
 * the uncertainty that the sample sizes at hand leave.
 *
 * <p>The treated visitors were shown the reward, a random share of the publisher's visitors was
 * held out from it; because the split is random, the holdout rate estimates what the treated
 * visitors would have done without the reward.
 *
 * @param counts the visitors and conversions of both groups
 * @param confidenceLevel the level of every interval here, e.g. 0.90
 * @param treatedRate the treated conversion rate
 * @param holdoutRate the holdout conversion rate
 * @param rateDifference treated rate minus holdout rate, with its interval (Newcombe's hybrid score
 *     method)
 * @param incrementalConversions the treated conversions that would not have happened without the
 *     reward, {@code treatedConversions − treatedVisitors × holdoutRate}, with its interval: the
 *     rate difference's scaled by the treated visitors, which are fixed by the design
 * @param lift the relative lift, treated rate over holdout rate minus one, with its interval
 *     (Koopman's score method); undefined when the holdout has no conversion
 * @param significance the two-sided p-value of "the reward changes nothing"
 */
public record HoldoutResult(
    HoldoutCounts counts,
    double confidenceLevel,
    double treatedRate,
    double holdoutRate,
    HoldoutInterval rateDifference,
    HoldoutInterval incrementalConversions,
    LiftEstimate lift,
    HoldoutSignificance significance) {

  /** The confidence level of the intervals unless the advertiser asks for another. */
  public static final double DEFAULT_CONFIDENCE_LEVEL = 0.90;

  public HoldoutResult {
    Objects.requireNonNull(counts, "counts");
    requireLevel(confidenceLevel);
    Objects.requireNonNull(rateDifference, "rateDifference");
    Objects.requireNonNull(incrementalConversions, "incrementalConversions");
    Objects.requireNonNull(lift, "lift");
    Objects.requireNonNull(significance, "significance");
  }

  /** Analyses the counts with 90% intervals. */
  public static HoldoutResult of(HoldoutCounts counts) {
    return of(counts, DEFAULT_CONFIDENCE_LEVEL);
  }

  /** Analyses the counts with intervals of the given level, strictly between 0 and 1. */
  public static HoldoutResult of(HoldoutCounts counts, double confidenceLevel) {
    Objects.requireNonNull(counts, "counts");
    requireLevel(confidenceLevel);
    double z = HoldoutStatistics.twoSidedQuantile(confidenceLevel);
    HoldoutInterval difference = HoldoutStatistics.newcombeDifference(counts, z);
    return new HoldoutResult(
        counts,
        confidenceLevel,
        counts.treatedRate(),
        counts.holdoutRate(),
        difference,
        incremental(counts, difference),
        lift(counts, z),
        significance(counts));
  }

  private static HoldoutInterval incremental(HoldoutCounts counts, HoldoutInterval difference) {
    // Written from the counts rather than n₁ × (p₁ − p₀), so that equal rates give exactly zero.
    double estimate =
        counts.treatedConversions()
            - (double) counts.treatedVisitors()
                * counts.holdoutConversions()
                / counts.holdoutVisitors();
    HoldoutInterval scaled = difference.times((double) counts.treatedVisitors());
    return new HoldoutInterval(
        estimate, Math.min(estimate, scaled.lower()), Math.max(estimate, scaled.upper()));
  }

  private static LiftEstimate lift(HoldoutCounts counts, double z) {
    double[] ratio = HoldoutStatistics.koopmanRatio(counts, z);
    double lower = ratio[0] - 1;
    if (counts.holdoutConversions() == 0) {
      String why =
          counts.treatedConversions() == 0
              ? "no conversion in either group: the lift cannot be estimated"
              : "no conversion in the holdout: the lift is a ratio over a zero rate, so only its"
                  + " lower bound is known";
      return new LiftEstimate(null, lower, null, why);
    }
    double estimate = counts.treatedRate() / counts.holdoutRate() - 1;
    double upper = ratio[1] - 1;
    // The bisection stops within rounding of the estimate when an interval is very narrow.
    return new LiftEstimate(estimate, Math.min(lower, estimate), Math.max(upper, estimate), null);
  }

  private static HoldoutSignificance significance(HoldoutCounts counts) {
    double expected = HoldoutStatistics.smallestExpectedCount(counts);
    if (expected < HoldoutSignificance.EXPECTED_COUNT_FOR_Z_TEST) {
      return new HoldoutSignificance(
          HoldoutStatistics.fisherExactTwoSided(counts),
          HoldoutSignificance.Method.FISHER_EXACT,
          expected);
    }
    return new HoldoutSignificance(
        HoldoutStatistics.pooledZTest(counts), HoldoutSignificance.Method.POOLED_Z, expected);
  }

  private static void requireLevel(double confidenceLevel) {
    if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
      throw new IllegalArgumentException(
          "confidenceLevel must be strictly between 0 and 1, was " + confidenceLevel);
    }
  }
}
