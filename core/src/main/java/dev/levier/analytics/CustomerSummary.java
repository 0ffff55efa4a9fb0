package dev.levier.analytics;

/**
 * What the models need to know of one customer, in the notation of Fader, Hardie and Lee: how many
 * repeat purchases they made ({@code x}), when the last one was ({@code t_x}), how long they have
 * been observed ({@code T}) and the mean value of their repeat purchases ({@code zbar}).
 *
 * <p>Times are measured from the customer's first purchase, in one unit shared by all customers of
 * a data set (weeks for CDNOW). The first purchase itself is not counted: the models describe what
 * happens after acquisition.
 *
 * @param repeatPurchases {@code x}: purchases after the first, zero or more
 * @param recency {@code t_x}: time of the last repeat purchase, between 0 and the age; 0 when there
 *     is none
 * @param age {@code T}: time from the first purchase to the end of observation, zero or more
 * @param meanRepeatValue {@code zbar}: mean value of the repeat purchases, zero or more; ignored by
 *     the purchase model, and used by the spend model only when there are repeat purchases
 */
public record CustomerSummary(
    int repeatPurchases, double recency, double age, double meanRepeatValue) {

  /** Checks the summary; messages name the field as the literature and the CSV header do. */
  public CustomerSummary {
    if (repeatPurchases < 0) {
      throw new IllegalArgumentException(
          "x (repeat purchases) must be zero or more, not " + repeatPurchases);
    }
    if (!Double.isFinite(age) || age < 0) {
      throw new IllegalArgumentException(
          "T (age) must be a finite number zero or more, not " + age);
    }
    if (!Double.isFinite(recency) || recency < 0 || recency > age) {
      throw new IllegalArgumentException(
          "t_x (recency) must be between 0 and T (age) = " + age + ", not " + recency);
    }
    if (repeatPurchases == 0 && recency != 0) {
      // With no repeat purchase there is no last one: a non-zero recency means the columns are
      // mixed up, and the likelihood would silently read it as a purchase time.
      throw new IllegalArgumentException(
          "t_x (recency) must be 0 when x (repeat purchases) is 0, not " + recency);
    }
    if (!Double.isFinite(meanRepeatValue) || meanRepeatValue < 0) {
      throw new IllegalArgumentException(
          "zbar (mean repeat value) must be a finite number zero or more, not " + meanRepeatValue);
    }
  }

  /** A customer without the spend, for the purchase model alone. */
  public static CustomerSummary of(int repeatPurchases, double recency, double age) {
    return new CustomerSummary(repeatPurchases, recency, age, 0);
  }
}
