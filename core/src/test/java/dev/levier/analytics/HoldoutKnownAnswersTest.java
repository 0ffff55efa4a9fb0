package dev.levier.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.distribution.HypergeometricDistribution;
import org.junit.jupiter.api.Test;

/**
 * The holdout statistics against answers published elsewhere. The treated group is group 1 (first
 * row) of each source's table, the holdout group 0 (second row).
 *
 * <p>Most answers come from Fagerland, Lydersen and Laake, Statistical Analysis of Contingency
 * Tables (CRC, 2017), chapter 4, as printed by the R package that accompanies the book ({@code
 * contingencytables}, tests/testthat/test-ch4.R, which pins the book's numbers to four decimals).
 */
class HoldoutKnownAnswersTest {

  private static final double Z95 = HoldoutStatistics.twoSidedQuantile(0.95);

  /** Perondi et al. (2004), high vs standard dose of epinephrine: 7 of 34 vs 1 of 34. */
  private static final HoldoutCounts EPINEPHRINE = new HoldoutCounts(34, 7, 34, 1);

  /** Ritland et al. (2007), CHRNA4 genotype and XFS: 0 of 16 vs 15 of 72. */
  private static final HoldoutCounts GENOTYPE = new HoldoutCounts(16, 0, 72, 15);

  /** Fisher's lady tasting tea: 3 of 4 cups with milk first named right, 1 of 4 others wrong. */
  private static final HoldoutCounts TEA = new HoldoutCounts(4, 3, 4, 1);

  @Test
  void normalQuantilesMatchTheTables() {
    // Φ⁻¹(0.975) and Φ⁻¹(0.95) to 15 digits, as R's qnorm gives them.
    assertThat(Z95).isCloseTo(1.959963984540054, within(1e-13));
    assertThat(HoldoutStatistics.twoSidedQuantile(0.90))
        .isCloseTo(1.644853626951472, within(1e-13));
  }

  @Test
  void koopmanIntervalOfTheEpinephrineTrial() {
    // Book: "Koopman asymptotic score CI: estimate = 7.0000 (95% CI 1.2209 to 42.5757)".
    double[] ratio = HoldoutStatistics.koopmanRatio(EPINEPHRINE, Z95);

    assertThat(ratio[0]).isCloseTo(1.2209, within(5e-5));
    assertThat(ratio[1]).isCloseTo(42.5757, within(5e-5));

    LiftEstimate lift = HoldoutResult.of(EPINEPHRINE, 0.95).lift();
    assertThat(lift.estimate()).isCloseTo(6.0, within(1e-12));
    assertThat(lift.lower()).isCloseTo(0.2209, within(5e-5));
    assertThat(lift.upper()).isCloseTo(41.5757, within(5e-5));
  }

  @Test
  void newcombeIntervalOfTheEpinephrineTrial() {
    // Book: "Newcombe hybrid score CI: estimate = 0.1765 (95% CI 0.0189 to 0.3404)".
    HoldoutInterval difference = HoldoutResult.of(EPINEPHRINE, 0.95).rateDifference();

    assertThat(difference.estimate()).isCloseTo(0.1765, within(5e-5));
    assertThat(difference.lower()).isCloseTo(0.0189, within(5e-5));
    assertThat(difference.upper()).isCloseTo(0.3404, within(5e-5));
  }

  @Test
  void incrementalConversionsScaleTheDifferenceByTheTreatedVisitors() {
    // 7 − 34 × 1/34 = 6 conversions the higher dose added, 34 × (0.0189, 0.3404) around them.
    HoldoutInterval incremental = HoldoutResult.of(EPINEPHRINE, 0.95).incrementalConversions();

    assertThat(incremental.estimate()).isEqualTo(6.0);
    assertThat(incremental.lower()).isCloseTo(34 * 0.0189, within(34 * 5e-5));
    assertThat(incremental.upper()).isCloseTo(34 * 0.3404, within(34 * 5e-5));
  }

  @Test
  void fisherExactTestOfTheGenotypeStudy() {
    // Book: "Fisher exact test: P = 0.06287". Expected counts 16 × 15 / 88 = 2.7 < 5: exact test.
    HoldoutSignificance significance = HoldoutResult.of(GENOTYPE).significance();

    assertThat(significance.method()).isEqualTo(HoldoutSignificance.Method.FISHER_EXACT);
    assertThat(significance.smallestExpectedCount()).isCloseTo(16.0 * 15 / 88, within(1e-12));
    assertThat(significance.pValue()).isCloseTo(0.06287, within(5e-6));
  }

  @Test
  void fisherExactTestOfTheTeaTasting() {
    // R's ?fisher.test gives the one-sided p = 0.2429 for this table (= 17/70). The two-sided
    // value, derived by hand: the hypergeometric probabilities of 0..4 right are 1, 16, 36, 16, 1
    // over 70, and the tables at most as likely as 16/70 sum to 34/70 = 0.4857.
    assertThat(HoldoutStatistics.fisherExactTwoSided(TEA)).isCloseTo(34.0 / 70, within(1e-12));
  }

  @Test
  void pooledZTestIsPearsonsChiSquaredTest() {
    // Book: "Pearson chi-squared test: P = 0.15730, T = 2.000 (df = 1)" for the tea table.
    assertThat(HoldoutStatistics.pooledZTest(TEA)).isCloseTo(0.15730, within(5e-6));
    assertThat(HoldoutStatistics.koopmanStatistic(TEA, 1)).isCloseTo(2.0, within(1e-12));
  }

  @Test
  void pooledZTestOfALargeSample() {
    // 20 of 300 vs 21 of 298 clicks, the two-sample example of the stat-tests Python package
    // (github.com/yang-zhang/stat-tests, README): z = −0.18400991456652802, p =
    // 0.85400567703455788.
    // Every expected count is above 5, so the z-test is the one reported.
    HoldoutSignificance significance =
        HoldoutResult.of(new HoldoutCounts(300, 20, 298, 21)).significance();

    assertThat(significance.method()).isEqualTo(HoldoutSignificance.Method.POOLED_Z);
    assertThat(significance.pValue()).isCloseTo(0.85400567703455788, within(1e-12));
    assertThat(HoldoutStatistics.koopmanStatistic(new HoldoutCounts(300, 20, 298, 21), 1))
        .isCloseTo(0.18400991456652802 * 0.18400991456652802, within(1e-12));
  }

  @Test
  void planMatchesRsPowerPropTest() {
    // R's ?power.prop.test: power.prop.test(p1 = .50, p2 = .75, power = .90) gives n = 76.7 per
    // group. Here: baseline 0.5, lift +50%, half held out, α = 0.05.
    double total = HoldoutPlan.totalVisitors(0.5, 0.5, 0.5, 0.05, 0.90);

    assertThat(total / 2).isCloseTo(76.7, within(0.05));
    assertThat(HoldoutPlan.toDetect(0.5, 0.5, 0.5, 0.05, 0.90)).isEqualTo(new HoldoutPlan(77, 77));
  }

  @Test
  void fisherAgreesWithCommonsMathsHypergeometricForCountsInTheMillions() {
    // An independent computation: Commons Math's saddle-point hypergeometric probabilities,
    // summed over the whole support.
    HoldoutCounts large = new HoldoutCounts(3_000_000, 41, 1_000_000, 6);
    double expected = referenceFisher(large);

    double actual = HoldoutStatistics.fisherExactTwoSided(large);

    assertThat(actual).isCloseTo(expected, within(1e-9 + 1e-9 * expected));
    // With 13 conversions in four million visitors the expected counts are small: exact test.
    HoldoutCounts rare = new HoldoutCounts(3_000_000, 12, 1_000_000, 1);
    HoldoutSignificance significance = HoldoutResult.of(rare).significance();
    assertThat(significance.method()).isEqualTo(HoldoutSignificance.Method.FISHER_EXACT);
    assertThat(significance.pValue()).isCloseTo(referenceFisher(rare), within(1e-9));
  }

  @Test
  void fisherStaysFiniteAndCloseToTheZTestForHugeBalancedCounts() {
    // Ten million visitors per group, 2% converting: the exact and normal p-values agree closely
    // and the exact one is computed without overflow.
    HoldoutCounts huge = new HoldoutCounts(10_000_000, 201_000, 10_000_000, 200_000);

    double exact = HoldoutStatistics.fisherExactTwoSided(huge);
    double normal = HoldoutStatistics.pooledZTest(huge);

    assertThat(exact).isBetween(0.0, 1.0);
    assertThat(exact).isCloseTo(normal, within(0.01));
  }

  private static double referenceFisher(HoldoutCounts c) {
    int population = Math.toIntExact(c.visitors());
    int successes = Math.toIntExact(c.conversions());
    int sample = Math.toIntExact(c.treatedVisitors());
    HypergeometricDistribution h = new HypergeometricDistribution(population, successes, sample);
    double observed = h.probability(Math.toIntExact(c.treatedConversions()));
    double sum = 0;
    for (int k = h.getSupportLowerBound(); k <= h.getSupportUpperBound(); k++) {
      double p = h.probability(k);
      if (p <= observed * (1 + 1e-7)) {
        sum += p;
      }
    }
    return sum;
  }
}
