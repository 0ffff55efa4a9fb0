package dev.levier.commission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levier.commission.CommissionStatus.Action;
import dev.levier.conversion.CustomerStatus;
import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class LifecyclePropertyTest {
  static final CurrencyUnit EUR = CurrencyUnit.EUR;
  static final YearMonth MONTH = YearMonth.of(2026, 3);

  /** One attempted return: units (or, when {@code refund}, money per mille of what is left). */
  record Step(int lineIndex, boolean refund, int value) {}

  @Provide
  Arbitrary<List<PaidLine>> lines() {
    Arbitrary<PaidLine> line =
        Combinators.combine(
                Arbitraries.longs().between(0, 1_000_000),
                Arbitraries.integers().between(1, 12),
                Arbitraries.oneOf(
                    Arbitraries.longs().between(0, 10_000_000),
                    Arbitraries.of(0L, 1L, 7L, 999_999_999_999L)))
            .as(
                (paid, quantity, value) ->
                    new PaidLine(
                        1,
                        Money.ofMinor(paid, EUR),
                        quantity,
                        Money.ofMinor(value, EUR),
                        0,
                        Money.zero(EUR)));
    return line.list()
        .ofMinSize(1)
        .ofMaxSize(5)
        .map(
            list -> {
              List<PaidLine> numbered = new ArrayList<>();
              for (int i = 0; i < list.size(); i++) {
                PaidLine l = list.get(i);
                numbered.add(
                    new PaidLine(i + 1, l.paid(), l.quantity(), l.value(), 0, Money.zero(EUR)));
              }
              return numbered;
            });
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 4),
            Arbitraries.of(false, false, true),
            Arbitraries.integers().between(1, 1000))
        .as(Step::new)
        .list()
        .ofMaxSize(20);
  }

  @Provide
  Arbitrary<CommissionLifecycle> statuses() {
    CommissionLifecycle pending = CommissionLifecycle.pending();
    return Arbitraries.of(
        pending,
        pending.approve(),
        pending.approve().lock(true),
        pending.approve().lock(true).invoice());
  }

  /** Applies the steps that are valid, as a stream of partial returns would come. */
  static List<ReturnOutcome> play(
      CommissionReturns start, List<Step> steps, CommissionLifecycle status) {
    List<ReturnOutcome> outcomes = new ArrayList<>();
    CommissionReturns returns = start;
    for (Step step : steps) {
      if (step.lineIndex() >= returns.lines().size()) {
        continue;
      }
      PaidLine line = returns.lines().get(step.lineIndex());
      ReturnOutcome outcome;
      if (step.refund()) {
        long left = line.value().minus(line.returnedValue()).minor();
        long amount = left * step.value() / 1000;
        if (amount <= 0) {
          continue;
        }
        outcome = returns.refund(status, Map.of(line.lineNo(), Money.ofMinor(amount, EUR)));
      } else {
        int units = 1 + step.value() % Math.max(1, line.remainingUnits());
        if (line.remainingUnits() == 0 || line.problemWithUnits(units) != null) {
          continue;
        }
        outcome = returns.returnUnits(status, Map.of(line.lineNo(), units));
      }
      outcomes.add(outcome);
      returns = outcome.after();
    }
    return outcomes;
  }

  /** Takes back what is left of every line: the rest of the units, or the rest of the money. */
  static List<ReturnOutcome> complete(CommissionReturns returns, CommissionLifecycle status) {
    List<ReturnOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < returns.lines().size(); i++) {
      PaidLine line = returns.lines().get(i);
      if (line.fullyReturned()) {
        continue;
      }
      ReturnOutcome outcome =
          line.refunded().isZero()
              ? returns.returnUnits(status, Map.of(line.lineNo(), line.remainingUnits()))
              : returns.refund(
                  status, Map.of(line.lineNo(), line.value().minus(line.returnedValue())));
      outcomes.add(outcome);
      returns = outcome.after();
    }
    return outcomes;
  }

  static Money sum(List<ReturnOutcome> outcomes) {
    Money sum = Money.zero(EUR);
    for (ReturnOutcome outcome : outcomes) {
      sum = sum.plus(outcome.total());
    }
    return sum;
  }

  static CommissionReturns last(CommissionReturns start, List<ReturnOutcome> outcomes) {
    return outcomes.isEmpty() ? start : outcomes.get(outcomes.size() - 1).after();
  }

  @Property
  void returnsNeverTakeBackMoreThanPaidAndCompleteExactly(
      @ForAll("lines") List<PaidLine> lines,
      @ForAll("steps") List<Step> steps,
      @ForAll("statuses") CommissionLifecycle status) {
    CommissionReturns start = CommissionReturns.of(EUR, lines, null);
    List<ReturnOutcome> partial = play(start, steps, status);
    CommissionReturns afterPartial = last(start, partial);
    for (ReturnOutcome outcome : partial) {
      assertThat(outcome.total().isNegative()).isFalse();
      for (PaidLine line : outcome.after().lines()) {
        assertThat(line.takenBack()).isBetween(Money.zero(EUR), line.paid());
      }
    }
    assertThat(sum(partial)).isEqualTo(afterPartial.takenBack());
    assertThat(sum(partial)).isLessThanOrEqualTo(start.paid());

    List<ReturnOutcome> rest = complete(afterPartial, status);
    assertThat(sum(partial).plus(sum(rest))).isEqualTo(start.paid());
    assertThat(last(afterPartial, rest).left()).isEqualTo(Money.zero(EUR));
    assertThat(last(afterPartial, rest).nothingKept()).isTrue();
  }

  @Property
  void aCancellationTakesBackExactlyWhatIsLeft(
      @ForAll("lines") List<PaidLine> lines,
      @ForAll("steps") List<Step> steps,
      @ForAll("statuses") CommissionLifecycle status) {
    CommissionReturns start = CommissionReturns.of(EUR, lines, Money.ofMinor(500, EUR));
    List<ReturnOutcome> partial = play(start, steps, status);
    CommissionReturns afterPartial = last(start, partial);
    ReturnOutcome cancel = afterPartial.cancel(status);
    assertThat(sum(partial).plus(cancel.total())).isEqualTo(start.paid());
    assertThat(cancel.kind())
        .isEqualTo(
            status.status().isLocked()
                ? (cancel.total().isZero() ? ReturnOutcome.Kind.NONE : ReturnOutcome.Kind.CLAWBACK)
                : ReturnOutcome.Kind.REVERSAL);
  }

  @Property
  void unitReturnsTakeBackTheRoundedShareOfTheUnits(
      @ForAll("lines") List<PaidLine> lines, @ForAll("steps") List<Step> steps) {
    List<Step> unitsOnly = steps.stream().filter(s -> !s.refund()).toList();
    CommissionReturns start = CommissionReturns.of(EUR, lines, null);
    CommissionReturns after = last(start, play(start, unitsOnly, CommissionLifecycle.pending()));
    for (PaidLine line : after.lines()) {
      BigDecimal exact =
          BigDecimal.valueOf(line.paid().minor())
              .multiply(BigDecimal.valueOf(line.returnedUnits()))
              .divide(BigDecimal.valueOf(line.quantity()), 0, RoundingMode.HALF_EVEN);
      assertThat(line.takenBack().minor()).isEqualTo(exact.longValueExact());
    }
  }

  @Provide
  Arbitrary<List<MonthCommission>> months() {
    Arbitrary<MonthCommission> commission =
        Combinators.combine(
                Arbitraries.integers().between(1, 40),
                Arbitraries.of(CommissionStatus.values()),
                Arbitraries.longs().between(0, 200_000),
                Arbitraries.of("5", "6", "6.5", "7.25", "12", ""),
                Arbitraries.of(CustomerStatus.NEW, CustomerStatus.RETURNING, CustomerStatus.LAPSED))
            .as(
                (order, status, base, percent, customer) -> {
                  BigDecimal rate = percent.isEmpty() ? null : new BigDecimal(percent);
                  Money baseAmount = Money.ofMinor(base, EUR);
                  Money amount = rate == null ? Money.ofMinor(500, EUR) : baseAmount.percent(rate);
                  return new MonthCommission(
                      "x", "o" + order, status, baseAmount, rate, amount, customer);
                });
    return commission
        .list()
        .ofMaxSize(60)
        .map(
            list -> {
              List<MonthCommission> numbered = new ArrayList<>();
              for (int i = 0; i < list.size(); i++) {
                MonthCommission c = list.get(i);
                numbered.add(
                    new MonthCommission(
                        "c" + i,
                        c.orderId(),
                        c.status(),
                        c.base(),
                        c.percent(),
                        c.amount(),
                        c.customerStatus()));
              }
              return numbered;
            });
  }

  static final PeriodClose INCENTIVES =
      new PeriodClose(
          EUR,
          List.of(
              new VolumeTier(5, new BigDecimal("7")),
              new VolumeTier(12, new BigDecimal("8")),
              new VolumeTier(25, new BigDecimal("9.5"))),
          List.of(
              Bonus.forAll("three", "Three new", 3, Money.ofMinor(2_000, EUR)),
              Bonus.forAll("eight", "Eight new", 8, Money.ofMinor(5_000, EUR))));

  @Property
  void periodCloseIsDeterministicAndIdempotent(
      @ForAll("months") List<MonthCommission> month,
      @ForAll("months") List<MonthCommission> later) {
    PeriodSettlement first = INCENTIVES.settle("pub_1", MONTH, month, List.of(), List.of());
    assertThat(INCENTIVES.settle("pub_1", MONTH, month, List.of(), List.of())).isEqualTo(first);
    PeriodSettlement again =
        INCENTIVES.settle("pub_1", MONTH, month, first.adjustments(), first.bonuses());
    assertThat(again.isEmpty()).isTrue();

    // The month changes (statuses, bases) under the same ids: one more close corrects it, and the
    // booked total is what a first close of the changed month would have booked.
    List<MonthCommission> changed = new ArrayList<>();
    for (int i = 0; i < month.size(); i++) {
      MonthCommission c = month.get(i);
      changed.add(
          i < later.size()
              ? new MonthCommission(
                  c.id(),
                  c.orderId(),
                  later.get(i).status(),
                  c.base(),
                  c.percent(),
                  c.amount(),
                  c.customerStatus())
              : c);
    }
    PeriodSettlement correction =
        INCENTIVES.settle("pub_1", MONTH, changed, first.adjustments(), first.bonuses());
    PeriodSettlement fresh = INCENTIVES.settle("pub_1", MONTH, changed, List.of(), List.of());
    assertThat(first.total().plus(correction.total())).isEqualTo(fresh.total());
    List<Adjustment> allAdjustments = new ArrayList<>(first.adjustments());
    allAdjustments.addAll(correction.adjustments());
    List<BonusAward> allBonuses = new ArrayList<>(first.bonuses());
    allBonuses.addAll(correction.bonuses());
    assertThat(INCENTIVES.settle("pub_1", MONTH, changed, allAdjustments, allBonuses).isEmpty())
        .isTrue();
  }

  @Property
  void anyOrderOfActionsEndsInAStateTheTableAllows(@ForAll("actions") List<Action> actions) {
    CommissionLifecycle state = CommissionLifecycle.pending();
    boolean wasLocked = false;
    for (Action action : actions) {
      CommissionLifecycle before = state;
      try {
        state = CommissionLifecycleTest.act(state, action);
      } catch (IllegalTransitionException refused) {
        assertThat(refused.from()).isEqualTo(before.status());
        continue;
      }
      assertThat(state.equals(before) || action.from().contains(before.status())).isTrue();
      wasLocked |= state.status().isLocked();
      if (wasLocked) {
        assertThat(state.status().isLocked()).isTrue();
      }
    }
  }

  @Provide
  Arbitrary<List<Action>> actions() {
    return Arbitraries.of(Action.values()).list().ofMaxSize(12);
  }
}
