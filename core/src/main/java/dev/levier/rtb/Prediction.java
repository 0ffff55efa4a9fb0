package dev.levier.rtb;

/**
 * Predicted rates for one impression: the probability of a click, and of a sale once clicked. They
 * are estimates, not money, so they are {@code double}.
 */
public record Prediction(double clickRate, double conversionRate) {
  public Prediction {
    if (!(clickRate >= 0 && clickRate <= 1) || !(conversionRate >= 0 && conversionRate <= 1)) {
      throw new IllegalArgumentException(
          "rates must be within [0, 1], not " + clickRate + " and " + conversionRate);
    }
  }
}
