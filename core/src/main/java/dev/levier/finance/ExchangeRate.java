package dev.levier.finance;

import dev.levier.money.CurrencyUnit;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * How many units of {@code quote} one unit of {@code base} buys, in effect from the start of {@code
 * date} (00:00 UTC) until a later rate for the same pair replaces it.
 *
 * @param base the currency converted from
 * @param quote the currency converted to, not {@code base}
 * @param rate units of {@code quote} per unit of {@code base}, above zero, exact as published
 * @param date the first day on which the rate applies, in UTC
 */
public record ExchangeRate(CurrencyUnit base, CurrencyUnit quote, BigDecimal rate, LocalDate date) {

  public ExchangeRate {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(quote, "quote");
    Objects.requireNonNull(rate, "rate");
    Objects.requireNonNull(date, "date");
    if (base.equals(quote)) {
      throw new IllegalArgumentException(
          "quote: a rate converts between two currencies, not " + base + " to itself");
    }
    if (rate.signum() <= 0) {
      throw new IllegalArgumentException(
          "rate: must be above zero, not "
              + rate.toPlainString()
              + " ("
              + base
              + " to "
              + quote
              + " on "
              + date
              + ")");
    }
  }

  /** {@code 2026-03-02 EUR/USD 1.0823}. */
  @Override
  public String toString() {
    return date + " " + base + "/" + quote + " " + rate.toPlainString();
  }
}
