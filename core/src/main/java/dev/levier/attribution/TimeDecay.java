package dev.levier.attribution;

import org.jspecify.annotations.Nullable;

/**
 * Touches closer to the conversion take more: a touch's weight halves every {@code halfLifeDays} of
 * age ({@code 2^(−age ÷ halfLife)}), and the weights of a journey are scaled to add up to one.
 * Paths without times are read as touches one day apart, the last on the day of the conversion.
 *
 * @param halfLifeDays after how many days a touch counts half as much, strictly positive; 7 by
 *     default
 */
public record TimeDecay(double halfLifeDays) implements TouchModel {

  public static final double DEFAULT_HALF_LIFE_DAYS = 7;

  public TimeDecay {
    if (!(halfLifeDays > 0) || Double.isInfinite(halfLifeDays)) {
      throw new IllegalArgumentException(
          "the half-life must be a positive number of days, not " + halfLifeDays);
    }
  }

  @Override
  public String describe() {
    return "time-decay (half-life " + Numbers.plain(halfLifeDays) + " days)";
  }

  @Override
  public void weigh(int[] path, double @Nullable [] agesDays, double[] weights) {
    int n = path.length;
    double total = 0;
    for (int t = 0; t < n; t++) {
      double age = agesDays == null ? n - 1 - t : agesDays[t];
      double weight = Math.pow(2, -age / halfLifeDays);
      weights[t] = weight;
      total += weight;
    }
    if (!(total > 0)) {
      // Ages so large that every weight underflowed: the relative order is lost, share equally.
      for (int t = 0; t < n; t++) {
        weights[t] = 1.0 / n;
      }
      return;
    }
    for (int t = 0; t < n; t++) {
      weights[t] /= total;
    }
  }
}
