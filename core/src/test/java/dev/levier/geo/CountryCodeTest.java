package dev.levier.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CountryCodeTest {

  @ParameterizedTest
  @ValueSource(strings = {"DE", "FR", "JP", "US", "GB", "BR"})
  void acceptsIsoCodes(String code) {
    assertThat(CountryCode.of(code).code()).isEqualTo(code);
  }

  @Test
  void acceptsEveryCodeTheJdkLists() {
    for (String code : Locale.getISOCountries()) {
      assertThat(CountryCode.of(code).code()).isEqualTo(code);
    }
  }

  @Test
  void instancesAreCached() {
    assertThat(CountryCode.of("DE")).isSameAs(CountryCode.of("DE"));
  }

  @Test
  void constructorValidatesToo() {
    assertThat(new CountryCode("DE")).isEqualTo(CountryCode.of("DE"));
    assertThatThrownBy(() -> new CountryCode("ZZ"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("\"ZZ\" is not an ISO 3166-1 alpha-2 country code");
  }

  @Test
  void toStringIsTheCode() {
    assertThat(CountryCode.of("JP")).hasToString("JP");
  }

  @Test
  void lowercaseIsRefusedWithTheExactCodeToUse() {
    assertThatThrownBy(() -> CountryCode.of("de"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "\"de\" is not uppercase; country codes must be exact ISO 3166-1 alpha-2 codes: use"
                + " \"DE\"");
    assertThatThrownBy(() -> CountryCode.of("Fr")).hasMessageContaining("use \"FR\"");
  }

  @Test
  void lowercaseUnknownCodeDoesNotSuggestAnotherUnknownCode() {
    assertThatThrownBy(() -> CountryCode.of("zz"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "\"zz\" is not an ISO 3166-1 alpha-2 country code, and codes must be uppercase");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ZZ", "UK", "XX", "EU"})
  void refusesUnassignedCodes(String code) {
    assertThatThrownBy(() -> CountryCode.of(code))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("\"" + code + "\" is not an ISO 3166-1 alpha-2 country code");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "D", "DEU", " DE", "D1", "ÄT"})
  void refusesAnythingButTwoLetters(String code) {
    assertThatThrownBy(() -> CountryCode.of(code))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "\""
                + code
                + "\" is not an ISO 3166-1 alpha-2 country code: expected two uppercase letters,"
                + " like \"DE\"");
  }

  @Test
  void longInputIsCutShortInTheMessage() {
    assertThatThrownBy(() -> CountryCode.of("Q".repeat(5_000)))
        .hasMessageStartingWith("\"" + "Q".repeat(40) + "...\"")
        .message()
        .hasSizeLessThan(200);
  }
}
