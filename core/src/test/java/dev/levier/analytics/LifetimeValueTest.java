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

class LifetimeValueTest {

  private static LifetimeValue value =
      new LifetimeValue(new BgNbd(1, 1, 1, 1), new GammaGamma(1, 2, 1));

  @BeforeAll
  static void fit() {
    List<CustomerSummary> customers = CdnowSample.summaries();
    value = new LifetimeValue(BgNbd.fit(customers), GammaGamma.fit(customers));
  }

  /**
   * The lifetimes library's quickstart (CamDavidsonPilon/lifetimes, docs/Quickstart.md, last
   * example): customer_lifetime_value with time=12 and discount_rate=0.01 on the CDNOW summary. Its
   * default freq="D" makes each of the 12 periods 30 units of the data, which are weeks here, so
   * the periods are 30 weeks long: odd as a unit, but it is the documented computation, and
   * matching it to 6 digits checks both models and the discounting together.
   */
  @ParameterizedTest
  @CsvSource({
    "1, 140.096211",
    "2, 18.943467",
    "3, 38.180574",
    "6, 1003.868107",
    "9, 167.418216",
  })
  void matchesTheValuesLifetimesDocuments(String id, double expected) {
    LifetimeValue.Horizon lifetimesDefault = new LifetimeValue.Horizon(12, 30, 0.01);

    assertThat(value.of(CdnowSample.customer(id), lifetimesDefault))
        .isCloseTo(expected, withinPercentage(0.001));
  }

  @Test
  void withoutDiscountItIsTheMeanValueTimesThePurchases() {
    CustomerSummary c = CdnowSample.customer("1");
    double undiscounted =
        value.spend().expectedMeanValue(c) * value.purchases().expectedPurchases(52, c);

    assertThat(value.of(c, new LifetimeValue.Horizon(12, 52.0 / 12, 0)))
        .isCloseTo(undiscounted, within(1e-9));
  }

  @Test
  void discountingLowersTheValue() {
    CustomerSummary c = CdnowSample.customer("6");

    assertThat(value.of(c, new LifetimeValue.Horizon(12, 4.345, 0.01)))
        .isLessThan(value.of(c, new LifetimeValue.Horizon(12, 4.345, 0)))
        .isPositive();
  }

  @Test
  void aNewCustomerIsWorthThePopulationMeanTimesTheirPurchases() {
    double mean = value.spend().p() * value.spend().gamma() / (value.spend().q() - 1);
    double purchases = value.purchases().expectedPurchasesOfNewCustomer(52);

    assertThat(value.ofNewCustomer(new LifetimeValue.Horizon(1, 52, 0)))
        .isCloseTo(mean * purchases, within(1e-9));
  }

  @Test
  void noPeriodIsWorthNothing() {
    assertThat(value.of(CdnowSample.customer("1"), new LifetimeValue.Horizon(0, 4.345, 0.01)))
        .isZero();
  }

  @Test
  void theHorizonIsChecked() {
    assertThatThrownBy(() -> new LifetimeValue.Horizon(12, 0, 0.01))
        .hasMessage("periodLength must be a finite number above 0, not 0.0");
    assertThatThrownBy(() -> new LifetimeValue.Horizon(12, 4.345, -0.1))
        .hasMessage("discountRate must be a finite number zero or more, not -0.1");
    assertThatThrownBy(() -> new LifetimeValue.Horizon(-1, 4.345, 0.01))
        .hasMessage("periods must be zero or more, not -1");
  }
}
