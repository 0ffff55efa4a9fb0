package dev.levier.conversion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class OrderReturnsPropertyTest {

  private static final CurrencyUnit CURRENCY = CurrencyUnit.EUR;

  /**
   * One attempted change: units on a line, or money as a share of what the line has left (per
   * mille, up to 110% so that some refunds are too large). Line numbers go one past each end.
   */
  record Step(int lineNo, boolean units, int value) {}

  @Provide
  Arbitrary<OrderLine> lines() {
    Arbitrary<Integer> quantities =
        Arbitraries.oneOf(
            Arbitraries.integers().between(1, 12), Arbitraries.of(OrderLine.MAX_QUANTITY, 999_983));
    Arbitrary<Long> unitPrices =
        Arbitraries.oneOf(
            Arbitraries.longs().between(0, 100_000),
            // Up to 10^12 minor units, so that 6 lines of 10^6 units stay within a long.
            Arbitraries.longs().between(0, 1_000_000_000_000L));
    return Combinators.combine(quantities, unitPrices, Arbitraries.integers().between(0, 1000))
        .as(
            (quantity, unitPrice, discountPerMille) -> {
              long gross = unitPrice * quantity;
              long discount =
                  BigInteger.valueOf(gross)
                      .multiply(BigInteger.valueOf(discountPerMille))
                      .divide(BigInteger.valueOf(1000))
                      .longValueExact();
              return OrderLine.of(
                  "SKU",
                  "",
                  null,
                  null,
                  quantity,
                  Money.ofMinor(unitPrice, CURRENCY),
                  Money.ofMinor(discount, CURRENCY));
            });
  }

  @Provide
  Arbitrary<Order> orders() {
    return lines()
        .list()
        .ofMinSize(1)
        .ofMaxSize(6)
        .map(lines -> Order.of("ORD-1", Instant.EPOCH, Money.zero(CURRENCY), lines));
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Step> step =
        Combinators.combine(
                Arbitraries.integers().between(0, 7),
                Arbitraries.of(true, false),
                Arbitraries.oneOf(
                    Arbitraries.integers().between(-1, 14),
                    Arbitraries.integers().between(0, 1100),
                    Arbitraries.of(1000, 1001, OrderLine.MAX_QUANTITY)))
            .as(Step::new);
    return step.list().ofMaxSize(25);
  }

  @Property
  void netAmountsStayBetweenZeroAndTheAmountWhateverIsReturned(
      @ForAll("orders") Order start, @ForAll("steps") List<Step> steps) {
    Money linesAmount = start.linesAmount();
    Order order = start;
    for (Step step : steps) {
      Order before = order;
      try {
        order = apply(order, step);
      } catch (IllegalArgumentException refused) {
        assertThat(refused.getMessage()).startsWith("line " + step.lineNo() + ": ");
        assertThat(order).isSameAs(before);
      }

      assertThat(order.linesAmount()).isEqualTo(linesAmount);
      Money net = order.netLinesAmount();
      assertThat(net.isNegative()).as("net %s is negative", net).isFalse();
      assertThat(net).isLessThanOrEqualTo(linesAmount);
      for (OrderLine line : order.lines()) {
        assertThat(line.netAmount().isNegative()).isFalse();
        assertThat(line.netAmount()).isLessThanOrEqualTo(line.amount());
        if (line.remainingQuantity() == 0) {
          assertThat(line.returnedUnitsValue()).isEqualTo(line.amount());
          assertThat(line.netAmount().isZero()).isTrue();
        }
      }
    }
  }

  @Property
  void returningEverythingLeavesExactlyZero(@ForAll("orders") Order order) {
    Map<Integer, Integer> all = new java.util.HashMap<>();
    for (int i = 0; i < order.lines().size(); i++) {
      all.put(i + 1, order.lines().get(i).quantity());
    }

    assertThat(order.returnLines(all).netLinesAmount().isZero()).isTrue();
  }

  @Property
  void theValueOfReturnedUnitsNeverShrinksAsUnitsComeBack(@ForAll("lines") OrderLine start) {
    OrderLine line = start;
    Money previous = line.returnedUnitsValue();
    int step = Math.max(1, line.quantity() / 7);
    while (line.remainingQuantity() > 0) {
      line = line.withReturn(Math.min(step, line.remainingQuantity()));
      assertThat(line.returnedUnitsValue()).isGreaterThanOrEqualTo(previous);
      previous = line.returnedUnitsValue();
    }
    assertThat(previous).isEqualTo(line.amount());
  }

  private static Order apply(Order order, Step step) {
    if (step.units()) {
      return order.returnLines(Map.of(step.lineNo(), step.value()));
    }
    long left =
        step.lineNo() >= 1 && step.lineNo() <= order.lines().size()
            ? order.line(step.lineNo()).netAmount().minor()
            : 100;
    long refund =
        BigInteger.valueOf(left)
            .multiply(BigInteger.valueOf(Math.min(step.value(), 1100)))
            .divide(BigInteger.valueOf(1000))
            .longValueExact();
    return order.returnAmounts(Map.of(step.lineNo(), Money.ofMinor(refund, CURRENCY)));
  }
}
