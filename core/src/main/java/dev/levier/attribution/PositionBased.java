package dev.levier.attribution;

import org.jspecify.annotations.Nullable;

/**
 * The first and the last touch take fixed shares (40% each by default) and the touches between
 * share the rest equally (20%). A two-touch journey has no middle, so its two end shares are scaled
 * to add up to one (40/40 becomes 50/50, 30/50 becomes 37.5/62.5); a one-touch journey gives its
 * touch everything. When the two end shares are both zero, a two-touch journey is split equally.
 *
 * @param first the first touch's share, from 0 to 1
 * @param middle what the touches between share, from 0 to 1
 * @param last the last touch's share, from 0 to 1; the three add up to one
 */
public record PositionBased(double first, double middle, double last) implements TouchModel {

  public static final PositionBased DEFAULT = new PositionBased(0.4, 0.2, 0.4);

  public PositionBased {
    Numbers.checkShares("position", new String[] {"first", "middle", "last"}, first, middle, last);
  }

  @Override
  public String describe() {
    return "position ("
        + Numbers.percent(first)
        + "/"
        + Numbers.percent(middle)
        + "/"
        + Numbers.percent(last)
        + ")";
  }

  @Override
  public void weigh(int[] path, double @Nullable [] agesDays, double[] weights) {
    endsAndMiddle(path.length, first, middle, last, weights);
  }

  /**
   * Writes the shares of a journey of {@code n} touches: the ends take {@code head} and {@code
   * tail}, the touches between share {@code between}; see the class description for short journeys.
   */
  static void endsAndMiddle(int n, double head, double between, double tail, double[] weights) {
    if (n == 1) {
      weights[0] = 1;
      return;
    }
    if (n == 2) {
      double ends = head + tail;
      weights[0] = ends > 0 ? head / ends : 0.5;
      weights[1] = ends > 0 ? tail / ends : 0.5;
      return;
    }
    weights[0] = head;
    weights[n - 1] = tail;
    double each = between / (n - 2);
    for (int t = 1; t < n - 1; t++) {
      weights[t] = each;
    }
  }
}
