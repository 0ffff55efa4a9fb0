package dev.levier.analytics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.math3.special.Gamma;

/**
 * The Gamma-Gamma model of the value of repeat purchases (Fader and Hardie, "The Gamma-Gamma Model
 * of Monetary Value", 2013; first used in Fader, Hardie and Lee, "RFM and CLV: Using Iso-Value
 * Curves for Customer Base Analysis", Journal of Marketing Research 42(4), 2005).
 *
 * <p>Each purchase of a customer is gamma distributed with shape {@code p} and a rate {@code nu} of
 * their own; across customers, {@code nu} is gamma distributed with shape {@code q} and rate {@code
 * gamma}. A customer's mean spend is then {@code p / nu}, and the population's {@code p gamma / (q
 * - 1)} when {@code q > 1}. {@code gamma} is in the currency units of the values; {@code p} and
 * {@code q} have no unit. The model assumes that what a customer spends does not depend on how
 * often they buy, which is worth checking on the data.
 *
 * @param p shape of the value of one purchase, positive
 * @param q shape of the customers' rates, positive
 * @param gamma rate of the customers' rates, in currency units, positive
 */
public record GammaGamma(double p, double q, double gamma) {

  /** The parameters' names, in order; {@code gamma} is the literature's {@code γ}. */
  public static final List<String> NAMES = List.of("p", "q", "gamma");

  public GammaGamma {
    positive("p", p);
    positive("q", q);
    positive("gamma", gamma);
  }

  /**
   * The maximum-likelihood model of the customers who made a repeat purchase; the others are left
   * out, having no repeat value to learn from.
   *
   * @throws ModelFitException if no customer made a repeat purchase, one who did has a mean value
   *     of 0 (the model has no room for free purchases), or the fit does not settle
   */
  public static GammaGamma fit(List<CustomerSummary> customers) {
    List<CustomerSummary> buyers = repeatBuyers(customers);
    if (buyers.isEmpty()) {
      throw new ModelFitException(
          "Gamma-Gamma: no customer made a repeat purchase (x > 0), so there is no spend to fit");
    }
    double total = 0;
    for (CustomerSummary c : buyers) {
      total += c.meanRepeatValue();
    }
    // With p = 1 and q = 2 the population's mean spend is gamma: start it at the observed mean.
    double[] start = {1, 2, total / buyers.size()};
    double[] fitted =
        LogSpaceFit.maximise(
            "Gamma-Gamma", NAMES, start, v -> logLikelihood(buyers, v[0], v[1], v[2]));
    return new GammaGamma(fitted[0], fitted[1], fitted[2]);
  }

  /**
   * The log-likelihood of the customers who made a repeat purchase: the sum of the log density of
   * their mean value {@code zbar} given their {@code x}, {@code Γ(px+q) / (Γ(px) Γ(q)) γ^q
   * zbar^(px-1) x^(px) / (γ + x zbar)^(px+q)}.
   *
   * @throws ModelFitException if a repeat buyer has a mean value of 0
   */
  public double logLikelihood(List<CustomerSummary> customers) {
    return logLikelihood(repeatBuyers(customers), p, q, gamma);
  }

  /**
   * The expected mean value of this customer's future purchases, given their history: {@code p
   * (gamma + x zbar) / (p x + q - 1)}. It weighs the customer's own mean {@code zbar} by {@code p x
   * / (p x + q - 1)} against the population's mean, so the more purchases, the more their own mean
   * counts; with no repeat purchase it is the population's mean.
   *
   * @throws ArithmeticException if {@code p x + q <= 1}, where the expectation is infinite (only
   *     possible when {@code q <= 1})
   */
  public double expectedMeanValue(CustomerSummary customer) {
    int x = customer.repeatPurchases();
    double zbar = x == 0 ? 0 : customer.meanRepeatValue();
    double denominator = p * x + q - 1;
    if (!(denominator > 0)) {
      throw new ArithmeticException(
          "the expected mean value is infinite when p x + q <= 1 (p = "
              + p
              + ", q = "
              + q
              + ", x = "
              + x
              + ")");
    }
    return p * (gamma + x * zbar) / denominator;
  }

  private static double logLikelihood(
      List<CustomerSummary> buyers, double p, double q, double gamma) {
    // The gamma functions depend on x alone: computed once per distinct x, they no longer cost
    // two log-gamma calls per customer and evaluation.
    Map<Integer, Double> byCount = new HashMap<>();
    double logGammaQ = Gamma.logGamma(q);
    double qLogGamma = q * Math.log(gamma);
    double sum = 0;
    for (CustomerSummary c : buyers) {
      int x = c.repeatPurchases();
      double zbar = c.meanRepeatValue();
      double px = p * x;
      double logGammas =
          byCount.computeIfAbsent(
              x, k -> Gamma.logGamma(px + q) - Gamma.logGamma(px) - logGammaQ + px * Math.log(k));
      sum +=
          logGammas + qLogGamma + (px - 1) * Math.log(zbar) - (px + q) * Math.log(gamma + x * zbar);
    }
    return sum;
  }

  private static List<CustomerSummary> repeatBuyers(List<CustomerSummary> customers) {
    Objects.requireNonNull(customers, "customers");
    List<CustomerSummary> buyers = new ArrayList<>();
    int free = 0;
    for (CustomerSummary c : customers) {
      if (c.repeatPurchases() > 0) {
        if (c.meanRepeatValue() == 0) {
          free++;
        }
        buyers.add(c);
      }
    }
    if (free > 0) {
      throw new ModelFitException(
          "Gamma-Gamma: "
              + free
              + " of the customers with repeat purchases have zbar = 0; the model needs a"
              + " positive mean value (leave them out, or give their purchases a value)");
    }
    return buyers;
  }

  private static void positive(String name, double value) {
    if (!(value > 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be a finite number above 0, not " + value);
    }
  }
}
