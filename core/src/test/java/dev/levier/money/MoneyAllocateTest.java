package dev.levier.money;

import static dev.levier.money.CurrencyUnit.EUR;
import static dev.levier.money.CurrencyUnit.JPY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MoneyAllocateTest {

  private static Money eur(String decimal) {
    return Money.parse(decimal, EUR);
  }

  private static List<Money> eurs(String... decimals) {
    return Arrays.stream(decimals).map(MoneyAllocateTest::eur).toList();
  }

  @Test
  void splitGivesTheUnevenMinorUnitsToTheFirstParts() {
    assertThat(eur("1.00").split(3)).containsExactlyElementsOf(eurs("0.34", "0.33", "0.33"));
    assertThat(eur("1.00").split(6))
        .containsExactlyElementsOf(eurs("0.17", "0.17", "0.17", "0.17", "0.16", "0.16"));
    assertThat(eur("0.02").split(3)).containsExactlyElementsOf(eurs("0.01", "0.01", "0"));
  }

  @Test
  void splitIntoOneIsTheAmountItself() {
    assertThat(eur("12.34").split(1)).containsExactly(eur("12.34"));
  }

  @Test
  void splitRefusesFewerThanOnePart() {
    assertThatThrownBy(() -> eur("1").split(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot split EUR 1.00 into 0 parts; at least 1 is needed");
  }

  @Test
  void splitOfNegativeAmountsMirrorsThePositiveSplit() {
    assertThat(eur("-1.00").split(3)).containsExactlyElementsOf(eurs("-0.34", "-0.33", "-0.33"));
  }

  @Test
  void allocatesInProportionAndGivesLeftoversToTheLargestRemainders() {
    // 1.00 * (1, 2, 3) / 6 = 0.1666.., 0.333.., 0.5: one cent is left over for index 0.
    assertThat(eur("1.00").allocate(1, 2, 3))
        .containsExactlyElementsOf(eurs("0.17", "0.33", "0.50"));
    // 0.05 * (3, 7) / 10 = 0.015, 0.035: equal remainders, so the earlier part gets the unit.
    assertThat(eur("0.05").allocate(3, 7)).containsExactlyElementsOf(eurs("0.02", "0.03"));
    // 0.10 * (1, 1, 1, 7) / 10 = 0.01, 0.01, 0.01, 0.07: exact, nothing left over.
    assertThat(eur("0.10").allocate(1, 1, 1, 7))
        .containsExactlyElementsOf(eurs("0.01", "0.01", "0.01", "0.07"));
    // 100 JPY * (1, 1, 1) = 33.33 each; the remainder goes to index 0.
    assertThat(Money.parse("100", JPY).allocate(1, 1, 1))
        .containsExactlyElementsOf(
            List.of(Money.ofMinor(34, JPY), Money.ofMinor(33, JPY), Money.ofMinor(33, JPY)));
  }

  @Test
  void largestRemainderWinsOverEarlierIndex() {
    // 0.10 * (1, 3) / 4 = 0.025, 0.075: the remainders tie at one half, so index 0 gets the unit.
    assertThat(eur("0.10").allocate(1, 3)).containsExactlyElementsOf(eurs("0.03", "0.07"));
    // 0.10 * (5, 1) / 6 = 0.0833.., 0.0166..: the later part has the larger remainder.
    assertThat(eur("0.10").allocate(5, 1)).containsExactlyElementsOf(eurs("0.08", "0.02"));
  }

  @Test
  void zeroWeightsGetZero() {
    assertThat(eur("1.00").allocate(0, 1, 0, 2, 0))
        .containsExactlyElementsOf(eurs("0", "0.33", "0", "0.67", "0"));
  }

  @Test
  void negativeAmountsAreTheMirrorImage() {
    assertThat(eur("-1.00").allocate(1, 2, 3))
        .containsExactlyElementsOf(eurs("-0.17", "-0.33", "-0.50"));
  }

  @Test
  void decimalWeightsAtDifferentScales() {
    List<BigDecimal> weights =
        List.of(new BigDecimal("0.5"), new BigDecimal("0.25"), new BigDecimal("0.250"));

    assertThat(eur("1.01").allocate(weights))
        .containsExactlyElementsOf(eurs("0.51", "0.25", "0.25"));
  }

  @Test
  void decimalWeightsWithNegativeScale() {
    List<BigDecimal> weights = List.of(new BigDecimal("1E+3"), new BigDecimal("3E+3"));

    assertThat(eur("1.00").allocate(weights)).containsExactlyElementsOf(eurs("0.25", "0.75"));
  }

  @Test
  void extremeAmountsStillAddUp() {
    Money min = Money.ofMinor(Long.MIN_VALUE, EUR);
    Money max = Money.ofMinor(Long.MAX_VALUE, EUR);

    assertThat(min.allocate(1)).containsExactly(min);
    assertThat(max.allocate(Long.MAX_VALUE, Long.MAX_VALUE, 1))
        .extracting(Money::minor)
        .containsExactly(4611686018427387903L, 4611686018427387903L, 1L);
    assertThat(min.split(2))
        .extracting(Money::minor)
        .containsExactly(Long.MIN_VALUE / 2, Long.MIN_VALUE / 2);
  }

  @Test
  void zeroAmountAllocatesToZeros() {
    assertThat(eur("0").allocate(1, 2)).containsExactlyElementsOf(eurs("0", "0"));
  }

  @Test
  void resultIsUnmodifiable() {
    List<Money> parts = eur("1").split(2);

    assertThatThrownBy(() -> parts.set(0, eur("2")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void refusesNoWeights() {
    assertThatThrownBy(() -> eur("1").allocate())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("at least one weight is needed to allocate EUR 1.00");
    assertThatThrownBy(() -> eur("1").allocate(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("at least one weight is needed to allocate EUR 1.00");
  }

  @Test
  void refusesNegativeWeights() {
    assertThatThrownBy(() -> eur("1").allocate(1, -2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("weight at index 1 is negative (-2); weights must be zero or positive");
    assertThatThrownBy(() -> eur("1").allocate(List.of(new BigDecimal("-0.5"))))
        .hasMessage("weight at index 0 is negative (-0.5); weights must be zero or positive");
  }

  @Test
  void refusesAllZeroWeights() {
    assertThatThrownBy(() -> eur("1").allocate(0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("all weights are zero; at least one must be positive to allocate EUR 1.00");
    assertThatThrownBy(() -> eur("1").allocate(List.of(new BigDecimal("0.000"))))
        .hasMessage("all weights are zero; at least one must be positive to allocate EUR 1.00");
  }
}
