package dev.levier.conversion;

import java.time.Duration;

/**
 * The thresholds of {@link FraudChecks}, set per programme or for the network.
 *
 * @param minClickToConversionSeconds an order less than this many seconds after its click is
 *     suspicious; 0 turns the check off. From 0 to {@value #MAX_CLICK_TO_CONVERSION_SECONDS}.
 * @param duplicateWindowMinutes how far back the caller looks for orders from the same customer
 *     with the same total; from 1 to {@value #MAX_DUPLICATE_WINDOW_MINUTES}
 */
public record FraudPolicy(int minClickToConversionSeconds, int duplicateWindowMinutes) {

  /** Faster than anyone can land on a page, fill a basket and pay. */
  public static final int DEFAULT_MIN_CLICK_TO_CONVERSION_SECONDS = 5;

  /** A double-submitted checkout or a replayed pixel arrives within minutes. */
  public static final int DEFAULT_DUPLICATE_WINDOW_MINUTES = 10;

  public static final int MAX_CLICK_TO_CONVERSION_SECONDS = 3_600;
  public static final int MAX_DUPLICATE_WINDOW_MINUTES = 10_080;

  /** The defaults: 5 seconds, 10 minutes. */
  public static final FraudPolicy DEFAULTS =
      new FraudPolicy(DEFAULT_MIN_CLICK_TO_CONVERSION_SECONDS, DEFAULT_DUPLICATE_WINDOW_MINUTES);

  /**
   * @throws IllegalArgumentException naming the setting that is out of range
   */
  public FraudPolicy {
    if (minClickToConversionSeconds < 0
        || minClickToConversionSeconds > MAX_CLICK_TO_CONVERSION_SECONDS) {
      throw new IllegalArgumentException(
          "minClickToConversionSeconds must be between 0 and "
              + MAX_CLICK_TO_CONVERSION_SECONDS
              + ", was "
              + minClickToConversionSeconds);
    }
    if (duplicateWindowMinutes < 1 || duplicateWindowMinutes > MAX_DUPLICATE_WINDOW_MINUTES) {
      throw new IllegalArgumentException(
          "duplicateWindowMinutes must be between 1 and "
              + MAX_DUPLICATE_WINDOW_MINUTES
              + ", was "
              + duplicateWindowMinutes);
    }
  }

  public Duration minClickToConversion() {
    return Duration.ofSeconds(minClickToConversionSeconds);
  }

  /** How far back the caller counts {@link FraudFacts#recentSimilarOrders()}. */
  public Duration duplicateWindow() {
    return Duration.ofMinutes(duplicateWindowMinutes);
  }
}
