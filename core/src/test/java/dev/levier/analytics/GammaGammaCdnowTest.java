package dev.levier.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Gamma-Gamma model on the 946 CDNOW customers with repeat purchases. */
class GammaGammaCdnowTest {

  private static List<CustomerSummary> customers = List.of();
  private static GammaGamma model = new GammaGamma(1, 1, 1);

  @BeforeAll
  static void fit() {
    customers = CdnowSample.summaries();
    model = GammaGamma.fit(customers);
  }

  /**
   * Fader and Hardie, "The Gamma-Gamma Model of Monetary Value" (2013), on the same customers: p =
   * 6.25, q = 3.74, gamma = 15.44.
   */
  @Test
  void reproducesThePublishedParameters() {
    assertThat(customers.stream().filter(c -> c.repeatPurchases() > 0)).hasSize(946);
    assertThat(model.p()).isCloseTo(6.25, withinPercentage(1));
    assertThat(model.q()).isCloseTo(3.74, withinPercentage(1));
    assertThat(model.gamma()).isCloseTo(15.44, withinPercentage(1));
  }

  @Test
  void thePublishedParametersAreNoBetterThanTheFit() {
    assertThat(model.logLikelihood(customers))
        .isGreaterThanOrEqualTo(new GammaGamma(6.25, 3.74, 15.44).logLikelihood(customers));
  }

  /**
   * The lifetimes library's quickstart (CamDavidsonPilon/lifetimes, docs/Quickstart.md, "Estimating
   * customer lifetime value using the Gamma-Gamma model"), conditional_expected_average_profit of
   * the first CDNOW customers; its fit (p 6.25, q 3.74, v 15.45) differs from ours in the fifth
   * digit, hence the tolerance. Customer 3 has no repeat purchase and gets the population mean.
   */
  @ParameterizedTest
  @CsvSource({"1, 24.658619", "2, 18.911489", "3, 35.170981", "6, 71.462843", "9, 27.282408"})
  void predictsTheMeanValuesLifetimesDocuments(String id, double expected) {
    assertThat(model.expectedMeanValue(CdnowSample.customer(id))).isCloseTo(expected, within(1e-4));
  }

  @Test
  void refusesToFitWithoutRepeatBuyers() {
    assertThatThrownBy(() -> GammaGamma.fit(List.of(CustomerSummary.of(0, 0, 10))))
        .isInstanceOf(ModelFitException.class)
        .hasMessageContaining("no customer made a repeat purchase");
  }

  @Test
  void refusesRepeatBuyersWithoutValue() {
    List<CustomerSummary> free =
        List.of(new CustomerSummary(2, 5, 10, 0), new CustomerSummary(1, 3, 10, 12.5));

    assertThatThrownBy(() -> GammaGamma.fit(free))
        .isInstanceOf(ModelFitException.class)
        .hasMessageContaining("1 of the customers with repeat purchases have zbar = 0");
  }

  @Test
  void refusesDataThatDoNotDetermineTheModel() {
    // Every customer spends exactly the same: the spread between customers goes to zero, so the
    // likelihood keeps rising as p and q grow without bound.
    List<CustomerSummary> same =
        List.of(
            new CustomerSummary(1, 3, 10, 20),
            new CustomerSummary(2, 5, 10, 20),
            new CustomerSummary(3, 8, 10, 20));

    assertThatThrownBy(() -> GammaGamma.fit(same))
        .isInstanceOf(ModelFitException.class)
        .hasMessageContaining("runs to");
  }

  @Test
  void theMeanValueIsInfiniteWhenQIsAtMostOne() {
    assertThatThrownBy(
            () -> new GammaGamma(2, 0.5, 10).expectedMeanValue(CustomerSummary.of(0, 0, 10)))
        .isInstanceOf(ArithmeticException.class)
        .hasMessageContaining("infinite");
  }
}
