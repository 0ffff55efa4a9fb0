package dev.levier.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The series against functions it has a closed form for, and at the edges of its domain. */
class HypergeometricTest {

  @ParameterizedTest
  @ValueSource(doubles = {-0.9, -0.5, 0.001, 0.3, 0.9, 0.99, 0.999})
  void oneOneTwoIsTheLogarithm(double z) {
    // 2F1(1, 1; 2; z) = -ln(1 - z) / z
    assertThat(Hypergeometric.f21(1, 1, 2, z))
        .isCloseTo(-Math.log1p(-z) / z, within(1e-13 * Math.abs(Math.log1p(-z) / z)));
  }

  @ParameterizedTest
  @ValueSource(doubles = {-0.7, 0.2, 0.6, 0.95})
  void equalSecondAndLowerParametersGiveThePower(double z) {
    // 2F1(a, b; b; z) = (1 - z)^(-a)
    assertThat(Hypergeometric.f21(0.7, 2.5, 2.5, z))
        .isCloseTo(Math.pow(1 - z, -0.7), within(1e-13 * Math.pow(1 - z, -0.7)));
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.1, 0.5, 0.9})
  void halfHalfThreeHalvesIsTheArcSine(double w) {
    // 2F1(1/2, 1/2; 3/2; w^2) = asin(w) / w
    assertThat(Hypergeometric.f21(0.5, 0.5, 1.5, w * w)).isCloseTo(Math.asin(w) / w, within(1e-13));
  }

  @Test
  void aNegativeIntegerUpperParameterMakesAPolynomial() {
    double b = 1.5;
    double c = 3.25;
    double z = 0.8;
    double expected = 1 - 2 * b * z / c + b * (b + 1) * z * z / (c * (c + 1));

    assertThat(Hypergeometric.f21(-2, b, c, z)).isCloseTo(expected, within(1e-15));
  }

  @Test
  void theSeriesNeedsOneMoreUpperThanLowerParameter() {
    assertThatThrownBy(() -> Hypergeometric.series(new double[] {1}, new double[] {1}, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one more upper than lower");
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, -1, 1.5, Double.NaN})
  void refusesZOutsideTheUnitDisc(double z) {
    assertThatThrownBy(() -> Hypergeometric.f21(1, 1, 2, z))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("|z| < 1");
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, -1, -4})
  void refusesALowerParameterThatDividesByZero(double c) {
    assertThatThrownBy(() -> Hypergeometric.f21(1, 1, c, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not zero or a negative integer");
  }

  @Test
  void aNegativeNonIntegerLowerParameterIsFine() {
    // 2F1(a, b; b; z) = (1 - z)^(-a) holds for any b that is not 0, -1, -2...
    assertThat(Hypergeometric.f21(0.7, -0.3, -0.3, 0.4))
        .isCloseTo(Math.pow(0.6, -0.7), within(1e-13));
  }
}
