package dev.levier.finance;

import static dev.levier.finance.BooksTest.eur;
import static dev.levier.finance.BooksTest.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class NetworkFeeTest {

  @Test
  void thePercentagePartRoundsOnceHalfEven() {
    NetworkFee fee = NetworkFee.percent("25");

    assertThat(fee.on(eur(10))).isEqualTo(eur(2)); // 2.5 cents: to the even 2
    assertThat(fee.on(eur(14))).isEqualTo(eur(4)); // 3.5 cents: to the even 4
    assertThat(fee.on(eur(1000))).isEqualTo(eur(250));
  }

  @Test
  void aFixedPartIsAddedPerConversionEvenOnAZeroCommission() {
    NetworkFee fee = new NetworkFee(new BigDecimal("12.5"), eur(15));

    assertThat(fee.on(eur(1000))).isEqualTo(eur(140));
    assertThat(fee.on(eur(0))).isEqualTo(eur(15));
    assertThat(NetworkFee.fixed(eur(15)).on(eur(1000))).isEqualTo(eur(15));
    assertThat(fee.toString()).isEqualTo("12.5% of the commission + EUR 0.15 per conversion");
  }

  @Test
  void refundsOfPartialClawbacksAddUpToTheFeeCharged() {
    NetworkFee fee = new NetworkFee(new BigDecimal("33.3333"), eur(5));
    long charged = fee.on(eur(1001)).minor();

    long refunded =
        fee.refund(eur(1001), eur(333)).minor()
            + fee.refund(eur(668), eur(333)).minor()
            + fee.refund(eur(335), eur(335)).minor();

    assertThat(refunded).isEqualTo(charged);
    assertThat(fee.refund(eur(0), eur(0))).isEqualTo(eur(0));
  }

  @Test
  void badFeesAreRefusedNamingTheField() {
    assertThatThrownBy(() -> NetworkFee.percent("-1"))
        .hasMessage("percentOfCommission: must be from 0 to 100, not -1");
    assertThatThrownBy(() -> NetworkFee.percent("100.5"))
        .hasMessage("percentOfCommission: must be from 0 to 100, not 100.5");
    assertThatThrownBy(() -> NetworkFee.percent("1.23456"))
        .hasMessage("percentOfCommission: at most 4 decimals, not 1.23456");
    assertThatThrownBy(() -> NetworkFee.fixed(eur(-1)))
        .hasMessage("fixedPerConversion: must be zero or more, not EUR -0.01");
  }

  @Test
  void aFixedFeeInAnotherCurrencyIsRefusedRatherThanConverted() {
    assertThatThrownBy(() -> NetworkFee.fixed(eur(15)).on(usd(1000)))
        .hasMessage(
            "commission: the fixed fee is EUR 0.15, so the commission must be in EUR, not USD");
    assertThatThrownBy(() -> NetworkFee.percent("10").on(eur(-1)))
        .hasMessage("commission: a fee is computed on a commission of zero or more, not EUR -0.01");
    assertThatThrownBy(() -> NetworkFee.percent("10").refund(eur(100), eur(101)))
        .hasMessage(
            "clawedBack: must be from zero to what is left of the commission (EUR 1.00), not EUR"
                + " 1.01");
  }
}
