package dev.levier.attribution;

import org.jspecify.annotations.Nullable;

/**
 * A model that shares each journey between its own touches by a fixed rule, without looking at
 * other journeys: the heuristic models. The same rule splits one conversion's commission between
 * the publishers of its journey.
 */
public interface TouchModel extends AttributionModel {

  /**
   * Writes into {@code weights} the share of each touch of {@code path}: zero or more, adding up to
   * one.
   *
   * @param path the channels of the touches, first touch first, at least one
   * @param agesDays how long before the conversion each touch happened, in days, or null to read
   *     the touches as one day apart with the last on the day of the conversion
   * @param weights where to write, at least as long as {@code path}
   */
  void weigh(int[] path, double @Nullable [] agesDays, double[] weights);

  /** Sums every path's touch shares, times its conversions and its value, per channel. */
  @Override
  default Credits attribute(Paths paths) {
    int channels = paths.channels().size();
    double[] conversions = new double[channels];
    double[] values = new double[channels];
    double[] weights = new double[8];
    for (int i = 0; i < paths.size(); i++) {
      long converted = paths.conversions(i);
      double value = paths.value(i);
      if (converted == 0 && value == 0) {
        continue;
      }
      int[] path = paths.path(i);
      if (weights.length < path.length) {
        weights = new double[Math.max(path.length, weights.length * 2)];
      }
      weigh(path, paths.ages(i), weights);
      for (int t = 0; t < path.length; t++) {
        conversions[path[t]] += weights[t] * converted;
        values[path[t]] += weights[t] * value;
      }
    }
    return Credits.of(describe(), paths.channels(), conversions, values);
  }
}
