package dev.levier.conversion;

import static dev.levier.money.CurrencyUnit.EUR;
import static dev.levier.money.CurrencyUnit.USD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levier.money.Money;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrderTest {

  private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");

  private static Money eur(String amount) {
    return Money.parse(amount, EUR);
  }

  /** Line 1: 2 × 10.00; line 2: 1 × 30.00 less 5.00; line 3: 3 × 1.00. Lines total 48.00. */
  private static Order order() {
    return Order.of(
        "ORD-1",
        AT,
        eur("55.90"),
        List.of(
            OrderLine.of("A", 2, eur("10.00")),
            OrderLine.of("B", "", null, null, 1, eur("30.00"), eur("5.00")),
            OrderLine.of("C", 3, eur("1.00"))));
  }

  @Test
  void linesAreNumberedFromOne() {
    Order order = order();

    assertThat(order.line(1).sku()).isEqualTo("A");
    assertThat(order.line(3).sku()).isEqualTo("C");
    assertThat(order.currency()).isEqualTo(EUR);
    assertThat(order.cancelled()).isFalse();
    assertThatThrownBy(() -> order.line(0)).hasMessage("line 0: the order has lines 1 to 3");
    assertThatThrownBy(() -> order.line(4)).hasMessage("line 4: the order has lines 1 to 3");
  }

  @Test
  void theTotalNeedNotMatchTheLines() {
    Order order = order();

    assertThat(order.linesAmount()).isEqualTo(eur("48.00"));
    assertThat(order.total()).isEqualTo(eur("55.90"));
    assertThat(Order.of("ORD-2", AT, eur("1.00"), order.lines()).total()).isEqualTo(eur("1.00"));
  }

  @Test
  void anOrderWithoutLinesIsAllowed() {
    Order order = Order.of("ORD-1", AT, eur("12.00"), List.of());

    assertThat(order.linesAmount()).isEqualTo(eur("0"));
    assertThat(order.netLinesAmount()).isEqualTo(eur("0"));
    assertThatThrownBy(() -> order.returnLines(Map.of(1, 1)))
        .hasMessage("line 1: the order has no lines");
  }

  @Test
  void checksTheOrderFields() {
    assertThatThrownBy(() -> Order.of("", AT, eur("1"), List.of()))
        .hasMessage("order id must not be empty");
    assertThatThrownBy(() -> Order.of("x".repeat(101), AT, eur("1"), List.of()))
        .hasMessage("order id is 101 characters long; at most 100 are allowed");
    assertThatThrownBy(() -> Order.of("ORD\t1", AT, eur("1"), List.of()))
        .hasMessage(
            "order id contains a control character (U+0009) at position 4;"
                + " only printable characters are allowed");
    assertThatThrownBy(() -> Order.of(" ORD-1", AT, eur("1"), List.of()))
        .hasMessage("order id \" ORD-1\" starts or ends with white space");
    assertThatThrownBy(() -> Order.of("ORD-1", AT, eur("-0.01"), List.of()))
        .hasMessage("total must not be negative, was EUR -0.01");
    assertThatThrownBy(() -> new Order("ORD-1", AT, USD, eur("1"), List.of(), false))
        .hasMessage("total is in EUR but the order is in USD");
    assertThat(Order.of("x".repeat(100), AT, eur("0"), List.of()).total()).isEqualTo(eur("0"));
  }

  @Test
  void orderIdsRefuseCharactersThatCannotBeSeen() {
    assertThatThrownBy(() -> Order.of("ORD\u20281", AT, eur("1"), List.of()))
        .hasMessage(
            "order id contains a line separator (U+2028) at position 4;"
                + " only printable characters are allowed");
    assertThatThrownBy(() -> Order.of("ORD\uD800", AT, eur("1"), List.of()))
        .hasMessage(
            "order id contains a broken surrogate pair (U+D800) at position 4;"
                + " only printable characters are allowed");
    assertThat(Order.of("ORD-\uD83D\uDE00 ü", AT, eur("1"), List.of()).orderId())
        .as("letters of any script, and emoji, are printable")
        .isEqualTo("ORD-\uD83D\uDE00 ü");
  }

  @Test
  void everyLineIsInTheOrderCurrency() {
    List<OrderLine> lines =
        List.of(OrderLine.of("A", 1, eur("1.00")), OrderLine.of("B", 1, Money.parse("1", USD)));

    assertThatThrownBy(() -> Order.of("ORD-1", AT, eur("2.00"), lines))
        .hasMessage("line 2 is in USD but the order is in EUR");
  }

  @Test
  void holdsFiveHundredLinesAtMost() {
    OrderLine line = OrderLine.of("A", 1, eur("1.00"));

    assertThat(Order.of("ORD-1", AT, eur("0"), Collections.nCopies(500, line)).linesAmount())
        .isEqualTo(eur("500.00"));
    assertThatThrownBy(() -> Order.of("ORD-1", AT, eur("0"), Collections.nCopies(501, line)))
        .hasMessage("an order has at most 500 lines, this one has 501");
  }

  @Test
  void linesThatAddUpBeyondTheRangeAreAnArithmeticError() {
    OrderLine huge = OrderLine.of("A", 1, Money.ofMinor(Long.MAX_VALUE, EUR));

    assertThatThrownBy(() -> Order.of("ORD-1", AT, eur("0"), List.of(huge, huge)))
        .isInstanceOf(ArithmeticException.class)
        .hasMessage("the lines add up to more than can be represented in EUR");
  }

  @Test
  void returningUnitsLowersTheNetAmountOnly() {
    Order returned = order().returnLines(Map.of(1, 1, 3, 3));

    assertThat(returned.line(1).returnedQuantity()).isEqualTo(1);
    assertThat(returned.line(2)).isEqualTo(order().line(2));
    assertThat(returned.line(3).netAmount()).isEqualTo(eur("0"));
    assertThat(returned.linesAmount()).isEqualTo(eur("48.00"));
    assertThat(returned.netLinesAmount()).isEqualTo(eur("35.00"));
    assertThat(returned.total()).as("the reported total stays").isEqualTo(eur("55.90"));
  }

  @Test
  void returningEverythingLeavesZero() {
    Order all = order().returnLines(Map.of(1, 2, 2, 1, 3, 3));

    assertThat(all.netLinesAmount()).isEqualTo(eur("0"));
    assertThatThrownBy(() -> all.returnLines(Map.of(2, 1)))
        .hasMessage("line 2: 1 returned of 0 remaining (1 bought, 1 already returned)");
    assertThatThrownBy(() -> all.returnAmounts(Map.of(2, eur("0.01"))))
        .hasMessage("line 2: EUR 0.01 returned of EUR 0.00 remaining");
  }

  @Test
  void refundsComeOffTheNamedLines() {
    Order refunded = order().returnAmounts(Map.of(2, eur("5.00")));

    assertThat(refunded.line(2).netAmount()).isEqualTo(eur("20.00"));
    assertThat(refunded.netLinesAmount()).isEqualTo(eur("43.00"));
  }

  @Test
  void aRefusedReturnNamesTheLine() {
    Order order = order().returnLines(Map.of(3, 2));

    assertThatThrownBy(() -> order.returnLines(Map.of(3, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("line 3: 2 returned of 1 remaining (3 bought, 2 already returned)");
  }

  @Test
  void aChangeWithOneBadLineChangesNoLineAndListsEveryProblemInLineOrder() {
    Order order = order();

    assertThatThrownBy(() -> order.returnLines(Map.of(3, 4, 1, 1, 7, 1, 2, 0)))
        .hasMessage(
            "line 2: returned quantity must be at least 1, was 0; "
                + "line 3: 4 returned of 3 remaining (3 bought, 0 already returned); "
                + "line 7: the order has lines 1 to 3");
    assertThat(order.netLinesAmount()).isEqualTo(eur("48.00"));
    assertThat(order).isEqualTo(order());
  }

  @Test
  void aRefundInAnotherCurrencyIsRefused() {
    assertThatThrownBy(() -> order().returnAmounts(Map.of(1, Money.parse("1", USD))))
        .hasMessage("line 1: returned amount is in USD but the line is in EUR");
    assertThatThrownBy(() -> order().returnAmounts(Map.of(1, eur("-1"))))
        .hasMessage("line 1: returned amount must be positive, was EUR -1.00");
  }

  @Test
  void anEmptyChangeIsRefused() {
    assertThatThrownBy(() -> order().returnLines(Map.of()))
        .hasMessage("no line was given to return units on");
    assertThatThrownBy(() -> order().returnAmounts(Map.of()))
        .hasMessage("no line was given to return money on");
  }

  @Test
  void aCancelledOrderTakesNoReturns() {
    Order cancelled = order().returnLines(Map.of(1, 1)).cancel();

    assertThat(cancelled.cancelled()).isTrue();
    assertThat(cancelled.line(1).returnedQuantity()).as("earlier returns stay").isEqualTo(1);
    assertThatThrownBy(() -> cancelled.returnLines(Map.of(1, 1)))
        .hasMessage("order ORD-1 is cancelled; nothing more can be returned");
    assertThatThrownBy(() -> cancelled.returnAmounts(Map.of(1, eur("1.00"))))
        .hasMessage("order ORD-1 is cancelled; nothing more can be returned");
  }

  @Test
  void cancellingTwiceIsHarmless() {
    Order cancelled = order().cancel();

    assertThat(cancelled.cancel()).isSameAs(cancelled);
  }

  @Test
  void linesAreCopied() {
    List<OrderLine> lines = new java.util.ArrayList<>(order().lines());
    Order order = Order.of("ORD-1", AT, eur("1"), lines);
    lines.clear();

    assertThat(order.lines()).hasSize(3);
  }
}
