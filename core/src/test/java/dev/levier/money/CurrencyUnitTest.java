package dev.levier.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Currency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CurrencyUnitTest {

  @ParameterizedTest
  @CsvSource({"EUR,2", "USD,2", "GBP,2", "CHF,2", "JPY,0", "KRW,0", "BHD,3", "KWD,3", "CLF,4"})
  void takesTheExponentFromIso4217(String code, int exponent) {
    CurrencyUnit unit = CurrencyUnit.of(code);

    assertThat(unit.code()).isEqualTo(code);
    assertThat(unit.exponent()).isEqualTo(exponent);
  }

  @Test
  void constantsAreTheCachedInstances() {
    assertThat(CurrencyUnit.of("EUR")).isSameAs(CurrencyUnit.EUR).isSameAs(CurrencyUnit.of("EUR"));
    assertThat(CurrencyUnit.of("USD")).isSameAs(CurrencyUnit.USD);
    assertThat(CurrencyUnit.of("GBP")).isSameAs(CurrencyUnit.GBP);
    assertThat(CurrencyUnit.of("JPY")).isSameAs(CurrencyUnit.JPY);
    assertThat(CurrencyUnit.of("CHF")).isSameAs(CurrencyUnit.CHF);
    assertThat(CurrencyUnit.of("BHD")).isSameAs(CurrencyUnit.BHD);
  }

  @Test
  void constructorAcceptsTheIsoPairAndEqualsTheCachedInstance() {
    assertThat(new CurrencyUnit("EUR", 2)).isEqualTo(CurrencyUnit.EUR);
  }

  @Test
  void constructorRefusesAnExponentThatDisagreesWithIso() {
    assertThatThrownBy(() -> new CurrencyUnit("EUR", 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("EUR has 2 decimal places in ISO 4217, not 3");
  }

  @Test
  void constructorRefusesCodesThatOfRefuses() {
    assertThatThrownBy(() -> new CurrencyUnit("eur", 2))
        .isInstanceOf(MoneyFormatException.class)
        .hasMessageContaining("is not uppercase");
  }

  @Test
  void toStringIsTheCode() {
    assertThat(CurrencyUnit.JPY).hasToString("JPY");
  }

  @Test
  void lowercaseIsRefusedWithTheExactCodeToUse() {
    assertThatThrownBy(() -> CurrencyUnit.of("eur"))
        .isInstanceOf(MoneyFormatException.class)
        .hasMessage(
            "\"eur\" is not uppercase; currency codes must be exact ISO 4217 codes: use \"EUR\"");
    assertThatThrownBy(() -> CurrencyUnit.of("Usd"))
        .hasMessage(
            "\"Usd\" is not uppercase; currency codes must be exact ISO 4217 codes: use \"USD\"");
  }

  @Test
  void lowercaseUnknownCodeDoesNotSuggestAnotherUnknownCode() {
    assertThatThrownBy(() -> CurrencyUnit.of("abc"))
        .isInstanceOf(MoneyFormatException.class)
        .hasMessage("\"abc\" is not an ISO 4217 currency code, and codes must be uppercase");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "EU", "EURO", " EUR", "EUR ", "E1R", "E-R", "ÉUR"})
  void refusesAnythingButThreeLetters(String code) {
    assertThatThrownBy(() -> CurrencyUnit.of(code))
        .isInstanceOf(MoneyFormatException.class)
        .hasMessage(
            "\""
                + code
                + "\" is not an ISO 4217 currency code: expected three uppercase letters, like"
                + " \"EUR\"");
  }

  @Test
  void refusesUnknownCodes() {
    assertThatThrownBy(() -> CurrencyUnit.of("ABC"))
        .isInstanceOf(MoneyFormatException.class)
        .hasMessage("\"ABC\" is not an ISO 4217 currency code");
  }

  @ParameterizedTest
  @ValueSource(strings = {"XXX", "XAU", "XAG", "XDR", "XTS", "XPT"})
  void refusesCodesWithoutMinorUnit(String code) {
    assertThatThrownBy(() -> CurrencyUnit.of(code))
        .isInstanceOf(MoneyFormatException.class)
        .hasMessage(
            "\""
                + code
                + "\" has no minor unit in ISO 4217 (it is a precious metal, fund, testing or"
                + " no-currency code), so it cannot be used for money amounts");
  }

  @ParameterizedTest
  @ValueSource(strings = {"DEM", "FRF", "ITL", "HRK", "VEF", "MRO", "ZMK"})
  void refusesWithdrawnCodesTheJdkStillKnows(String code) {
    assertThatThrownBy(() -> CurrencyUnit.of(code))
        .isInstanceOf(MoneyFormatException.class)
        .hasMessage(
            "\""
                + code
                + "\" is a withdrawn ISO 4217 currency code; use the currency that replaced it");
  }

  @Test
  void longInputIsCutShortInTheMessage() {
    String code = "x".repeat(10_000);

    assertThatThrownBy(() -> CurrencyUnit.of(code))
        .isInstanceOf(MoneyFormatException.class)
        .hasMessageStartingWith("\"" + "x".repeat(40) + "...\" is not an ISO 4217 currency code")
        .message()
        .hasSizeLessThan(200);
  }

  @Test
  void everyJdkCurrencyIsEitherUsableWithItsIsoExponentOrRefusedWithAReason() {
    for (Currency currency : Currency.getAvailableCurrencies()) {
      String code = currency.getCurrencyCode();
      try {
        CurrencyUnit unit = CurrencyUnit.of(code);
        assertThat(unit.exponent()).as(code).isEqualTo(currency.getDefaultFractionDigits());
        assertThat(unit.exponent()).as(code).isNotNegative();
      } catch (MoneyFormatException e) {
        assertThat(e.getMessage()).as(code).startsWith("\"" + code + "\" ");
      }
    }
  }

  @Test
  void formatExceptionIsAnIllegalArgumentException() {
    assertThat(new MoneyFormatException("reason"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reason");
  }
}
