package dev.levier.analytics;

import org.jspecify.annotations.Nullable;

/**
 * The relative lift of a holdout experiment, {@code treatedRate / holdoutRate − 1}, with its
 * confidence interval: 0.25 means the reward raised the conversion rate by a quarter.
 *
 * <p>The lift is a ratio over the holdout rate, so it has no value when the holdout converted no
 * one: then {@link #estimate()} is null and {@link #undefinedBecause()} says why, rather than an
 * infinity or a NaN leaking into reports. The interval stays informative where it can: with no
 * holdout conversion but some treated ones, the data still bound the lift from below ("at least
 * +40%"), and only the upper bound is missing.
 *
 * @param estimate the lift, or null when the holdout has no conversion
 * @param lower the lower confidence bound, at least −1 (the reward stopped every conversion)
 * @param upper the upper confidence bound, or null when the data do not bound the lift from above
 * @param undefinedBecause why the estimate or a bound is missing, or null when all are present
 */
public record LiftEstimate(
    @Nullable Double estimate,
    double lower,
    @Nullable Double upper,
    @Nullable String undefinedBecause) {

  public LiftEstimate {
    if (!(lower >= -1)) {
      throw new IllegalArgumentException("lower must be at least -1, was " + lower);
    }
    if (estimate != null && !(lower <= estimate)) {
      throw new IllegalArgumentException(
          "need lower ≤ estimate, was " + lower + " and " + estimate);
    }
    if (estimate != null && upper != null && !(estimate <= upper)) {
      throw new IllegalArgumentException(
          "need estimate ≤ upper, was " + estimate + " and " + upper);
    }
    if ((estimate == null || upper == null) == (undefinedBecause == null)) {
      throw new IllegalArgumentException(
          "undefinedBecause must be given exactly when the estimate or the upper bound is missing");
    }
  }

  /** True if the lift has a value and an upper bound. */
  public boolean isDefined() {
    return undefinedBecause == null;
  }

  /** True if the interval holds the value; a missing upper bound holds every value above lower. */
  public boolean contains(double lift) {
    return lower <= lift && (upper == null || lift <= upper);
  }
}
