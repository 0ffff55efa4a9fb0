package dev.levier.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.apache.commons.math3.distribution.HypergeometricDistribution;

/** Properties the holdout statistics keep on random experiments, small and large. */
class HoldoutPropertyTest {

  @Provide
  Arbitrary<HoldoutCounts> small() {
    return counts(Arbitraries.longs().between(1, 60));
  }

  @Provide
  Arbitrary<HoldoutCounts> any() {
    return Arbitraries.oneOf(
        small(),
        counts(Arbitraries.longs().between(1, 5_000)),
        counts(Arbitraries.longs().between(1, 20_000_000)));
  }

  private static Arbitrary<HoldoutCounts> counts(Arbitrary<Long> visitors) {
    Arbitrary<long[]> group =
        visitors.flatMap(
            n ->
                Arbitraries.oneOf(
                        Arbitraries.longs().between(0, n),
                        // Rare conversions, as in real traffic, and the edges.
                        Arbitraries.longs().between(0, Math.min(n, 30)),
                        Arbitraries.of(0L, n))
                    .map(x -> new long[] {n, x}));
    return Combinators.combine(group, group)
        .as((t, h) -> new HoldoutCounts(t[0], t[1], h[0], h[1]));
  }

  @Property
  void everyIntervalHoldsItsEstimate(@ForAll("any") HoldoutCounts counts) {
    HoldoutResult result = HoldoutResult.of(counts);

    assertThat(result.rateDifference().contains(result.rateDifference().estimate())).isTrue();
    assertThat(result.incrementalConversions().contains(result.incrementalConversions().estimate()))
        .isTrue();
    LiftEstimate lift = result.lift();
    if (lift.estimate() != null) {
      assertThat(lift.contains(lift.estimate())).isTrue();
    }
    assertThat(result.rateDifference().lower()).isBetween(-1.0, 1.0);
    assertThat(result.rateDifference().upper()).isBetween(-1.0, 1.0);
  }

  @Property
  void liftIsUndefinedExactlyWhenTheHoldoutNeverConverts(@ForAll("any") HoldoutCounts counts) {
    LiftEstimate lift = HoldoutResult.of(counts).lift();

    assertThat(lift.estimate() == null).isEqualTo(counts.holdoutConversions() == 0);
    assertThat(lift.upper() == null).isEqualTo(counts.holdoutConversions() == 0);
    assertThat(lift.isDefined()).isEqualTo(counts.holdoutConversions() > 0);
    assertThat(lift.lower()).isGreaterThanOrEqualTo(-1).isFinite();
    if (lift.upper() != null) {
      assertThat(lift.upper()).isFinite();
    }
  }

  @Property
  void pValuesAreProbabilities(@ForAll("any") HoldoutCounts counts) {
    assertThat(HoldoutStatistics.fisherExactTwoSided(counts)).isBetween(0.0, 1.0);
    assertThat(HoldoutStatistics.pooledZTest(counts)).isBetween(0.0, 1.0);
  }

  @Property
  void swappingTheGroupsMirrorsEverything(@ForAll("any") HoldoutCounts counts) {
    HoldoutCounts swapped =
        new HoldoutCounts(
            counts.holdoutVisitors(),
            counts.holdoutConversions(),
            counts.treatedVisitors(),
            counts.treatedConversions());
    HoldoutResult result = HoldoutResult.of(counts);
    HoldoutResult mirror = HoldoutResult.of(swapped);

    // Same test, same p-value: neither test cares which group is which.
    assertThat(mirror.significance().method()).isEqualTo(result.significance().method());
    assertThat(mirror.significance().pValue())
        .isCloseTo(result.significance().pValue(), within(1e-9));
    // The difference changes sign, its interval mirrors.
    assertThat(mirror.rateDifference().lower())
        .isCloseTo(-result.rateDifference().upper(), within(1e-12));
    assertThat(mirror.rateDifference().upper())
        .isCloseTo(-result.rateDifference().lower(), within(1e-12));
    // The ratio inverts, its interval too.
    double z = HoldoutStatistics.twoSidedQuantile(0.90);
    double[] ratio = HoldoutStatistics.koopmanRatio(counts, z);
    double[] inverse = HoldoutStatistics.koopmanRatio(swapped, z);
    assertThat(inverse[0]).isCloseTo(1 / ratio[1], within(1e-9 * (1 / ratio[1])));
    assertThat(inverse[1]).isCloseTo(1 / ratio[0], within(1e-9 * (1 / ratio[0]) + 1e-300));
  }

  @Property
  void moreDataOfTheSameRatesNarrowsTheIntervals(
      @ForAll("small") HoldoutCounts counts, @ForAll @IntRange(min = 2, max = 1000) int factor) {
    HoldoutCounts more =
        new HoldoutCounts(
            counts.treatedVisitors() * factor,
            counts.treatedConversions() * factor,
            counts.holdoutVisitors() * factor,
            counts.holdoutConversions() * factor);
    HoldoutResult result = HoldoutResult.of(counts);
    HoldoutResult larger = HoldoutResult.of(more);

    assertThat(width(larger.rateDifference())).isLessThanOrEqualTo(width(result.rateDifference()));
    LiftEstimate lift = result.lift();
    LiftEstimate largerLift = larger.lift();
    assertThat(largerLift.lower()).isGreaterThanOrEqualTo(lift.lower() - 1e-9);
    if (lift.upper() != null && largerLift.upper() != null) {
      assertThat(largerLift.upper()).isLessThanOrEqualTo(lift.upper() + 1e-9);
    }
  }

  @Property
  void aHigherConfidenceLevelWidensTheIntervals(
      @ForAll("any") HoldoutCounts counts,
      @ForAll @DoubleRange(min = 0.5, max = 0.98) double level) {
    HoldoutResult narrow = HoldoutResult.of(counts, level);
    HoldoutResult wide = HoldoutResult.of(counts, level + 0.01);

    assertThat(width(wide.rateDifference())).isGreaterThanOrEqualTo(width(narrow.rateDifference()));
    assertThat(wide.lift().lower()).isLessThanOrEqualTo(narrow.lift().lower() + 1e-9);
  }

  @Property
  void finiteLiftBoundsSitWhereTheScoreStatisticCrossesTheCriticalValue(
      @ForAll("any") HoldoutCounts counts) {
    double z = HoldoutStatistics.twoSidedQuantile(0.90);
    double[] ratio = HoldoutStatistics.koopmanRatio(counts, z);

    // Checked by bracketing rather than by the statistic's value at the bound: with tens of
    // millions of visitors converting at rates a hair from 1, its 1 − p̃ terms keep only a few
    // digits and the value jitters, while the crossing itself is found to many more.
    double lower = ratio[0];
    if (lower > 0) {
      assertThat(HoldoutStatistics.koopmanStatistic(counts, lower * (1 - 1e-7)))
          .isGreaterThan(z * z);
      assertThat(HoldoutStatistics.koopmanStatistic(counts, lower * (1 + 1e-7))).isLessThan(z * z);
    }
    double upper = ratio[1];
    if (Double.isFinite(upper)) {
      assertThat(HoldoutStatistics.koopmanStatistic(counts, upper * (1 - 1e-7))).isLessThan(z * z);
      assertThat(HoldoutStatistics.koopmanStatistic(counts, upper * (1 + 1e-7)))
          .isGreaterThan(z * z);
    }
  }

  @Property
  void theLiftIntervalExcludesZeroExactlyWhenTheZTestRejects(@ForAll("any") HoldoutCounts counts) {
    // Koopman's interval inverts the score test, which at θ = 1 is the pooled z-test.
    double z = HoldoutStatistics.twoSidedQuantile(0.90);
    double[] ratio = HoldoutStatistics.koopmanRatio(counts, z);
    double p = HoldoutStatistics.pooledZTest(counts);

    if (Math.abs(p - 0.10) > 1e-9) {
      assertThat(ratio[0] > 1 || ratio[1] < 1).isEqualTo(p < 0.10);
    }
  }

  @Property
  void fisherMatchesTheHypergeometricSummedDirectly(@ForAll("small") HoldoutCounts counts) {
    // Commons Math gives probability 0 to the only table of a one-point support (no conversion
    // at all, or nobody left unconverted); that case is pinned by theOnlyPossibleTable below.
    Assume.that(counts.conversions() > 0 && counts.conversions() < counts.visitors());
    HypergeometricDistribution h =
        new HypergeometricDistribution(
            (int) counts.visitors(), (int) counts.conversions(), (int) counts.treatedVisitors());
    double observed = h.probability((int) counts.treatedConversions());
    double expected = 0;
    for (int k = h.getSupportLowerBound(); k <= h.getSupportUpperBound(); k++) {
      double p = h.probability(k);
      if (p <= observed * (1 + 1e-7)) {
        expected += p;
      }
    }

    assertThat(HoldoutStatistics.fisherExactTwoSided(counts))
        .isCloseTo(Math.min(1, expected), within(1e-9));
  }

  @Property
  void aBiggerLiftNeedsFewerVisitors(
      @ForAll @DoubleRange(min = 0.01, max = 0.2) double baseline,
      @ForAll @DoubleRange(min = 0.01, max = 1) double lift,
      @ForAll @DoubleRange(min = 0.05, max = 0.5) double share) {
    HoldoutPlan small = HoldoutPlan.toDetect(baseline, lift, share, 0.10, 0.80);
    HoldoutPlan big = HoldoutPlan.toDetect(baseline, lift * 2, share, 0.10, 0.80);

    assertThat(big.visitors()).isLessThanOrEqualTo(small.visitors());
    assertThat((double) small.holdoutVisitors() / small.visitors()).isCloseTo(share, within(0.01));
  }

  @Property
  void theOnlyPossibleTableIsNoEvidence(
      @ForAll @IntRange(min = 1, max = 1_000_000) int treated,
      @ForAll @IntRange(min = 1, max = 1_000_000) int holdout,
      @ForAll boolean converted) {
    HoldoutCounts counts =
        converted
            ? new HoldoutCounts(treated, treated, holdout, holdout)
            : new HoldoutCounts(treated, 0, holdout, 0);

    assertThat(HoldoutStatistics.fisherExactTwoSided(counts)).isEqualTo(1.0);
    assertThat(HoldoutStatistics.pooledZTest(counts)).isEqualTo(1.0);
    assertThat(HoldoutResult.of(counts).significance().pValue()).isEqualTo(1.0);
  }

  private static double width(HoldoutInterval interval) {
    return interval.upper() - interval.lower();
  }
}
