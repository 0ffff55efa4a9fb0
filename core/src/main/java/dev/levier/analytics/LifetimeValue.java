package dev.levier.analytics;

import java.util.Objects;
import java.util.function.DoubleUnaryOperator;

/**
 * The discounted value of a customer's future repeat purchases: {@link BgNbd} says how many, {@link
 * GammaGamma} what each is worth.
 *
 * <p>The horizon is cut into {@code n} periods of length {@code L} (in the summaries' time unit).
 * The purchases expected in period {@code k}, {@code E[Y(kL)] - E[Y((k-1)L)]}, are valued at the
 * customer's expected mean value {@code m} and discounted as if they were all made at the end of
 * that period, at a rate {@code d} per period:
 *
 * <pre>
 * CLV = m * sum for k = 1..n of (E[Y(kL)] - E[Y((k-1)L)]) / (1 + d)^k
 * </pre>
 *
 * <p>This is the discrete discounting of the {@code lifetimes} library and of most practice; with
 * {@code d = 0} it is {@code m E[Y(nL)]}, the undiscounted expected spend. The value is in the
 * currency units of {@code zbar} and counts repeat purchases only, as both models do: the first
 * purchase has already happened. Multiplying the expected count by the expected value assumes that
 * the two are independent, the Gamma-Gamma model's own assumption.
 *
 * @param purchases how many purchases
 * @param spend what each is worth
 */
public record LifetimeValue(BgNbd purchases, GammaGamma spend) {

  public LifetimeValue {
    Objects.requireNonNull(purchases, "purchases");
    Objects.requireNonNull(spend, "spend");
  }

  /**
   * A horizon to value over.
   *
   * @param periods how many periods, zero or more
   * @param periodLength the length of one period in the summaries' time unit (4.345 for a month of
   *     weeks), above 0
   * @param discountRate per period (0.01 is 1% a period), zero or more
   */
  public record Horizon(int periods, double periodLength, double discountRate) {
    public Horizon {
      if (periods < 0) {
        throw new IllegalArgumentException("periods must be zero or more, not " + periods);
      }
      if (!Double.isFinite(periodLength) || !(periodLength > 0)) {
        throw new IllegalArgumentException(
            "periodLength must be a finite number above 0, not " + periodLength);
      }
      if (!Double.isFinite(discountRate) || discountRate < 0) {
        throw new IllegalArgumentException(
            "discountRate must be a finite number zero or more, not " + discountRate);
      }
    }
  }

  /** The discounted value of this customer's repeat purchases over the horizon. */
  public double of(CustomerSummary customer, Horizon horizon) {
    return spend.expectedMeanValue(customer)
        * discountedPurchases(t -> purchases.expectedPurchases(t, customer), horizon);
  }

  /**
   * The discounted value of the repeat purchases of a customer just acquired, before anything is
   * known of them but the population: what acquiring one is worth beyond the first purchase.
   */
  public double ofNewCustomer(Horizon horizon) {
    return spend.expectedMeanValue(CustomerSummary.of(0, 0, 0))
        * discountedPurchases(purchases::expectedPurchasesOfNewCustomer, horizon);
  }

  private static double discountedPurchases(DoubleUnaryOperator cumulative, Horizon horizon) {
    double sum = 0;
    double before = 0;
    for (int k = 1; k <= horizon.periods(); k++) {
      double upTo = cumulative.applyAsDouble(k * horizon.periodLength());
      sum += (upTo - before) / Math.pow(1 + horizon.discountRate(), k);
      before = upTo;
    }
    return sum;
  }
}
