package dev.levier.analytics;

/**
 * The two-sided test of "the reward changes nothing" (equal conversion rates in both groups), and
 * which test gave the p-value.
 *
 * @param pValue the two-sided p-value, in [0, 1]
 * @param method the test used
 * @param smallestExpectedCount the smallest of the four cell counts expected under equal rates,
 *     which chose the test
 */
public record HoldoutSignificance(double pValue, Method method, double smallestExpectedCount) {

  /**
   * The pooled z-test is used when every expected cell count is at least this (Cochran's rule),
   * Fisher's exact test below.
   */
  public static final double EXPECTED_COUNT_FOR_Z_TEST = 5;

  /** The tests, with the situations that call for each. */
  public enum Method {
    /**
     * Fisher's exact conditional test: the probability, given both groups' sizes and the total
     * conversions, of a split of conversions at most as likely as the one observed. Exact for any
     * sample size; used when some expected count is small, where the normal approximation fails.
     */
    FISHER_EXACT,
    /**
     * The two-proportion z-test with the pooled rate (the same p-value as Pearson's chi-squared
     * test without continuity correction). Used when every expected count is at least {@link
     * #EXPECTED_COUNT_FOR_Z_TEST}, where it is accurate and less conservative than Fisher's test.
     */
    POOLED_Z
  }

  public HoldoutSignificance {
    if (!(pValue >= 0 && pValue <= 1)) {
      throw new IllegalArgumentException("pValue must be in [0, 1], was " + pValue);
    }
    if (!(smallestExpectedCount >= 0)) {
      throw new IllegalArgumentException(
          "smallestExpectedCount must not be negative, was " + smallestExpectedCount);
    }
  }
}
