package dev.levier.finance;

/**
 * No rate in the table converts one currency into another on the day asked: the conversion is
 * refused rather than done at a guessed or stale-by-accident rate. The message names the pair, the
 * day and what the table does have.
 */
public final class MissingRateException extends IllegalArgumentException {
  public MissingRateException(String message) {
    super(message);
  }
}
