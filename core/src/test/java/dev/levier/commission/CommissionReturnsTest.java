package dev.levier.commission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levier.commission.ReturnOutcome.Kind;
import dev.levier.conversion.CustomerStatus;
import dev.levier.conversion.OrderLine;
import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import dev.levier.network.PublisherType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommissionReturnsTest {
  static final CurrencyUnit EUR = CurrencyUnit.EUR;
  static final CommissionLifecycle PENDING = CommissionLifecycle.pending();
  static final CommissionLifecycle APPROVED = PENDING.approve();
  static final CommissionLifecycle LOCKED = APPROVED.lock(true);

  static Money eur(String amount) {
    return Money.parse(amount, EUR);
  }

  /** Line 1 earned EUR 6.53 on 5 units worth EUR 100.45; line 2 EUR 3.00 on 1 unit. */
  static CommissionReturns twoLines() {
    return CommissionReturns.of(
        EUR,
        List.of(
            new PaidLine(1, eur("6.53"), 5, eur("100.45"), 0, eur("0")),
            new PaidLine(2, eur("3.00"), 1, eur("50.00"), 0, eur("0"))),
        null);
  }

  @Test
  void threeUnitsThenTheOtherTwoTakeBackExactlyWhatWasPaid() {
    ReturnOutcome first = twoLines().returnUnits(APPROVED, Map.of(1, 3));
    assertThat(first.kind()).isEqualTo(Kind.REDUCTION);
    assertThat(first.total()).isEqualTo(eur("3.92")); // 6.53 × 3/5 = 3.918
    assertThat(first.lifecycle()).isEqualTo(APPROVED);

    ReturnOutcome second = first.after().returnUnits(APPROVED, Map.of(1, 2));
    assertThat(second.kind()).isEqualTo(Kind.REDUCTION);
    assertThat(second.total()).isEqualTo(eur("2.61"));
    assertThat(first.total().plus(second.total())).isEqualTo(eur("6.53"));
    assertThat(second.after().left()).isEqualTo(eur("3.00"));
    assertThat(second.explain())
        .isEqualTo(
            "Reduction before lock: the approved commission pays EUR 2.61 less,"
                + " EUR 3.00 of EUR 9.53 now.\n"
                + "Line 1: 2 units returned (5 of 5 in all): EUR 2.61 taken back;"
                + " EUR 6.53 of EUR 6.53 in all, nothing left.");
  }

  @Test
  void unitsReturnedOneByOneAddUpToTheSameAsAllAtOnce() {
    CommissionReturns returns = twoLines();
    Money sum = eur("0");
    for (int i = 0; i < 5; i++) {
      ReturnOutcome outcome = returns.returnUnits(PENDING, Map.of(1, 1));
      sum = sum.plus(outcome.total());
      returns = outcome.after();
    }
    assertThat(sum).isEqualTo(twoLines().returnUnits(PENDING, Map.of(1, 5)).total());
    assertThat(sum).isEqualTo(eur("6.53"));
  }

  @Test
  void returningEverythingBeforeLockReversesTheCommission() {
    ReturnOutcome outcome = twoLines().returnUnits(PENDING, Map.of(1, 5, 2, 1));
    assertThat(outcome.kind()).isEqualTo(Kind.REVERSAL);
    assertThat(outcome.total()).isEqualTo(eur("9.53"));
    assertThat(outcome.lifecycle())
        .isEqualTo(new CommissionLifecycle(CommissionStatus.REVERSED, DeclineReason.RETURNED));
    assertThat(outcome.explanation())
        .isEqualTo(
            "Reversal before lock: everything was returned, so the pending commission of"
                + " EUR 9.53 is reversed; EUR 9.53 is taken back now.");
  }

  @Test
  void afterLockAReturnIsAClawbackAndTheCommissionStaysAsItIs() {
    ReturnOutcome outcome = twoLines().returnUnits(LOCKED, Map.of(2, 1));
    assertThat(outcome.kind()).isEqualTo(Kind.CLAWBACK);
    assertThat(outcome.total()).isEqualTo(eur("3.00"));
    assertThat(outcome.lifecycle()).isEqualTo(LOCKED);
    assertThat(outcome.explanation())
        .isEqualTo(
            "Clawback of EUR 3.00 from the publisher's next payout: the commission is locked,"
                + " so its amount is final and the return is booked on its own.");

    ReturnOutcome rest = outcome.after().returnUnits(LOCKED.invoice().pay(), Map.of(1, 5));
    assertThat(rest.kind()).isEqualTo(Kind.CLAWBACK);
    assertThat(rest.total()).isEqualTo(eur("6.53"));
    assertThat(rest.lifecycle().status()).isEqualTo(CommissionStatus.PAID);
  }

  @Test
  void cancellationTakesBackWhatIsLeftAndReplaysTakeNothing() {
    ReturnOutcome partial = twoLines().returnUnits(APPROVED, Map.of(1, 3));
    ReturnOutcome cancelled = partial.after().cancel(APPROVED);
    assertThat(cancelled.kind()).isEqualTo(Kind.REVERSAL);
    assertThat(cancelled.total()).isEqualTo(eur("5.61")); // 2.61 left on line 1, 3.00 on line 2
    assertThat(cancelled.lifecycle().reason()).isEqualTo(DeclineReason.CANCELLED);
    assertThat(partial.total().plus(cancelled.total())).isEqualTo(eur("9.53"));

    ReturnOutcome again = cancelled.after().cancel(cancelled.lifecycle());
    assertThat(again.kind()).isEqualTo(Kind.NONE);
    assertThat(again.total()).isEqualTo(eur("0"));
    assertThatThrownBy(() -> cancelled.after().returnUnits(APPROVED, Map.of(1, 1)))
        .hasMessage("the order is cancelled; nothing more can be returned");
  }

  @Test
  void cancellationAfterLockIsAClawbackOfEverything() {
    ReturnOutcome outcome = twoLines().cancel(LOCKED.invoice());
    assertThat(outcome.kind()).isEqualTo(Kind.CLAWBACK);
    assertThat(outcome.total()).isEqualTo(eur("9.53"));
    assertThat(outcome.lifecycle().status()).isEqualTo(CommissionStatus.INVOICED);
  }

  @Test
  void aDeclinedCommissionGivesNothingBack() {
    CommissionLifecycle declined = PENDING.decline(DeclineReason.FRAUD);
    ReturnOutcome outcome = twoLines().returnUnits(declined, Map.of(1, 2));
    assertThat(outcome.kind()).isEqualTo(Kind.NONE);
    assertThat(outcome.total()).isEqualTo(eur("0"));
    assertThat(outcome.lines()).isEmpty();
    assertThat(outcome.explanation())
        .isEqualTo("Nothing taken back: the commission is declined (fraud) and earns nothing.");
    // The return is still recorded, so what the customer kept stays known.
    assertThat(outcome.after().lines().get(0).returnedUnits()).isEqualTo(2);
  }

  @Test
  void aRefundWithoutUnitsTakesBackInProportionToTheMoney() {
    CommissionReturns returns =
        CommissionReturns.of(
            EUR, List.of(new PaidLine(1, eur("6.00"), 4, eur("100.00"), 0, eur("0"))), null);
    ReturnOutcome refund = returns.refund(APPROVED, Map.of(1, eur("25.00")));
    assertThat(refund.total()).isEqualTo(eur("1.50"));
    assertThat(refund.lines().get(0).explanation())
        .isEqualTo(
            "Line 1: EUR 25.00 refunded without units (EUR 25.00 of EUR 100.00 in all):"
                + " EUR 1.50 taken back; EUR 1.50 of EUR 6.00 in all, EUR 4.50 left.");
    // 2 of 4 units are worth EUR 50.00; with EUR 25.00 refunded, 75% is gone.
    ReturnOutcome units = refund.after().returnUnits(APPROVED, Map.of(1, 2));
    assertThat(units.total()).isEqualTo(eur("3.00"));
    // The last refund leaves the customer nothing: the rest comes back, to the cent.
    ReturnOutcome rest = units.after().refund(APPROVED, Map.of(1, eur("25.00")));
    assertThat(rest.kind()).isEqualTo(Kind.REVERSAL);
    assertThat(rest.total()).isEqualTo(eur("1.50"));
  }

  @Test
  void theOrdersOwnPaymentIsKeptWhileAnythingIsKept() {
    CommissionReturns returns =
        CommissionReturns.of(
            EUR,
            List.of(
                new PaidLine(1, eur("2.00"), 2, eur("40.00"), 0, eur("0")),
                new PaidLine(2, eur("1.00"), 1, eur("20.00"), 0, eur("0"))),
            eur("5.00"));
    assertThat(returns.paid()).isEqualTo(eur("8.00"));
    ReturnOutcome first = returns.returnUnits(APPROVED, Map.of(1, 2));
    assertThat(first.total()).isEqualTo(eur("2.00"));
    ReturnOutcome last = first.after().returnUnits(APPROVED, Map.of(2, 1));
    assertThat(last.total()).isEqualTo(eur("6.00"));
    assertThat(last.lines())
        .extracting(ReturnOutcome.Line::lineNo, ReturnOutcome.Line::amount)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(2, eur("1.00")),
            org.assertj.core.groups.Tuple.tuple(0, eur("5.00")));
    assertThat(last.lines().get(1).explanation())
        .isEqualTo("The order's own EUR 5.00 is taken back: nothing of it was kept.");
  }

  @Test
  void aLineThatEarnedNothingGivesNothingBack() {
    CommissionReturns returns =
        CommissionReturns.of(
            EUR,
            List.of(
                new PaidLine(1, eur("0"), 3, eur("30.00"), 0, eur("0")),
                new PaidLine(2, eur("1.00"), 1, eur("20.00"), 0, eur("0"))),
            null);
    ReturnOutcome outcome = returns.returnUnits(APPROVED, Map.of(1, 1));
    assertThat(outcome.kind()).isEqualTo(Kind.NONE);
    assertThat(outcome.explanation())
        .isEqualTo("Nothing taken back: what was returned earned nothing.");
  }

  @Test
  void aWrongReturnIsRefusedAsAWholeWithEveryProblem() {
    CommissionReturns returns = twoLines();
    assertThatThrownBy(() -> returns.returnUnits(APPROVED, Map.of(1, 6, 2, 1, 4, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "line 1: 6 returned of 5 remaining (5 paid on, 0 already returned);"
                + " line 4: the commission has no line 4");
    assertThatThrownBy(() -> returns.returnUnits(APPROVED, Map.of()))
        .hasMessage("no line was given to return units on");
    assertThatThrownBy(() -> returns.refund(APPROVED, Map.of(2, eur("50.01"))))
        .hasMessage("line 2: EUR 50.01 refunded of EUR 50.00 remaining");
    assertThatThrownBy(
            () -> returns.refund(APPROVED, Map.of(2, Money.parse("1", CurrencyUnit.USD))))
        .hasMessage("line 2: refund is in USD but the line is in EUR");
  }

  @Test
  void paidLinesAreCheckedWhenBuilt() {
    assertThatThrownBy(() -> new PaidLine(0, eur("1"), 1, eur("1"), 0, eur("0")))
        .hasMessage("lineNo: from 1, not 0");
    assertThatThrownBy(() -> new PaidLine(1, eur("1"), 2, eur("1"), 3, eur("0")))
        .hasMessage("line 1: returned units must be between 0 and the quantity 2, was 3");
    assertThatThrownBy(() -> new PaidLine(1, eur("1"), 0, eur("0"), 0, eur("0")))
        .hasMessage("line 1: paid EUR 1.00 on no units; a line with nothing left earns nothing");
    assertThatThrownBy(() -> new PaidLine(1, eur("1"), 2, eur("10"), 1, eur("5.01")))
        .hasMessage("line 1: refunded EUR 5.01 is more than the EUR 5.00 left after returns");
  }

  @Test
  void aSaleFromTheEngineIsReturnedLineByLine() {
    RuleSet rules =
        new RuleSet(
            "prg_1",
            1,
            EUR,
            ZoneId.of("Europe/Paris"),
            Resolution.HIGHEST_PAYING,
            List.of(
                Rule.sale(
                    "base",
                    "Base",
                    Condition.always(),
                    new Basis.PercentOfLine(new BigDecimal("6.5"))),
                new Rule(
                    "welcome",
                    "Welcome",
                    EventType.SALE,
                    Condition.always(),
                    new Basis.FixedPerOrder(eur("5.00")),
                    100)),
            List.of());
    List<OrderLine> lines =
        List.of(OrderLine.of("A", 5, eur("19.99")), OrderLine.of("B", 1, eur("45.00")));
    SaleFacts facts =
        SaleFacts.builder(
                Instant.parse("2026-03-10T09:00:00Z"),
                rules.zone(),
                eur("144.95"),
                "pub_1",
                PublisherType.CONTENT)
            .customerStatus(CustomerStatus.NEW)
            .build();
    SaleCommission sale = CommissionEngine.compile(rules).evaluateSale(facts, lines);
    CommissionReturns returns = CommissionReturns.of(sale, lines);
    assertThat(returns.paid()).isEqualTo(sale.total());
    assertThat(returns.orderPart()).isEqualTo(eur("5.00"));

    ReturnOutcome three = returns.returnUnits(APPROVED, Map.of(1, 3));
    ReturnOutcome rest = three.after().returnUnits(APPROVED, Map.of(1, 2, 2, 1));
    assertThat(three.total().plus(rest.total())).isEqualTo(sale.total());
    assertThat(rest.kind()).isEqualTo(Kind.REVERSAL);
  }
}
