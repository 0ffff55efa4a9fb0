package dev.levier.analytics;

import java.util.Map;
import java.util.Objects;

/**
 * What one publisher did for one programme it works with: the valid clicks it sent, the sales it
 * brought and the lines of those sales by catalogue category.
 *
 * <p>A partnership without a sale yet is a pair with zero sales: it still says the publisher works
 * with the programme.
 *
 * @param publisherId the publisher
 * @param programmeId the programme
 * @param validClicks clicks without a bot, data-centre or velocity flag
 * @param sales sales not cancelled
 * @param linesByCategory lines sold, by category path such as {@code "Electronics > Phones"}
 */
public record AffinityPair(
    String publisherId,
    String programmeId,
    long validClicks,
    long sales,
    Map<String, Long> linesByCategory) {

  public AffinityPair {
    Objects.requireNonNull(publisherId, "publisherId");
    Objects.requireNonNull(programmeId, "programmeId");
    if (validClicks < 0 || sales < 0) {
      throw new IllegalArgumentException("validClicks and sales: must not be negative");
    }
    linesByCategory = Map.copyOf(linesByCategory);
    for (long lines : linesByCategory.values()) {
      if (lines < 0) {
        throw new IllegalArgumentException("linesByCategory: must not be negative");
      }
    }
  }
}
