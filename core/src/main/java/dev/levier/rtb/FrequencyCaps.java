package dev.levier.rtb;

/**
 * How often one user may see a line item's ads; zero means no cap for that period. A line item with
 * a cap bids only for users it can count: a request without a user id, or without consent to use
 * it, gets no bid from it.
 */
public record FrequencyCaps(int perHour, int perDay, int perFlight) {
  public static final FrequencyCaps NONE = new FrequencyCaps(0, 0, 0);

  public FrequencyCaps {
    if (perHour < 0 || perDay < 0 || perFlight < 0) {
      throw new IllegalArgumentException("caps must not be negative");
    }
  }

  public boolean any() {
    return perHour > 0 || perDay > 0 || perFlight > 0;
  }
}
