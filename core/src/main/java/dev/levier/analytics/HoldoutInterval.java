package dev.levier.analytics;

/**
 * A point estimate with the bounds of its confidence interval, {@code lower ≤ estimate ≤ upper}.
 *
 * @param estimate the point estimate
 * @param lower the lower confidence bound
 * @param upper the upper confidence bound
 */
public record HoldoutInterval(double estimate, double lower, double upper) {

  public HoldoutInterval {
    if (!(lower <= estimate && estimate <= upper)) {
      throw new IllegalArgumentException(
          "need lower ≤ estimate ≤ upper, was " + lower + ", " + estimate + ", " + upper);
    }
  }

  /** True if the interval holds the value, bounds included. */
  public boolean contains(double value) {
    return lower <= value && value <= upper;
  }

  /** This interval with every value multiplied by a positive factor. */
  HoldoutInterval times(double factor) {
    return new HoldoutInterval(estimate * factor, lower * factor, upper * factor);
  }
}
