package dev.levier.analytics;

/**
 * The four counts of a holdout experiment on one publisher: the visitors who were shown the reward
 * (cashback or code) and how many of them converted, and the visitors randomly held out from it and
 * how many of them converted anyway.
 *
 * <p>Both groups must have at least one visitor: a rate over no visitors is no rate, and the
 * comparison needs two.
 *
 * @param treatedVisitors visitors shown the reward
 * @param treatedConversions conversions among them
 * @param holdoutVisitors visitors held out from the reward
 * @param holdoutConversions conversions among them
 */
public record HoldoutCounts(
    long treatedVisitors, long treatedConversions, long holdoutVisitors, long holdoutConversions) {

  public HoldoutCounts {
    requireGroup("treated", treatedVisitors, treatedConversions);
    requireGroup("holdout", holdoutVisitors, holdoutConversions);
    // The sums below feed doubles and the exact test; keep them exact.
    if (treatedVisitors > Long.MAX_VALUE - holdoutVisitors) {
      throw new IllegalArgumentException(
          "treatedVisitors + holdoutVisitors must not exceed " + Long.MAX_VALUE);
    }
  }

  private static void requireGroup(String group, long visitors, long conversions) {
    if (visitors <= 0) {
      throw new IllegalArgumentException(
          group + "Visitors must be positive (the group must not be empty), was " + visitors);
    }
    if (conversions < 0) {
      throw new IllegalArgumentException(
          group + "Conversions must not be negative, was " + conversions);
    }
    if (conversions > visitors) {
      throw new IllegalArgumentException(
          group
              + "Conversions must not exceed "
              + group
              + "Visitors ("
              + visitors
              + "), was "
              + conversions);
    }
  }

  /** The treated conversion rate, conversions over visitors. */
  public double treatedRate() {
    return (double) treatedConversions / treatedVisitors;
  }

  /** The holdout conversion rate, conversions over visitors. */
  public double holdoutRate() {
    return (double) holdoutConversions / holdoutVisitors;
  }

  /** Visitors in both groups. */
  public long visitors() {
    return treatedVisitors + holdoutVisitors;
  }

  /** Conversions in both groups. */
  public long conversions() {
    return treatedConversions + holdoutConversions;
  }
}
