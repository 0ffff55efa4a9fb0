package dev.levier.finance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateTableTest {
  static final CurrencyUnit EUR = CurrencyUnit.EUR;
  static final CurrencyUnit USD = CurrencyUnit.USD;
  static final CurrencyUnit GBP = CurrencyUnit.GBP;
  static final CurrencyUnit JPY = CurrencyUnit.JPY;

  static final String FILE =
      """
      date,base,quote,rate
      2026-03-02,EUR,USD,1.0823
      2026-03-02,EUR,GBP,0.8571
      2026-03-03,EUR,USD,1.0850
      2026-03-02,EUR,JPY,162.37
      """;

  static ExchangeRate rate(String date, CurrencyUnit base, CurrencyUnit quote, String rate) {
    return new ExchangeRate(base, quote, new BigDecimal(rate), LocalDate.parse(date));
  }

  @Test
  void theRateInEffectIsTheLatestOnOrBeforeTheUtcDay() {
    RateTable table = RateTable.parseCsv(FILE);

    assertThat(table.rate(EUR, USD, Instant.parse("2026-03-02T23:59:59Z")).rate())
        .isEqualByComparingTo("1.0823");
    assertThat(table.rate(EUR, USD, Instant.parse("2026-03-03T00:00:00Z")).rate())
        .isEqualByComparingTo("1.0850");
    assertThat(table.rate(EUR, USD, LocalDate.of(2026, 12, 31)).date())
        .isEqualTo(LocalDate.of(2026, 3, 3));
  }

  @Test
  void anInverseRateIsOneDivisionToTwelveSignificantDigits() {
    RateTable table = RateTable.parseCsv(FILE);

    ExchangeRate inverse = table.rate(USD, EUR, LocalDate.of(2026, 3, 3));

    assertThat(inverse.rate()).isEqualTo(new BigDecimal("0.921658986175"));
    assertThat(inverse.date()).isEqualTo(LocalDate.of(2026, 3, 3));
  }

  @Test
  void theLaterOfBothDirectionsWinsAndTheAskedDirectionOnTheSameDay() {
    RateTable table =
        RateTable.of(
            List.of(
                rate("2026-03-01", USD, EUR, "0.9"),
                rate("2026-03-02", EUR, USD, "1.25"),
                rate("2026-03-02", USD, EUR, "0.8")));

    assertThat(table.rate(USD, EUR, LocalDate.of(2026, 3, 2)).rate()).isEqualByComparingTo("0.8");
    assertThat(table.rate(EUR, USD, LocalDate.of(2026, 3, 2)).rate()).isEqualByComparingTo("1.25");
    assertThat(table.rate(EUR, USD, LocalDate.of(2026, 3, 1)).rate())
        .isEqualTo(new BigDecimal("1.11111111111"));
  }

  @Test
  void aCrossRateGoesThroughThePivotOnlyWhenOneIsSet() {
    RateTable table = RateTable.parseCsv(FILE);

    assertThatThrownBy(() -> table.rate(USD, GBP, LocalDate.of(2026, 3, 3)))
        .isInstanceOf(MissingRateException.class)
        .hasMessage(
            "no rate from USD to GBP on or before 2026-03-03: the table has no USD/GBP or GBP/USD"
                + " rate by then, and no pivot currency is set for cross rates");

    ExchangeRate cross = table.withPivot(EUR).rate(USD, GBP, LocalDate.of(2026, 3, 3));

    // 0.8571 / 1.0850 in one division, dated by the older leg (EUR/GBP of 2026-03-02)
    assertThat(cross.rate()).isEqualTo(new BigDecimal("0.789953917051"));
    assertThat(cross.date()).isEqualTo(LocalDate.of(2026, 3, 2));
  }

  @Test
  void noRateBeforeTheFirstIsAnErrorThatSaysWhenTheFirstIs() {
    RateTable table = RateTable.parseCsv(FILE).withPivot(EUR);

    assertThatThrownBy(() -> table.rate(EUR, USD, LocalDate.of(2026, 3, 1)))
        .isInstanceOf(MissingRateException.class)
        .hasMessage(
            "no rate from EUR to USD on or before 2026-03-01: the table has no EUR/USD or USD/EUR"
                + " rate by then (its first is from 2026-03-02)");
  }

  @Test
  void aConversionKeepsTheRateAndItsDate() {
    RateTable table = RateTable.parseCsv(FILE);

    Conversion conversion =
        table.convert(Money.ofMinor(123_45, EUR), JPY, Instant.parse("2026-03-05T12:00:00Z"));

    assertThat(conversion.to()).isEqualTo(Money.ofMinor(20_045, JPY)); // 123.45 × 162.37 = 20044.58
    assertThat(conversion.rate()).isEqualByComparingTo("162.37");
    assertThat(conversion.rateDate()).isEqualTo(LocalDate.of(2026, 3, 2));
    assertThat(conversion.toString()).isEqualTo("EUR 123.45 → JPY 20045 at 162.37 (2026-03-02)");
    Conversion same =
        table.convert(Money.ofMinor(5, EUR), EUR, Instant.parse("2026-03-05T12:00:00Z"));
    assertThat(same.to()).isEqualTo(Money.ofMinor(5, EUR));
    assertThat(same.rate()).isEqualByComparingTo("1");
  }

  @Test
  void aConversionWhoseAmountsDisagreeWithItsRateCannotExist() {
    assertThatThrownBy(
            () ->
                new Conversion(
                    Money.ofMinor(1000, EUR),
                    Money.ofMinor(1083, USD),
                    new BigDecimal("1.0823"),
                    LocalDate.of(2026, 3, 2)))
        .hasMessage("to: EUR 10.00 at 1.0823 is USD 10.82, not USD 10.83");
  }

  @Test
  void loadingTheSameRatesAgainChangesNothingButAChangedRateIsRefused() {
    RateTable table = RateTable.parseCsv(FILE);

    assertThat(table.plus(table.rates()).rates()).isEqualTo(table.rates());
    assertThatThrownBy(() -> table.plus(List.of(rate("2026-03-02", EUR, USD, "1.09"))))
        .hasMessage(
            "rates: 2026-03-02 EUR/USD 1.09 conflicts with 2026-03-02 EUR/USD 1.0823; a rate once"
                + " loaded is not replaced");
  }

  @Test
  void aFileWithBadRowsIsRefusedWholeWithEveryRowAndReason() {
    String file =
        "date,base,quote,rate\r\n"
            + "2026-03-02,EUR,USD,1.0823\r\n"
            + "2026-02-30,EUR,USD,1.08\r\n"
            + "2026-03-02,eur,XXX,1.08\r\n"
            + "2026-03-02,EUR,GBP,-0.85\r\n"
            + "\r\n"
            + "2026-03-02,EUR,USD,1.0823\r\n"
            + "2026-03-02,EUR,EUR,1\r\n"
            + "2026-03-02,EUR,CHF\r\n"
            + "2026-03-02,EUR,CHF,0\r\n"
            + "2026-03-02,EUR,CHF,1e3\r\n";

    assertThatThrownBy(() -> RateTable.parseCsv(new StringReader(file)))
        .isInstanceOfSatisfying(
            RateFileException.class,
            e ->
                assertThat(e.errors())
                    .extracting(RateFileException.RowError::toString)
                    .containsExactly(
                        "row 3: date \"2026-02-30\" is not an ISO date like 2026-03-02",
                        "row 4: base: \"eur\" is not uppercase; currency codes must be exact ISO"
                            + " 4217 codes: use \"EUR\"",
                        "row 4: quote: \"XXX\" has no minor unit in ISO 4217 (it is a precious"
                            + " metal, fund, testing or no-currency code), so it cannot be used"
                            + " for money amounts",
                        "row 5: rate \"-0.85\" is not a plain decimal like 1.0823 (digits and one"
                            + " '.', no sign or exponent)",
                        "row 7: a second EUR/USD rate for 2026-03-02; row 2 has one",
                        "row 8: base and quote are both EUR; a rate converts between two"
                            + " currencies",
                        "row 9: expected 4 fields date,base,quote,rate but found 3 in"
                            + " \"2026-03-02,EUR,CHF\"",
                        "row 10: rate must be above zero, not 0",
                        "row 11: rate \"1e3\" is not a plain decimal like 1.0823 (digits and one"
                            + " '.', no sign or exponent)"))
        .hasMessageStartingWith(
            "the rate file is refused, 9 errors: row 3: date \"2026-02-30\" is not an ISO date");
  }

  @Test
  void theHeaderIsRequiredAndSpacesQuotesAndAByteOrderMarkAreTolerated() {
    assertThatThrownBy(() -> RateTable.parseCsv("day,from,to,rate\n2026-03-02,EUR,USD,1\n"))
        .hasMessage(
            "the rate file is refused, 1 error: row 1: expected the header date,base,quote,rate,"
                + " found \"day,from,to,rate\"");
    assertThatThrownBy(() -> RateTable.parseCsv(""))
        .hasMessage(
            "the rate file is refused, 1 error: row 1: the file is empty; expected"
                + " date,base,quote,rate");
    assertThatThrownBy(() -> RateTable.parseCsv("date,base,quote,rate\n"))
        .hasMessage("the rate file is refused, 1 error: row 1: the file has a header but no rates");

    RateTable table =
        RateTable.parseCsv("\uFEFFdate, base ,quote,rate\n 2026-03-02 ,\"EUR\", USD ,\"1.0823\"\n");

    assertThat(table.rates()).containsExactly(rate("2026-03-02", EUR, USD, "1.0823"));
  }
}
