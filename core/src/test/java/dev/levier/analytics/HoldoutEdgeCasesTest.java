package dev.levier.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Validation messages, and the experiments whose lift has no value. */
class HoldoutEdgeCasesTest {

  @Test
  void countsNameTheFieldTheyReject() {
    assertThatThrownBy(() -> new HoldoutCounts(0, 0, 10, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("treatedVisitors must be positive");
    assertThatThrownBy(() -> new HoldoutCounts(10, -1, 10, 1))
        .hasMessageStartingWith("treatedConversions must not be negative");
    assertThatThrownBy(() -> new HoldoutCounts(10, 11, 10, 1))
        .hasMessage("treatedConversions must not exceed treatedVisitors (10), was 11");
    assertThatThrownBy(() -> new HoldoutCounts(10, 1, -5, 0))
        .hasMessageStartingWith("holdoutVisitors must be positive");
    assertThatThrownBy(() -> new HoldoutCounts(10, 1, 5, 6))
        .hasMessage("holdoutConversions must not exceed holdoutVisitors (5), was 6");
  }

  @Test
  void theConfidenceLevelMustBeAProbability() {
    HoldoutCounts counts = new HoldoutCounts(100, 10, 100, 5);

    assertThatThrownBy(() -> HoldoutResult.of(counts, 1.0))
        .hasMessage("confidenceLevel must be strictly between 0 and 1, was 1.0");
    assertThatThrownBy(() -> HoldoutResult.of(counts, Double.NaN))
        .hasMessageStartingWith("confidenceLevel must be strictly between 0 and 1");
    assertThat(HoldoutResult.of(counts).confidenceLevel()).isEqualTo(0.90);
  }

  @Test
  void aHoldoutWithoutConversionsLeavesTheLiftUndefinedButBoundedBelow() {
    HoldoutResult result = HoldoutResult.of(new HoldoutCounts(1_000, 12, 100, 0));

    LiftEstimate lift = result.lift();
    assertThat(lift.estimate()).isNull();
    assertThat(lift.upper()).isNull();
    assertThat(lift.isDefined()).isFalse();
    assertThat(lift.undefinedBecause()).contains("no conversion in the holdout");
    // 12 against 0 in ten times fewer visitors is no proof of any lift at 90%.
    assertThat(lift.lower()).isGreaterThan(-1).isLessThan(0);
    // The absolute measures are still defined: all 12 conversions count as incremental.
    assertThat(result.incrementalConversions().estimate()).isEqualTo(12.0);
    assertThat(result.holdoutRate()).isZero();
  }

  @Test
  void noConversionAnywhereSaysSo() {
    HoldoutResult result = HoldoutResult.of(new HoldoutCounts(500, 0, 50, 0));

    assertThat(result.lift().estimate()).isNull();
    assertThat(result.lift().lower()).isEqualTo(-1.0);
    assertThat(result.lift().undefinedBecause()).contains("no conversion in either group");
    assertThat(result.significance().pValue()).isEqualTo(1.0);
    assertThat(result.rateDifference().estimate()).isZero();
  }

  @Test
  void noTreatedConversionIsALiftOfMinusOne() {
    LiftEstimate lift = HoldoutResult.of(new HoldoutCounts(200, 0, 200, 9)).lift();

    assertThat(lift.estimate()).isEqualTo(-1.0);
    assertThat(lift.lower()).isEqualTo(-1.0);
    assertThat(lift.upper()).isNotNull().isLessThan(0);
    assertThat(lift.isDefined()).isTrue();
  }

  @Test
  void everybodyConvertingGivesPropCisClosedFormBounds() {
    // PropCIs::riskscoreci handles x1 = n1, x2 = n2 in closed form: the ratio's bounds are
    // n1 / (n1 + z²) and (n2 + z²) / n2. Derived here from the score statistic, which reduces to
    // n₀(θ − 1) above 1 and n₁(1 − θ)/θ below.
    double z = HoldoutStatistics.twoSidedQuantile(0.90);
    double[] ratio = HoldoutStatistics.koopmanRatio(new HoldoutCounts(40, 40, 60, 60), z);

    assertThat(ratio[0]).isCloseTo(40 / (40 + z * z), within(1e-9));
    assertThat(ratio[1]).isCloseTo((60 + z * z) / 60, within(1e-9));
  }

  @Test
  void planValidatesItsInputs() {
    assertThatThrownBy(() -> HoldoutPlan.toDetect(0.02, 0.1, 0, 0.1, 0.8))
        .hasMessage("holdoutShare must be strictly between 0 and 1, was 0.0");
    assertThatThrownBy(() -> HoldoutPlan.toDetect(0.6, 1.0, 0.1, 0.1, 0.8))
        .hasMessageStartingWith(
            "relativeLift must be non-zero and keep the treated rate in (0, 1]");
    // A 10% lift on a 2% baseline with a 10% holdout, α = 0.10 and 80% power.
    // The figures docs/analytics.md quotes.
    assertThat(HoldoutPlan.toDetect(0.02, 0.10, 0.10, 0.10, 0.80))
        .isEqualTo(new HoldoutPlan(321_484, 35_721));
    assertThat(HoldoutPlan.toDetect(0.02, 0.10, 0.50, 0.10, 0.80))
        .isEqualTo(new HoldoutPlan(63_553, 63_553));
  }
}
