package dev.levier.money;

import static dev.levier.money.CurrencyUnit.BHD;
import static dev.levier.money.CurrencyUnit.EUR;
import static dev.levier.money.CurrencyUnit.JPY;
import static dev.levier.money.CurrencyUnit.USD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MoneyArithmeticTest {

  private static Money eur(String decimal) {
    return Money.parse(decimal, EUR);
  }

  @Test
  void refusesAMissingCurrency() {
    assertThatThrownBy(() -> Money.ofMinor(1, nullCurrency()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("currency");
  }

  @SuppressWarnings("NullAway")
  private static CurrencyUnit nullCurrency() {
    return null;
  }

  @Test
  void zeroIsZeroInTheGivenCurrency() {
    assertThat(Money.zero(JPY)).isEqualTo(Money.ofMinor(0, JPY));
    assertThat(Money.zero(JPY).isZero()).isTrue();
    assertThat(Money.zero(JPY)).isNotEqualTo(Money.zero(EUR));
  }

  @Test
  void addsAndSubtractsInOneCurrency() {
    assertThat(eur("12.30").plus(eur("0.75"))).isEqualTo(eur("13.05"));
    assertThat(eur("12.30").minus(eur("12.35"))).isEqualTo(eur("-0.05"));
  }

  @Test
  void refusesToAddOrSubtractDifferentCurrencies() {
    assertThatThrownBy(() -> eur("1.00").plus(Money.parse("1.00", USD)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot add EUR 1.00 and USD 1.00: different currencies EUR and USD");
    assertThatThrownBy(() -> eur("1.00").minus(Money.parse("1", JPY)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot subtract EUR 1.00 and JPY 1: different currencies EUR and JPY");
  }

  @Test
  void detectsOverflowInsteadOfWrappingAround() {
    Money max = Money.ofMinor(Long.MAX_VALUE, EUR);
    Money min = Money.ofMinor(Long.MIN_VALUE, EUR);

    assertThatThrownBy(() -> max.plus(Money.ofMinor(1, EUR)))
        .isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> min.minus(Money.ofMinor(1, EUR)))
        .isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(min::negate).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(min::abs).isInstanceOf(ArithmeticException.class);
  }

  @Test
  void signs() {
    assertThat(eur("-0.05").negate()).isEqualTo(eur("0.05"));
    assertThat(eur("-0.05").abs()).isEqualTo(eur("0.05"));
    assertThat(eur("0.05").abs()).isEqualTo(eur("0.05"));
    assertThat(eur("-0.05").signum()).isEqualTo(-1);
    assertThat(eur("0").signum()).isZero();
    assertThat(eur("7").signum()).isEqualTo(1);
    assertThat(eur("-0.05").isNegative()).isTrue();
    assertThat(eur("0").isNegative()).isFalse();
    assertThat(eur("0").isPositive()).isFalse();
    assertThat(eur("0.01").isPositive()).isTrue();
    assertThat(eur("0.01").isZero()).isFalse();
  }

  @Test
  void comparesWithinOneCurrency() {
    List<Money> amounts = new ArrayList<>(List.of(eur("3"), eur("-1"), eur("2.50"), eur("0")));

    Collections.sort(amounts);

    assertThat(amounts).containsExactly(eur("-1"), eur("0"), eur("2.50"), eur("3"));
    assertThat(eur("1.00").compareTo(eur("1"))).isZero();
  }

  @Test
  void refusesToCompareDifferentCurrencies() {
    assertThatThrownBy(() -> eur("1.00").compareTo(Money.parse("1.00", USD)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot compare EUR 1.00 and USD 1.00: different currencies EUR and USD");
  }

  @Test
  void timesRoundsACommissionOnceToMinorUnits() {
    assertThat(eur("100.00").times(new BigDecimal("0.06"))).isEqualTo(eur("6.00"));
    assertThat(eur("19.99").times(new BigDecimal("0.06"))).isEqualTo(eur("1.20")); // 1.1994
    assertThat(eur("-19.99").times(new BigDecimal("0.06"))).isEqualTo(eur("-1.20"));
    assertThat(eur("3.00").times(new BigDecimal("-1"))).isEqualTo(eur("-3.00"));
  }

  @ParameterizedTest
  @CsvSource({"25, 12", "35, 18", "-25, -12", "-35, -18", "1, 0", "3, 2"})
  void timesRoundsHalfToEven(long minor, long halvedMinor) {
    assertThat(Money.ofMinor(minor, EUR).times(new BigDecimal("0.5")))
        .isEqualTo(Money.ofMinor(halvedMinor, EUR));
  }

  @Test
  void timesDecidesExtremeFactorsWithoutBuildingHugeNumbers() {
    assertThat(eur("1000000").times(new BigDecimal("1E-999999999"))).isEqualTo(eur("0"));
    assertThat(eur("1000000").times(new BigDecimal("0E+999999999"))).isEqualTo(eur("0"));
    assertThatThrownBy(() -> eur("0.01").times(new BigDecimal("1E+999999999")))
        .isInstanceOf(ArithmeticException.class)
        .hasMessage("result is outside the range of long minor units");
  }

  @Test
  void timesDetectsOverflow() {
    assertThatThrownBy(() -> Money.ofMinor(Long.MAX_VALUE, EUR).times(new BigDecimal("1.5")))
        .isInstanceOf(ArithmeticException.class)
        .hasMessage("result is outside the range of long minor units");
    assertThat(Money.ofMinor(Long.MAX_VALUE, EUR).times(BigDecimal.ONE).minor())
        .isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void percentTakesPercentagesAsWritten() {
    assertThat(eur("10.00").percent(new BigDecimal("6.5"))).isEqualTo(eur("0.65"));
    assertThat(eur("0.15").percent(new BigDecimal("6.5"))).isEqualTo(eur("0.01")); // 0.00975
    assertThat(eur("200").percent(new BigDecimal("100"))).isEqualTo(eur("200"));
    assertThat(Money.parse("1000", JPY).percent(new BigDecimal("0.25")))
        .isEqualTo(Money.parse("2", JPY)); // 2.5 rounds to even
  }

  @Test
  void convertAccountsForDifferentExponents() {
    assertThat(Money.parse("1000", JPY).convert(new BigDecimal("0.0062"), EUR))
        .isEqualTo(eur("6.20"));
    assertThat(eur("6.20").convert(new BigDecimal("161.29"), JPY))
        .isEqualTo(Money.parse("1000", JPY)); // 999.998
    assertThat(eur("1.00").convert(new BigDecimal("0.41"), BHD))
        .isEqualTo(Money.parse("0.410", BHD));
    assertThat(Money.parse("1.234", BHD).convert(new BigDecimal("2.5"), EUR))
        .isEqualTo(eur("3.08")); // 3.085 rounds to even
  }

  @Test
  void convertRoundsHalfToEven() {
    assertThat(eur("0.05").convert(new BigDecimal("150"), JPY)).isEqualTo(Money.parse("8", JPY));
    assertThat(eur("0.05").convert(new BigDecimal("130"), JPY)).isEqualTo(Money.parse("6", JPY));
  }

  @Test
  void convertAtRateOneIntoTheSameCurrencyIsIdentity() {
    assertThat(eur("12.34").convert(BigDecimal.ONE, EUR)).isEqualTo(eur("12.34"));
  }

  @Test
  void convertRefusesRatesThatAreNotPositive() {
    assertThatThrownBy(() -> eur("1").convert(BigDecimal.ZERO, USD))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("exchange rate must be positive, was 0");
    assertThatThrownBy(() -> eur("1").convert(new BigDecimal("-1.10"), USD))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("exchange rate must be positive, was -1.10");
  }

  @Test
  void convertDetectsOverflow() {
    assertThatThrownBy(() -> Money.ofMinor(Long.MAX_VALUE, JPY).convert(new BigDecimal("1"), EUR))
        .isInstanceOf(ArithmeticException.class);
  }
}
