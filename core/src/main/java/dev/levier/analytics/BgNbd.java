package dev.levier.analytics;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Gamma;

/**
 * The BG/NBD model of repeat purchases (Fader, Hardie and Lee, "'Counting Your Customers' the Easy
 * Way: An Alternative to the Pareto/NBD Model", Marketing Science 24(2), 2005).
 *
 * <p>While active, a customer buys as a Poisson process of rate {@code lambda}; after each purchase
 * they become inactive for good with probability {@code p}. Across customers, {@code lambda} is
 * gamma distributed with shape {@code r} and rate {@code alpha}, and {@code p} is beta distributed
 * with shapes {@code a} and {@code b}. {@code alpha} is in the time unit of the summaries (a mean
 * rate is {@code r / alpha} purchases per unit); the others have no unit.
 *
 * @param r shape of the purchase rates, positive
 * @param alpha rate (inverse scale) of the purchase rates, in time units, positive
 * @param a first shape of the drop-out probabilities, positive
 * @param b second shape of the drop-out probabilities, positive
 */
public record BgNbd(double r, double alpha, double a, double b) {

  /** The parameters' names, in order, as the literature writes them. */
  public static final List<String> NAMES = List.of("r", "alpha", "a", "b");

  public BgNbd {
    positive("r", r);
    positive("alpha", alpha);
    positive("a", a);
    positive("b", b);
  }

  /**
   * The maximum-likelihood model of these customers.
   *
   * @throws ModelFitException if there is no customer, no customer made a repeat purchase (the
   *     likelihood then rises forever as the purchase rates go to zero), or the fit does not settle
   */
  public static BgNbd fit(List<CustomerSummary> customers) {
    Data data = new Data(customers);
    if (data.size() == 0) {
      throw new ModelFitException("BG/NBD: there are no customers to fit");
    }
    if (data.totalPurchases == 0) {
      throw new ModelFitException(
          "BG/NBD: no customer made a repeat purchase (x = 0 for all "
              + data.size()
              + "), so there is no purchase rate to estimate");
    }
    if (data.totalAge == 0) {
      throw new ModelFitException("BG/NBD: every customer has T = 0; there is no time to fit");
    }
    // A unit-free start: with r = 1 the mean purchase rate r / alpha matches the observed rate
    // of repeat purchases, whatever the time unit; a = b = 1 is a uniform drop-out probability.
    double[] start = {1, data.totalAge / data.totalPurchases, 1, 1};
    double[] fitted =
        LogSpaceFit.maximise(
            "BG/NBD", NAMES, start, p -> logLikelihood(data, p[0], p[1], p[2], p[3]));
    return new BgNbd(fitted[0], fitted[1], fitted[2], fitted[3]);
  }

  /**
   * The log-likelihood of these customers under this model: the sum over customers of the log of
   * equation 6 of the paper, {@code L = A1 A2 (A3 + [x > 0] A4)}.
   */
  public double logLikelihood(List<CustomerSummary> customers) {
    return logLikelihood(new Data(customers), r, alpha, a, b);
  }

  /**
   * The probability that this customer is still active at the end of the observation: {@code 1 / (1
   * + [x > 0] a / (b+x-1) ((alpha+T) / (alpha+t_x))^(r+x))} (Fader, Hardie and Lee, "Computing
   * P(alive) Using the BG/NBD Model", 2008). It is 1 when {@code x = 0}: in this model a customer
   * drops out only right after a purchase, and the first purchase is not counted.
   */
  public double probabilityAlive(CustomerSummary customer) {
    return 1 / (1 + Math.exp(logDeadOdds(customer)));
  }

  /**
   * How many purchases this customer is expected to make in the next {@code t} time units, given
   * their history: {@code E[Y(t) | x, t_x, T]}, equation 10 of the paper.
   *
   * <p>The paper writes it as {@code (a+b+x-1)/(a-1) [1 - u^(r+x) 2F1(r+x, b+x; a+b+x-1; z)] P}
   * with {@code u = (alpha+T)/(alpha+T+t)}, {@code z = 1 - u} and {@code P} the probability of
   * being alive. That form divides by {@code a - 1} (0/0 at {@code a = 1}) and its series slows
   * down as {@code z} nears 1. Euler's transformation {@code 2F1(A,B;C;z) = (1-z)^(C-A-B)
   * 2F1(C-A,C-B;C; z)} turns the bracket into {@code 1 - u^(a-1) 2F1(a+b-1-r, a-1; C; z)}, {@code C
   * = a+b+x-1}, whose series has {@code a - 1} as a factor of every term but the first; dividing it
   * out term by term gives, exactly,
   *
   * <pre>
   * E = P [ C (1 - u^(a-1)) / (a-1)  -  u^(a-1) (a+b-1-r) z 3F2(a+b-r, a, 1; C+1, 2; z) ]
   * </pre>
   *
   * where {@code (1 - u^e) / e} is computed as {@code -expm1(e ln u) / e} (and {@code -ln u} at
   * {@code e = 0}). The series converges for every {@code t >= 0} since {@code 0 <= z < 1}, with
   * terms shrinking like {@code n^(a-r-x-2) z^n} instead of {@code n^(r+x-a) z^n}.
   *
   * @param t the horizon, in the summaries' time unit, zero or more
   */
  public double expectedPurchases(double t, CustomerSummary customer) {
    return expected(t, customer.repeatPurchases(), customer.age()) * probabilityAlive(customer);
  }

  /**
   * How many repeat purchases a customer just acquired is expected to make in their first {@code t}
   * time units: {@code E[X(t)]}, equation 7 of the paper (equation 10 with no history).
   */
  public double expectedPurchasesOfNewCustomer(double t) {
    return expected(t, 0, 0);
  }

  /**
   * The bracket of {@link #expectedPurchases}, for {@code x} repeat purchases and age {@code T}.
   */
  private double expected(double t, int x, double age) {
    if (!Double.isFinite(t) || t < 0) {
      throw new IllegalArgumentException("t (horizon) must be a finite number zero or more: " + t);
    }
    if (t == 0) {
      return 0;
    }
    double z = t / (alpha + age + t);
    double logU = -Math.log1p(t / (alpha + age));
    double e = a - 1;
    double c = a + b + x - 1;
    double shift = a + b - 1 - r;
    double oneMinusUeOverE = e == 0 ? -logU : -Math.expm1(e * logU) / e;
    double series =
        Hypergeometric.series(new double[] {shift + 1, a, 1}, new double[] {c + 1, 2}, z);
    return c * oneMinusUeOverE - Math.exp(e * logU) * shift * z * series;
  }

  /**
   * The log of {@code [x > 0] A4 / A3}, the odds of having dropped out after the last purchase
   * against still being active; minus infinity when {@code x = 0}.
   */
  private double logDeadOdds(CustomerSummary customer) {
    int x = customer.repeatPurchases();
    if (x == 0) {
      return Double.NEGATIVE_INFINITY;
    }
    return Math.log(a)
        - Math.log(b + x - 1)
        + (r + x) * (Math.log(alpha + customer.age()) - Math.log(alpha + customer.recency()));
  }

  private static double logLikelihood(Data data, double r, double alpha, double a, double b) {
    // Terms that depend on x alone are computed once per distinct x: CDNOW has 2,357 customers
    // but about 30 distinct counts, and log-gamma is the costly part of an evaluation.
    int[] counts = data.distinctCounts;
    double[] logA1 = new double[counts.length];
    double[] logA2 = new double[counts.length];
    double logGammaR = Gamma.logGamma(r);
    double logBetaAB = Beta.logBeta(a, b);
    for (int k = 0; k < counts.length; k++) {
      logA1[k] = Gamma.logGamma(r + counts[k]) - logGammaR;
      logA2[k] = Beta.logBeta(a, b + counts[k]) - logBetaAB;
    }
    double logAlpha = Math.log(alpha);
    double logA = Math.log(a);
    double sum = 0;
    for (int i = 0; i < data.size(); i++) {
      int x = data.x[i];
      int k = data.countIndex[i];
      double logA3 = -(r + x) * Math.log(alpha + data.age[i]);
      double logTail = logA3;
      if (x > 0) {
        double logA4 = logA - Math.log(b + x - 1) - (r + x) * Math.log(alpha + data.recency[i]);
        // log(A3 + A4) without leaving log space: both can underflow for frequent buyers (the
        // "#NUM!" problem Fader and Hardie describe for spreadsheets).
        double max = Math.max(logA3, logA4);
        logTail = max + Math.log1p(Math.exp(Math.min(logA3, logA4) - max));
      }
      sum += logA1[k] + r * logAlpha + logA2[k] + logTail;
    }
    return sum;
  }

  private static void positive(String name, double value) {
    if (!(value > 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be a finite number above 0, not " + value);
    }
  }

  /** The customers as columns, with the distinct purchase counts. */
  private static final class Data {
    final int[] x;
    final double[] recency;
    final double[] age;
    final int[] distinctCounts;
    final int[] countIndex;
    final double totalPurchases;
    final double totalAge;

    Data(List<CustomerSummary> customers) {
      Objects.requireNonNull(customers, "customers");
      int n = customers.size();
      x = new int[n];
      recency = new double[n];
      age = new double[n];
      double purchases = 0;
      double ages = 0;
      for (int i = 0; i < n; i++) {
        CustomerSummary c = customers.get(i);
        x[i] = c.repeatPurchases();
        recency[i] = c.recency();
        age[i] = c.age();
        purchases += x[i];
        ages += age[i];
      }
      distinctCounts = Arrays.stream(x).distinct().sorted().toArray();
      countIndex = new int[n];
      for (int i = 0; i < n; i++) {
        countIndex[i] = Arrays.binarySearch(distinctCounts, x[i]);
      }
      totalPurchases = purchases;
      totalAge = ages;
    }

    int size() {
      return x.length;
    }
  }
}
