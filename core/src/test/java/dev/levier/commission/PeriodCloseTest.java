package dev.levier.commission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levier.conversion.CustomerStatus;
import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PeriodCloseTest {
  static final CurrencyUnit EUR = CurrencyUnit.EUR;
  static final YearMonth MARCH = YearMonth.of(2026, 3);

  static Money eur(String amount) {
    return Money.parse(amount, EUR);
  }

  static final PeriodClose TIERS =
      new PeriodClose(
          EUR,
          List.of(
              new VolumeTier(100, new BigDecimal("8")), new VolumeTier(500, new BigDecimal("10"))),
          List.of(Bonus.forAll("ten-new", "Ten new customers", 10, eur("50.00"))));

  /** {@code n} approved sales at 6% of EUR 200.00, the first {@code newOnes} to new customers. */
  static List<MonthCommission> sales(int n, int newOnes) {
    List<MonthCommission> month = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      month.add(
          new MonthCommission(
              "c" + i,
              "o" + i,
              CommissionStatus.APPROVED,
              eur("200.00"),
              new BigDecimal("6"),
              eur("12.00"),
              i <= newOnes ? CustomerStatus.NEW : CustomerStatus.RETURNING));
    }
    return month;
  }

  static PeriodSettlement close(List<MonthCommission> month) {
    return TIERS.settle("pub_1", MARCH, month, List.of(), List.of());
  }

  @Test
  void ninetyNineSalesReachNoTier() {
    PeriodSettlement settlement = close(sales(99, 0));
    assertThat(settlement.tier()).isNull();
    assertThat(settlement.isEmpty()).isTrue();
    assertThat(settlement.summary())
        .isEqualTo("pub_1 in 2026-03: 99 sales, 0 new customers, no volume tier; nothing to book.");
  }

  @Test
  void theHundredthSaleRaisesTheWholeMonth() {
    PeriodSettlement settlement = close(sales(100, 0));
    assertThat(settlement.tier()).isEqualTo(new VolumeTier(100, new BigDecimal("8")));
    assertThat(settlement.adjustments()).hasSize(100);
    assertThat(settlement.adjustments()).allMatch(a -> a.delta().equals(eur("4.00")));
    assertThat(settlement.total()).isEqualTo(eur("400.00"));
    assertThat(settlement.adjustments().get(0).explanation())
        .isEqualTo(
            "Volume tier from 100 sales: 8% reached (100 sales in 2026-03): commission c1 was paid"
                + " at 6% of EUR 200.00; at 8% it earns EUR 16.00 instead of EUR 12.00, so"
                + " EUR 4.00 more.");
  }

  @Test
  void theHundredAndFirstSaleKeepsTheSameTier() {
    PeriodSettlement settlement = close(sales(101, 0));
    assertThat(settlement.sales()).isEqualTo(101);
    assertThat(settlement.tier().minSales()).isEqualTo(100);
    assertThat(settlement.total()).isEqualTo(eur("404.00"));
  }

  @Test
  void salesAreCountedByOrderAndOnlyWhenConfirmed() {
    List<MonthCommission> month = new ArrayList<>(sales(99, 0));
    // Two lines of one more order: one sale.
    month.add(commission("c100a", "o100", CommissionStatus.LOCKED, "50.00", "6"));
    month.add(commission("c100b", "o100", CommissionStatus.PAID, "30.00", "6"));
    // Pending, declined and reversed sales do not count.
    month.add(commission("p", "o101", CommissionStatus.PENDING, "50.00", "6"));
    month.add(commission("d", "o102", CommissionStatus.DECLINED, "50.00", "6"));
    month.add(commission("r", "o103", CommissionStatus.REVERSED, "50.00", "6"));
    PeriodSettlement settlement = close(month);
    assertThat(settlement.sales()).isEqualTo(100);
    assertThat(settlement.adjustments())
        .extracting(Adjustment::commissionId)
        .contains("c100a", "c100b")
        .doesNotContain("p", "d", "r");
  }

  @Test
  void aTierNeverLowersACommissionNorTouchesFixedAmounts() {
    List<MonthCommission> month = new ArrayList<>(sales(99, 0));
    month.add(commission("high", "o-high", CommissionStatus.APPROVED, "100.00", "12"));
    month.add(commission("fixed", "o-fixed", CommissionStatus.APPROVED, "100.00", null));
    PeriodSettlement settlement = close(month);
    assertThat(settlement.sales()).isEqualTo(101);
    assertThat(settlement.adjustments()).hasSize(99);
  }

  @Test
  void roundingIsPerCommissionAsTheEngineRounds() {
    List<MonthCommission> month = new ArrayList<>(sales(99, 0));
    // 6.5% of 19.99 is 1.29935 → 1.30; 8% is 1.5992 → 1.60.
    month.add(commission("odd", "o-odd", CommissionStatus.APPROVED, "19.99", "6.5"));
    PeriodSettlement settlement = close(month);
    assertThat(settlement.adjustments().get(99))
        .isEqualTo(
            new Adjustment(
                "odd",
                eur("0.30"),
                "Volume tier from 100 sales: 8% reached (100 sales in 2026-03): commission odd was"
                    + " paid at 6.5% of EUR 19.99; at 8% it earns EUR 1.60 instead of EUR 1.30, so"
                    + " EUR 0.30 more."));
  }

  @Test
  void aBonusIsGrantedOnReachingItsNewCustomers() {
    assertThat(close(sales(20, 9)).bonuses()).isEmpty();
    PeriodSettlement settlement = close(sales(20, 10));
    assertThat(settlement.bonuses())
        .containsExactly(
            new BonusAward(
                "ten-new",
                eur("50.00"),
                "Bonus \"Ten new customers\" (ten-new): 10 new customers in 2026-03 reach 10, so"
                    + " EUR 50.00."));
    assertThat(settlement.summary())
        .isEqualTo(
            "pub_1 in 2026-03: 20 sales, 10 new customers, no volume tier;"
                + " 0 adjustments and 1 bonus, EUR 50.00 in all.");
  }

  @Test
  void aBonusForSomePublishersIsNotGrantedToOthers() {
    PeriodClose vip =
        new PeriodClose(
            EUR, List.of(), List.of(new Bonus("vip", "VIP", 1, eur("10.00"), Set.of("pub_2"))));
    assertThat(vip.settle("pub_1", MARCH, sales(5, 5), List.of(), List.of()).isEmpty()).isTrue();
    assertThat(vip.settle("pub_2", MARCH, sales(5, 5), List.of(), List.of()).total())
        .isEqualTo(eur("10.00"));
  }

  @Test
  void settlingAgainBooksNothingMore() {
    List<MonthCommission> month = sales(120, 12);
    PeriodSettlement first = close(month);
    assertThat(first.total()).isEqualTo(eur("530.00"));
    PeriodSettlement second =
        TIERS.settle("pub_1", MARCH, month, first.adjustments(), first.bonuses());
    assertThat(second.isEmpty()).isTrue();
    assertThat(second.total()).isEqualTo(eur("0"));
    assertThat(close(month)).isEqualTo(first);
  }

  @Test
  void aMonthThatFellBelowItsTierAndBonusIsCorrected() {
    List<MonthCommission> month = sales(100, 10);
    PeriodSettlement first = close(month);
    // Sale 1, to a new customer, is reversed after the first close.
    List<MonthCommission> changed = new ArrayList<>(month);
    MonthCommission c1 = month.get(0);
    changed.set(
        0,
        new MonthCommission(
            c1.id(),
            c1.orderId(),
            CommissionStatus.REVERSED,
            c1.base(),
            c1.percent(),
            c1.amount(),
            c1.customerStatus()));
    PeriodSettlement second =
        TIERS.settle("pub_1", MARCH, changed, first.adjustments(), first.bonuses());
    assertThat(second.tier()).isNull();
    assertThat(second.adjustments()).hasSize(100);
    assertThat(second.total()).isEqualTo(eur("-450.00"));
    assertThat(second.adjustments().get(0).explanation())
        .isEqualTo(
            "Commission c1 is reversed, so it does not count; EUR 4.00 was adjusted before, so"
                + " EUR 4.00 is taken back.");
    assertThat(second.adjustments().get(1).explanation())
        .isEqualTo(
            "No volume tier is reached (99 sales in 2026-03); EUR 4.00 was adjusted before, so"
                + " EUR 4.00 is taken back.");
    assertThat(second.bonuses().get(0).amount()).isEqualTo(eur("-50.00"));
    PeriodSettlement third =
        TIERS.settle(
            "pub_1",
            MARCH,
            changed,
            concat(first.adjustments(), second.adjustments()),
            concat(first.bonuses(), second.bonuses()));
    assertThat(third.isEmpty()).isTrue();
  }

  @Test
  void inputsAreChecked() {
    assertThatThrownBy(
            () ->
                new PeriodClose(
                    EUR,
                    List.of(
                        new VolumeTier(100, BigDecimal.ONE), new VolumeTier(100, BigDecimal.TEN)),
                    List.of()))
        .hasMessage("tiers: two tiers start at 100 sales");
    assertThatThrownBy(() -> new VolumeTier(0, BigDecimal.ONE))
        .hasMessage("minSales: at least 1, not 0");
    assertThatThrownBy(() -> new VolumeTier(10, new BigDecimal("101")))
        .hasMessage("percent: must be above 0 and at most 100, not 101");
    List<MonthCommission> twice = List.of(sales(1, 0).get(0), sales(1, 0).get(0));
    assertThatThrownBy(() -> close(twice)).hasMessage("commissions: the id c1 is given twice");
    assertThatThrownBy(
            () ->
                TIERS.settle(
                    "pub_1",
                    MARCH,
                    sales(1, 0),
                    List.of(new Adjustment("c9", eur("1"), "x")),
                    List.of()))
        .hasMessage("booked: an adjustment names commission c9, which is not among the month's");
    assertThatThrownBy(
            () ->
                TIERS.settle(
                    "pub_1",
                    MARCH,
                    sales(1, 0),
                    List.of(),
                    List.of(new BonusAward("old", eur("1"), "x"))))
        .hasMessage("granted: bonus old is not one of the programme's bonuses");
  }

  static MonthCommission commission(
      String id, String orderId, CommissionStatus status, String base, String percent) {
    BigDecimal rate = percent == null ? null : new BigDecimal(percent);
    Money baseAmount = eur(base);
    Money amount = rate == null ? eur("5.00") : baseAmount.percent(rate);
    return new MonthCommission(id, orderId, status, baseAmount, rate, amount, null);
  }

  static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
