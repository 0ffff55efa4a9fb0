package dev.levier.commission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levier.commission.MonthlyCap.Action;
import dev.levier.commission.MonthlyCap.Scope;
import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class MonthlyCapsTest {
  static final CurrencyUnit EUR = CurrencyUnit.EUR;
  static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  static final YearMonth MARCH = YearMonth.of(2026, 3);

  static Money eur(String amount) {
    return Money.parse(amount, EUR);
  }

  static final MonthlyCap PUBLISHER_CAP =
      new MonthlyCap(Scope.PUBLISHER, eur("5000.00"), Action.CAP);

  @Test
  void underTheCapTheCommissionIsPaidInFull() {
    CapOutcome outcome = PUBLISHER_CAP.apply(MARCH, eur("1000.00"), eur("300.00"));
    assertThat(outcome).isEqualTo(new CapOutcome(eur("300.00"), eur("300.00"), null));
    assertThat(outcome.capped()).isFalse();
  }

  @Test
  void reachingTheCapExactlyIsStillPaidInFull() {
    CapOutcome outcome = PUBLISHER_CAP.apply(MARCH, eur("4700.00"), eur("300.00"));
    assertThat(outcome.paid()).isEqualTo(eur("300.00"));
    assertThat(outcome.reason()).isNull();
  }

  @Test
  void crossingTheCapPaysWhatIsLeft() {
    CapOutcome outcome = PUBLISHER_CAP.apply(MARCH, eur("4880.00"), eur("300.00"));
    assertThat(outcome.paid()).isEqualTo(eur("120.00"));
    assertThat(outcome.uncapped()).isEqualTo(eur("300.00"));
    assertThat(outcome.reason())
        .isEqualTo(
            "publisher's monthly cap of EUR 5000.00 reached: EUR 120.00 of EUR 300.00 paid,"
                + " as EUR 4880.00 was already earned in 2026-03");
  }

  @Test
  void aCapAlreadyReachedOrPassedPaysNothing() {
    assertThat(PUBLISHER_CAP.apply(MARCH, eur("5000.00"), eur("300.00")).reason())
        .isEqualTo(
            "publisher's monthly cap of EUR 5000.00 already reached in 2026-03"
                + " (EUR 5000.00 earned): EUR 0.00 of EUR 300.00 paid");
    // The cap was lowered during the month: what was earned stays, nothing more is paid.
    CapOutcome over = PUBLISHER_CAP.apply(MARCH, eur("5200.00"), eur("300.00"));
    assertThat(over.paid()).isEqualTo(eur("0.00"));
    assertThat(over.capped()).isTrue();
    // A commission of nothing is not capped, even over the cap.
    assertThat(PUBLISHER_CAP.apply(MARCH, eur("5200.00"), eur("0")).capped()).isFalse();
  }

  @Test
  void theZeroActionPaysInFullOrNotAtAll() {
    MonthlyCap zero = new MonthlyCap(Scope.PROGRAMME, eur("5000.00"), Action.ZERO);
    assertThat(zero.apply(MARCH, eur("4700.00"), eur("300.00")).paid()).isEqualTo(eur("300.00"));
    CapOutcome outcome = zero.apply(MARCH, eur("4880.00"), eur("300.00"));
    assertThat(outcome.paid()).isEqualTo(eur("0"));
    assertThat(outcome.reason())
        .isEqualTo(
            "programme's monthly cap of EUR 5000.00 would be exceeded (EUR 4880.00 already"
                + " earned in 2026-03): nothing of EUR 300.00 paid, as this cap pays a commission"
                + " in full or not at all");
  }

  @Test
  void thePublishersCapComesFirstThenTheProgrammes() {
    MonthlyCaps caps =
        new MonthlyCaps(
            EUR,
            PARIS,
            List.of(new MonthlyCap(Scope.PROGRAMME, eur("20000.00"), Action.CAP), PUBLISHER_CAP));
    assertThat(caps.caps())
        .extracting(MonthlyCap::scope)
        .containsExactly(Scope.PUBLISHER, Scope.PROGRAMME);
    CapOutcome outcome =
        caps.apply(new MonthToDate(MARCH, eur("4880.00"), eur("19950.00")), eur("300.00"));
    assertThat(outcome.paid()).isEqualTo(eur("50.00"));
    assertThat(outcome.reason())
        .isEqualTo(
            "publisher's monthly cap of EUR 5000.00 reached: EUR 120.00 of EUR 300.00 paid, as"
                + " EUR 4880.00 was already earned in 2026-03; programme's monthly cap of"
                + " EUR 20000.00 reached: EUR 50.00 of EUR 120.00 paid, as EUR 19950.00 was"
                + " already earned in 2026-03");
  }

  @Test
  void aMonthIsTheOrdersLocalMonth() {
    Instant lateOnJanuary31Utc = Instant.parse("2026-01-31T23:30:00Z");
    assertThat(MonthlyCaps.monthOf(lateOnJanuary31Utc, PARIS)).isEqualTo(YearMonth.of(2026, 2));
    assertThat(MonthlyCaps.monthOf(lateOnJanuary31Utc, ZoneId.of("UTC")))
        .isEqualTo(YearMonth.of(2026, 1));
    Instant earlyOnMarch1Utc = Instant.parse("2026-03-01T03:00:00Z");
    assertThat(MonthlyCaps.monthOf(earlyOnMarch1Utc, ZoneId.of("America/New_York")))
        .isEqualTo(YearMonth.of(2026, 2));
    MonthlyCaps caps = new MonthlyCaps(EUR, PARIS, List.of(PUBLISHER_CAP));
    // Midnight in Paris (UTC+1 in winter) opens February.
    assertThat(caps.monthOf(Instant.parse("2026-01-31T22:59:59Z")))
        .isEqualTo(YearMonth.of(2026, 1));
    assertThat(caps.monthOf(Instant.parse("2026-01-31T23:00:00Z")))
        .isEqualTo(YearMonth.of(2026, 2));
  }

  @Test
  void aCappedSaleSharesWhatItStillPaysAmongItsParts() {
    MonthlyCaps caps = new MonthlyCaps(EUR, PARIS, List.of(PUBLISHER_CAP));
    SaleCommission sale =
        new SaleCommission(
            1,
            List.of(part(1, "200.00", null), part(2, "100.00", "an order cap"), part(3, "0", null)),
            eur("300.00"));
    SaleCommission capped =
        caps.apply(new MonthToDate(MARCH, eur("4900.00"), eur("4900.00")), sale);
    assertThat(capped.total()).isEqualTo(eur("100.00"));
    assertThat(capped.parts())
        .extracting(LineCommission::amount)
        .containsExactly(eur("66.67"), eur("33.33"), eur("0"));
    assertThat(capped.parts().get(0).capNote())
        .startsWith("publisher's monthly cap of EUR 5000.00");
    assertThat(capped.parts().get(1).capNote()).startsWith("an order cap; then publisher's");
    assertThat(capped.parts().get(2).capNote()).isNull();
    // Under the cap the sale is returned as it was.
    assertThat(caps.apply(new MonthToDate(MARCH, eur("0"), eur("0")), sale)).isSameAs(sale);
  }

  @Test
  void capsAreCheckedWhenBuilt() {
    assertThatThrownBy(() -> new MonthlyCap(Scope.PUBLISHER, eur("0"), Action.CAP))
        .hasMessage("max: must be above zero, not EUR 0.00");
    assertThatThrownBy(() -> new MonthlyCaps(EUR, PARIS, List.of(PUBLISHER_CAP, PUBLISHER_CAP)))
        .hasMessage("caps: at most one cap per scope, and publisher has two");
    assertThatThrownBy(() -> new MonthlyCaps(CurrencyUnit.USD, PARIS, List.of(PUBLISHER_CAP)))
        .hasMessage("caps: the publisher cap's EUR 5000.00 is not in the programme's currency USD");
    assertThatThrownBy(() -> PUBLISHER_CAP.apply(MARCH, eur("0"), eur("-1")))
        .hasMessage("amount: must not be negative, was EUR -1.00");
  }

  static LineCommission part(int lineNo, String amount, String capNote) {
    return new LineCommission(
        lineNo,
        "r",
        "Rule",
        1,
        List.of(),
        "6% of the line",
        eur(amount),
        eur(amount),
        eur(amount),
        capNote);
  }
}
