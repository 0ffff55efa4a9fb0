package dev.levier.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CustomerSummaryTest {

  @Test
  void keepsWhatItIsGiven() {
    CustomerSummary c = new CustomerSummary(2, 30.43, 38.86, 22.35);

    assertThat(c.repeatPurchases()).isEqualTo(2);
    assertThat(c.recency()).isEqualTo(30.43);
    assertThat(c.age()).isEqualTo(38.86);
    assertThat(c.meanRepeatValue()).isEqualTo(22.35);
  }

  @Test
  void messagesNameTheField() {
    assertThatThrownBy(() -> new CustomerSummary(-1, 0, 10, 0))
        .hasMessage("x (repeat purchases) must be zero or more, not -1");
    assertThatThrownBy(() -> new CustomerSummary(1, 11, 10, 5))
        .hasMessage("t_x (recency) must be between 0 and T (age) = 10.0, not 11.0");
    assertThatThrownBy(() -> new CustomerSummary(1, 1, Double.NaN, 5))
        .hasMessage("T (age) must be a finite number zero or more, not NaN");
    assertThatThrownBy(() -> new CustomerSummary(0, 3, 10, 0))
        .hasMessage("t_x (recency) must be 0 when x (repeat purchases) is 0, not 3.0");
    assertThatThrownBy(() -> new CustomerSummary(1, 1, 10, -2))
        .hasMessage("zbar (mean repeat value) must be a finite number zero or more, not -2.0");
  }
}
