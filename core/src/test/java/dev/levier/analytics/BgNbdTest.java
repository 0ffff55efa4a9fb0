package dev.levier.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The BG/NBD formulas against the paper's own forms, computed here the direct way. */
class BgNbdTest {

  private static final BgNbd CDNOW = new BgNbd(0.243, 4.414, 0.793, 2.426);

  /** Equation 10 of the paper as printed, with the plain Gauss series. */
  private static double paperExpectation(BgNbd m, double t, CustomerSummary c) {
    int x = c.repeatPurchases();
    double big = m.alpha() + c.age();
    double f = Hypergeometric.f21(m.r() + x, m.b() + x, m.a() + m.b() + x - 1, t / (big + t));
    double numerator =
        (m.a() + m.b() + x - 1) / (m.a() - 1) * (1 - Math.pow(big / (big + t), m.r() + x) * f);
    double dead =
        x == 0 ? 0 : m.a() / (m.b() + x - 1) * Math.pow(big / (m.alpha() + c.recency()), m.r() + x);
    return numerator / (1 + dead);
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0, 38.86, 39",
    "2, 30.43, 38.86, 39",
    "1, 1.71, 38.86, 1",
    "7, 29.43, 38.86, 52",
    "26, 30.86, 31, 10",
    "29, 37.71, 38, 200",
    "3, 5, 27, 0.5",
  })
  void theRewrittenExpectationIsThePapers(int x, double tx, double age, double t) {
    CustomerSummary c = CustomerSummary.of(x, tx, age);
    double expected = paperExpectation(CDNOW, t, c);

    assertThat(CDNOW.expectedPurchases(t, c)).isCloseTo(expected, within(1e-11 * (1 + expected)));
  }

  @Test
  void theRewrittenExpectationHoldsWithAAboveOne() {
    BgNbd model = new BgNbd(1.7, 12, 3.5, 0.6);
    CustomerSummary c = CustomerSummary.of(4, 20, 50);

    assertThat(model.expectedPurchases(30, c))
        .isCloseTo(paperExpectation(model, 30, c), within(1e-11));
  }

  @Test
  void theExpectationIsContinuousThroughAEqualsOne() {
    // The paper's form is 0/0 at a = 1; the rewritten one has no special point there.
    CustomerSummary c = CustomerSummary.of(2, 30.43, 38.86);
    double at = new BgNbd(0.243, 4.414, 1, 2.426).expectedPurchases(39, c);
    double below = new BgNbd(0.243, 4.414, 1 - 1e-6, 2.426).expectedPurchases(39, c);
    double above = new BgNbd(0.243, 4.414, 1 + 1e-6, 2.426).expectedPurchases(39, c);

    assertThat(at).isBetween(Math.min(below, above), Math.max(below, above));
    assertThat(above - below).isCloseTo(0, within(1e-5));
  }

  /** Equation 7 of the paper: the expectation for a customer with no history. */
  @ParameterizedTest
  @CsvSource({"1", "39", "78", "520"})
  void aNewCustomerFollowsEquationSeven(double t) {
    double r = CDNOW.r();
    double alpha = CDNOW.alpha();
    double a = CDNOW.a();
    double b = CDNOW.b();
    double expected =
        (a + b - 1)
            / (a - 1)
            * (1
                - Math.pow(alpha / (alpha + t), r)
                    * Hypergeometric.f21(r, b, a + b - 1, t / (alpha + t)));

    assertThat(CDNOW.expectedPurchasesOfNewCustomer(t)).isCloseTo(expected, within(1e-11));
  }

  @Test
  void nothingIsExpectedInNoTime() {
    assertThat(CDNOW.expectedPurchases(0, CustomerSummary.of(3, 10, 20))).isZero();
    assertThatThrownBy(() -> CDNOW.expectedPurchases(-1, CustomerSummary.of(3, 10, 20)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("t (horizon)");
  }

  @Test
  void aCustomerWithoutRepeatPurchaseIsAlive() {
    assertThat(CDNOW.probabilityAlive(CustomerSummary.of(0, 0, 38.86))).isEqualTo(1);
  }

  @Test
  void probabilityAliveFollowsItsFormula() {
    CustomerSummary c = CustomerSummary.of(2, 30.43, 38.86);
    double odds = 0.793 / (2.426 + 1) * Math.pow((4.414 + 38.86) / (4.414 + 30.43), 0.243 + 2);

    assertThat(CDNOW.probabilityAlive(c)).isCloseTo(1 / (1 + odds), within(1e-15));
  }

  @Test
  void aFrequentBuyerLongGoneIsDeadWithoutOverflow() {
    // (alpha+T)/(alpha+t_x) to the power 500 overflows a double; the odds are kept in logs.
    CustomerSummary c = CustomerSummary.of(500, 1, 1000);

    assertThat(CDNOW.probabilityAlive(c)).isZero();
    assertThat(CDNOW.expectedPurchases(52, c)).isZero();
    assertThat(CDNOW.logLikelihood(List.of(c))).isFinite();
  }

  @Test
  void theLogLikelihoodIsTheLogOfEquationSix() {
    CustomerSummary c = CustomerSummary.of(2, 30.43, 38.86);
    double r = 0.243;
    double alpha = 4.414;
    double a = 0.793;
    double b = 2.426;
    // A1 = G(r+2) alpha^r / G(r) = r (r+1) alpha^r; A2 = B(a, b+2) / B(a, b)
    //    = (b (b+1)) / ((a+b) (a+b+1)).
    double a1 = r * (r + 1) * Math.pow(alpha, r);
    double a2 = b * (b + 1) / ((a + b) * (a + b + 1));
    double a3 = Math.pow(1 / (alpha + 38.86), r + 2);
    double a4 = a / (b + 1) * Math.pow(1 / (alpha + 30.43), r + 2);

    assertThat(CDNOW.logLikelihood(List.of(c)))
        .isCloseTo(Math.log(a1 * a2 * (a3 + a4)), within(1e-12));
  }

  @Test
  void refusesToFitNoCustomer() {
    assertThatThrownBy(() -> BgNbd.fit(List.of()))
        .isInstanceOf(ModelFitException.class)
        .hasMessage("BG/NBD: there are no customers to fit");
  }

  @Test
  void refusesToFitCustomersWithoutRepeatPurchase() {
    List<CustomerSummary> none =
        List.of(CustomerSummary.of(0, 0, 30), CustomerSummary.of(0, 0, 20));

    assertThatThrownBy(() -> BgNbd.fit(none))
        .isInstanceOf(ModelFitException.class)
        .hasMessageContaining("no customer made a repeat purchase (x = 0 for all 2)");
  }

  @Test
  void parametersArePositive() {
    assertThatThrownBy(() -> new BgNbd(0.2, 0, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("alpha must be a finite number above 0, not 0.0");
  }
}
