package dev.levier.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The BG/NBD model on the CDNOW sample, against the published fit and the published predictions.
 */
class BgNbdCdnowTest {

  private static List<CustomerSummary> customers = List.of();
  private static BgNbd model = new BgNbd(1, 1, 1, 1);

  @BeforeAll
  static void fit() {
    customers = CdnowSample.summaries();
    model = BgNbd.fit(customers);
  }

  @Test
  void theSampleHasTheCustomersOfThePaper() {
    assertThat(customers).hasSize(2357);
  }

  /**
   * Fader, Hardie and Lee (2005), "'Counting Your Customers' the Easy Way", section 4: r = 0.243,
   * alpha = 4.414, a = 0.793, b = 2.426, log-likelihood -9582.4.
   */
  @Test
  void reproducesThePublishedParametersAndLikelihood() {
    assertThat(model.r()).isCloseTo(0.243, withinPercentage(1));
    assertThat(model.alpha()).isCloseTo(4.414, withinPercentage(1));
    assertThat(model.a()).isCloseTo(0.793, withinPercentage(1));
    assertThat(model.b()).isCloseTo(2.426, withinPercentage(1));
    assertThat(model.logLikelihood(customers)).isCloseTo(-9582.4, within(0.1));
  }

  @Test
  void thePublishedParametersAreNoBetterThanTheFit() {
    BgNbd published = new BgNbd(0.243, 4.414, 0.793, 2.426);

    assertThat(model.logLikelihood(customers))
        .isGreaterThanOrEqualTo(published.logLikelihood(customers));
  }

  /**
   * The lifetimes library's quickstart (CamDavidsonPilon/lifetimes, docs/Quickstart.md, "Ranking
   * customers from best to worst") lists the five CDNOW customers with the most purchases expected
   * in the next week; its fit (r 0.242593, alpha 4.413532, a 0.792886, b 2.425752) agrees with ours
   * to about 1e-5, so the predictions agree to 6 digits or so.
   */
  @Test
  void predictsTheNextWeekOfTheBestCustomersAsLifetimesDocuments() {
    assertThat(model.expectedPurchases(1, CdnowSample.customer("1516")))
        .isCloseTo(0.710623, within(1e-4));
    assertThat(model.expectedPurchases(1, CdnowSample.customer("157")))
        .isCloseTo(0.662396, within(1e-4));
    assertThat(model.expectedPurchases(1, CdnowSample.customer("1981")))
        .isCloseTo(0.486526, within(1e-4));
    assertThat(model.expectedPurchases(1, CdnowSample.customer("841")))
        .isCloseTo(0.474738, within(1e-4));
    assertThat(model.expectedPurchases(1, CdnowSample.customer("509")))
        .isCloseTo(0.424877, within(1e-4));
  }

  @Test
  void thoseAreTheFiveHighestPredictions() {
    List<String> top =
        CdnowSample.customers().stream()
            .sorted(
                (c, d) ->
                    Double.compare(
                        model.expectedPurchases(1, d.summary()),
                        model.expectedPurchases(1, c.summary())))
            .limit(5)
            .map(IdentifiedCustomer::id)
            .toList();

    assertThat(top).containsExactly("1516", "157", "1981", "841", "509");
  }
}
