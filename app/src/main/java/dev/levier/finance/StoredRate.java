package dev.levier.finance;

import java.time.Instant;

/**
 * An exchange rate as the API shows it.
 *
 * @param date the first UTC day the rate applies to, ISO ({@code 2026-11-25})
 * @param base the currency converted from
 * @param quote the currency converted to
 * @param rate units of {@code quote} per unit of {@code base}, a plain decimal string as loaded
 * @param loadedAt when it was last loaded (loading a pair and day again replaces the rate)
 * @param loadedBy the API key that loaded it ({@code key_...}), or {@code cli}
 */
public record StoredRate(
    String date, String base, String quote, String rate, Instant loadedAt, String loadedBy) {

  /** The page cursor key: date, base and quote, which identify a rate. */
  String key() {
    return date + "/" + base + "/" + quote;
  }
}
