package dev.levier.money;

import static dev.levier.money.CurrencyUnit.BHD;
import static dev.levier.money.CurrencyUnit.EUR;
import static dev.levier.money.CurrencyUnit.JPY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyParseTest {

  @ParameterizedTest
  @CsvSource({
    "12, 1200",
    "12.3, 1230",
    "12.30, 1230",
    "-0.50, -50",
    "0, 0",
    "-0, 0",
    "0.01, 1",
    "-12.05, -1205",
    "007.5, 750",
    "92233720368547758.07, 9223372036854775807",
    "-92233720368547758.08, -9223372036854775808"
  })
  void parsesEuroAmountsExactly(String decimal, long minor) {
    assertThat(Money.parse(decimal, EUR)).isEqualTo(Money.ofMinor(minor, EUR));
  }

  @Test
  void usesTheExponentOfEachCurrency() {
    assertThat(Money.parse("1200", JPY).minor()).isEqualTo(1200);
    assertThat(Money.parse("1.234", BHD).minor()).isEqualTo(1234);
    assertThat(Money.parse("1.2", BHD).minor()).isEqualTo(1200);
    assertThat(Money.parse("9223372036854775807", JPY).minor()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void acceptsTrailingZerosBeyondTheExponentBecauseTheValueIsStillExact() {
    assertThat(Money.parse("12.300", EUR)).isEqualTo(Money.ofMinor(1230, EUR));
    assertThat(Money.parse("12.000000000000000000000000000", EUR))
        .isEqualTo(Money.ofMinor(1200, EUR));
    assertThat(Money.parse("5.0", JPY)).isEqualTo(Money.ofMinor(5, JPY));
    assertThat(Money.parse("92233720368547758.0700", EUR).minor()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void refusesMoreSignificantDecimalsThanTheCurrencyHas() {
    assertThatThrownBy(() -> Money.parse("12.345", EUR))
        .isInstanceOf(MoneyFormatException.class)
        .hasMessage("\"12.345\" has 3 decimal places; EUR allows at most 2");
    assertThatThrownBy(() -> Money.parse("1.2345", BHD))
        .hasMessage("\"1.2345\" has 4 decimal places; BHD allows at most 3");
  }

  @Test
  void saysWhenTrailingZerosWereNotCounted() {
    assertThatThrownBy(() -> Money.parse("12.3450", EUR))
        .isInstanceOf(MoneyFormatException.class)
        .hasMessage(
            "\"12.3450\" has 3 decimal places (not counting trailing zeros); EUR allows at most 2");
  }

  @Test
  void refusesDecimalsForCurrenciesWithoutMinorUnit() {
    assertThatThrownBy(() -> Money.parse("12.5", JPY))
        .isInstanceOf(MoneyFormatException.class)
        .hasMessage("\"12.5\" has 1 decimal place; JPY has no decimal places");
  }

  @Test
  void refusesExponentNotation() {
    assertThatThrownBy(() -> Money.parse("1e3", EUR))
        .isInstanceOf(MoneyFormatException.class)
        .hasMessage("\"1e3\" is not a plain decimal number: exponent notation is not accepted");
    assertThatThrownBy(() -> Money.parse("1.5E2", EUR))
        .hasMessage("\"1.5E2\" is not a plain decimal number: exponent notation is not accepted");
  }

  @Test
  void refusesALeadingPlusSoThatEachAmountHasOneSpelling() {
    assertThatThrownBy(() -> Money.parse("+5", EUR))
        .isInstanceOf(MoneyFormatException.class)
        .hasMessage("\"+5\" is not a plain decimal number: leave out the '+' sign");
  }

  @ParameterizedTest
  @ValueSource(strings = {" 12", "12 ", "1 000", "12\t", "1\u00a0000", "\n"})
  void refusesSpaces(String decimal) {
    assertThatThrownBy(() -> Money.parse(decimal, EUR))
        .isInstanceOf(MoneyFormatException.class)
        .hasMessage("\"" + decimal + "\" is not a plain decimal number: it contains spaces");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1,000.00", "1,5", "1_000", "1'000"})
  void refusesSeparatorsAndDecimalCommas(String decimal) {
    assertThatThrownBy(() -> Money.parse(decimal, EUR))
        .isInstanceOf(MoneyFormatException.class)
        .hasMessage(
            "\""
                + decimal
                + "\" is not a plain decimal number: use '.' as the decimal point and no thousands"
                + " separators, like 1234.50");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-",
        ".",
        ".5",
        "5.",
        "-.5",
        "1.2.3",
        "--1",
        "1-2",
        "abc",
        "NaN",
        "Infinity",
        "0x10",
        "١٢",
        "１２",
        "12€",
        "$12"
      })
  void refusesEverythingElseThatIsNotPlainAsciiDecimal(String decimal) {
    assertThatThrownBy(() -> Money.parse(decimal, EUR))
        .isInstanceOf(MoneyFormatException.class)
        .hasMessage(
            "\""
                + decimal
                + "\" is not a plain decimal number: expected digits with an optional leading '-'"
                + " and '.', like -1234.50");
  }

  @Test
  void refusesTheEmptyString() {
    assertThatThrownBy(() -> Money.parse("", EUR))
        .isInstanceOf(MoneyFormatException.class)
        .hasMessage("amount is empty");
  }

  @Test
  void refusesAmountsBeyondTheLongRangeOfMinorUnits() {
    assertThatThrownBy(() -> Money.parse("92233720368547758.08", EUR))
        .isInstanceOf(MoneyFormatException.class)
        .hasMessage(
            "amount exceeds the largest representable value for EUR (92233720368547758.07)");
    assertThatThrownBy(() -> Money.parse("99999999999999999999999999", JPY))
        .hasMessage("amount exceeds the largest representable value for JPY (9223372036854775807)");
    assertThatThrownBy(() -> Money.parse("-92233720368547758.09", EUR))
        .hasMessage(
            "amount is below the smallest representable value for EUR (-92233720368547758.08)");
  }

  @Test
  void longLeadingZerosAreStillExact() {
    assertThat(Money.parse("0".repeat(100_000) + "1.25", EUR)).isEqualTo(Money.ofMinor(125, EUR));
  }

  @Test
  void longInputIsCutShortInTheMessage() {
    String decimal = "1".repeat(1_000) + "x";

    assertThatThrownBy(() -> Money.parse(decimal, EUR))
        .hasMessageStartingWith("\"" + "1".repeat(40) + "...\" is not a plain decimal number")
        .message()
        .hasSizeLessThan(200);
  }

  @ParameterizedTest
  @CsvSource({
    "1230, EUR, 12.30",
    "1200, JPY, 1200",
    "1234, BHD, 1.234",
    "-5, EUR, -0.05",
    "0, EUR, 0.00",
    "0, JPY, 0",
    "-9223372036854775808, EUR, -92233720368547758.08"
  })
  void writesExactlyTheCurrencysDecimals(long minor, String code, String decimal) {
    Money money = Money.ofMinor(minor, CurrencyUnit.of(code));

    assertThat(money.toDecimalString()).isEqualTo(decimal);
    assertThat(money.toBigDecimal()).isEqualTo(new BigDecimal(decimal));
    assertThat(money).hasToString(code + " " + decimal);
  }

  @Test
  void bigDecimalCarriesTheCurrencyExponentAsScale() {
    assertThat(Money.ofMinor(1200, EUR).toBigDecimal().scale()).isEqualTo(2);
    assertThat(Money.ofMinor(1200, JPY).toBigDecimal().scale()).isZero();
  }
}
