package dev.levier.commission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class CommissionSplitTest {

  private static final CurrencyUnit EUR = CurrencyUnit.EUR;

  private static LineCommission line(int lineNo, long minor) {
    Money amount = Money.ofMinor(minor, EUR);
    return new LineCommission(
        lineNo, "r1", "rule", 1, List.of(), "10%", amount, amount, amount, null);
  }

  private static SaleCommission sale(long... lines) {
    List<LineCommission> parts = new ArrayList<>();
    long total = 0;
    for (int i = 0; i < lines.length; i++) {
      parts.add(line(i + 1, lines[i]));
      total += lines[i];
    }
    return new SaleCommission(1, parts, Money.ofMinor(total, EUR));
  }

  @Test
  void aThirdEachOfOneEuroIsThirtyFourThirtyThreeThirtyThree() {
    long[] shares = CommissionSplit.partsPerBillion(new double[] {1, 1, 1});
    SaleCommission whole = sale(100);

    List<SaleCommission> parts = CommissionSplit.split(List.of(whole, whole, whole), shares);

    assertThat(parts).extracting(p -> p.total().minor()).containsExactly(34L, 33L, 33L);
  }

  @Test
  void everyLineIsSplitOnItsOwnAndTheLinesStayWithTheirNumbers() {
    long[] shares = CommissionSplit.partsPerBillion(new double[] {0.4, 0.2, 0.4});
    SaleCommission whole = sale(4790, 1);

    List<SaleCommission> parts = CommissionSplit.split(List.of(whole, whole, whole), shares);

    assertThat(parts.get(0).parts()).extracting(LineCommission::lineNo).containsExactly(1, 2);
    assertThat(parts)
        .extracting(p -> p.parts().get(0).amount().minor())
        .containsExactly(1916L, 958L, 1916L);
    assertThat(parts.stream().mapToLong(p -> p.parts().get(1).amount().minor()).sum()).isEqualTo(1);
  }

  @Test
  void publishersPaidAtDifferentRatesEachGetTheirShareOfTheirOwnAmount() {
    long[] shares = CommissionSplit.partsPerBillion(new double[] {0.5, 0.5});

    List<SaleCommission> parts = CommissionSplit.split(List.of(sale(1000), sale(400)), shares);

    assertThat(parts).extracting(p -> p.total().minor()).containsExactly(500L, 200L);
  }

  @Test
  void sharesMustAddUpToOneBillionthsExactly() {
    assertThatThrownBy(() -> CommissionSplit.split(List.of(sale(1)), new long[] {5}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("add up");
    assertThatThrownBy(() -> CommissionSplit.partsPerBillion(new double[] {0, 0}))
        .hasMessageContaining("positive");
  }

  @Property
  void partsPerBillionAlwaysAddUpToOneBillion(
      @ForAll @Size(min = 1, max = 12) List<@DoubleRange(min = 0, max = 1e6) Double> raw) {
    double[] shares = raw.stream().mapToDouble(Double::doubleValue).toArray();
    if (java.util.Arrays.stream(shares).sum() <= 0) {
      shares[0] = 1;
    }

    long[] parts = CommissionSplit.partsPerBillion(shares);

    assertThat(java.util.Arrays.stream(parts).sum()).isEqualTo(CommissionSplit.WHOLE);
    for (int i = 0; i < parts.length; i++) {
      assertThat(parts[i]).isNotNegative();
      if (shares[i] == 0) {
        assertThat(parts[i]).isZero();
      }
    }
  }

  @Property
  void theSameCommissionSplitAnyWayAddsUpToItExactly(
      @ForAll @Size(min = 1, max = 8) List<@DoubleRange(min = 0.01, max = 1) Double> raw,
      @ForAll @LongRange(min = 0, max = 10_000_000) long line1,
      @ForAll @LongRange(min = 0, max = 10_000) long line2) {
    double[] weights = raw.stream().mapToDouble(Double::doubleValue).toArray();
    long[] shares = CommissionSplit.partsPerBillion(weights);
    SaleCommission whole = sale(line1, line2);
    List<SaleCommission> same = new ArrayList<>();
    for (int i = 0; i < weights.length; i++) {
      same.add(whole);
    }

    List<SaleCommission> parts = CommissionSplit.split(same, shares);

    assertThat(parts.stream().mapToLong(p -> p.total().minor()).sum()).isEqualTo(line1 + line2);
    assertThat(parts.stream().mapToLong(p -> p.parts().get(0).amount().minor()).sum())
        .isEqualTo(line1);
    for (int i = 0; i < parts.size(); i++) {
      double exact = (double) (line1 + line2) * shares[i] / CommissionSplit.WHOLE;
      assertThat((double) parts.get(i).total().minor()).isBetween(exact - 2, exact + 2);
    }
  }
}
