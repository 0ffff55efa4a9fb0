package dev.levier.finance;

import dev.levier.geo.CountryCode;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;

/**
 * The VAT rate charged to advertisers by country, as the network's tax advice sets it (a
 * reverse-charged country is listed at 0).
 *
 * <p>A country missing from the table is an error rather than zero: invoicing without VAT where VAT
 * is due is a mistake the network pays for later.
 *
 * @param percentByCountry the rate per country in percent ({@code 20} for 20%), from 0 to 100 with
 *     at most 4 decimals
 */
public record VatRates(Map<CountryCode, BigDecimal> percentByCountry) {

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  public VatRates {
    percentByCountry = Map.copyOf(percentByCountry);
    percentByCountry.forEach((country, percent) -> requireValid(percent, country.code()));
  }

  /**
   * The rate for an advertiser's country.
   *
   * @throws IllegalArgumentException if the table has no rate for the country
   */
  public BigDecimal percentFor(CountryCode country) {
    Objects.requireNonNull(country, "country");
    BigDecimal percent = percentByCountry.get(country);
    if (percent == null) {
      throw new IllegalArgumentException(
          "no VAT rate for " + country + "; add one (0 for reverse charge) before invoicing");
    }
    return percent;
  }

  static void requireValid(BigDecimal percent, String what) {
    Objects.requireNonNull(percent, "vatPercent");
    if (percent.signum() < 0 || percent.compareTo(HUNDRED) > 0) {
      throw new IllegalArgumentException(
          "vatPercent: " + what + " must be from 0 to 100, not " + percent.toPlainString());
    }
    if (percent.stripTrailingZeros().scale() > 4) {
      throw new IllegalArgumentException(
          "vatPercent: " + what + " has more than 4 decimals: " + percent.toPlainString());
    }
  }
}
