package dev.levier.conversion;

import static dev.levier.money.CurrencyUnit.EUR;
import static dev.levier.money.CurrencyUnit.USD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrderLineTest {

  private static Money eur(String amount) {
    return Money.parse(amount, EUR);
  }

  private static OrderLine line(int quantity, String unitPrice, String discount) {
    return OrderLine.of("SKU-1", "Phone", null, null, quantity, eur(unitPrice), eur(discount));
  }

  @Test
  void amountIsQuantityTimesUnitPriceLessDiscount() {
    OrderLine line =
        OrderLine.of(
            "SKU-1",
            "Phone case",
            CategoryPath.parse("Electronics > Accessories"),
            "Acme",
            3,
            eur("19.99"),
            eur("5.00"));

    assertThat(line.amount()).isEqualTo(eur("54.97"));
    assertThat(line.netAmount()).isEqualTo(eur("54.97"));
    assertThat(line.returnedUnitsValue()).isEqualTo(eur("0.00"));
    assertThat(line.currency()).isEqualTo(EUR);
    assertThat(line.remainingQuantity()).isEqualTo(3);
  }

  @Test
  void theShortFactoryLeavesOutWhatIsOptional() {
    OrderLine line = OrderLine.of("SKU-1", 2, eur("10.00"));

    assertThat(line.name()).isEmpty();
    assertThat(line.category()).isNull();
    assertThat(line.brand()).isNull();
    assertThat(line.discount()).isEqualTo(eur("0"));
    assertThat(line.amount()).isEqualTo(eur("20.00"));
  }

  @Test
  void aDiscountOfTheFullPriceLeavesZero() {
    OrderLine free = line(2, "10.00", "20.00");

    assertThat(free.amount()).isEqualTo(eur("0"));
    assertThat(free.withReturn(1).netAmount()).isEqualTo(eur("0"));
  }

  @Test
  void freeItemsAreLines() {
    assertThat(line(1, "0", "0").amount()).isEqualTo(eur("0"));
  }

  @Test
  void refusesADiscountAboveThePrice() {
    assertThatThrownBy(() -> line(2, "10.00", "20.01"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("discount EUR 20.01 is more than the line's price 2 × EUR 10.00 = EUR 20.00");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0 | quantity must be between 1 and 1000000, was 0",
        "1000001 | quantity must be between 1 and 1000000, was 1000001",
        "-1 | quantity must be between 1 and 1000000, was -1"
      })
  void refusesQuantitiesOutOfRange(int quantity, String message) {
    assertThatThrownBy(() -> line(quantity, "1.00", "0")).hasMessage(message);
  }

  @Test
  void acceptsTheQuantityBounds() {
    assertThat(line(1, "1.00", "0").quantity()).isEqualTo(1);
    assertThat(line(1_000_000, "1.00", "0").amount()).isEqualTo(eur("1000000.00"));
  }

  @Test
  void refusesNegativeAmounts() {
    assertThatThrownBy(() -> line(1, "-1.00", "0"))
        .hasMessage("unit price must not be negative, was EUR -1.00");
    assertThatThrownBy(() -> line(1, "1.00", "-0.01"))
        .hasMessage("discount must not be negative, was EUR -0.01");
  }

  @Test
  void refusesMixedCurrencies() {
    assertThatThrownBy(
            () ->
                OrderLine.of("SKU-1", "", null, null, 1, eur("1.00"), Money.zero(CurrencyUnit.USD)))
        .hasMessage("discount is in USD but the unit price is in EUR");
  }

  @Test
  void aPriceTooLargeToRepresentIsAnArithmeticError() {
    Money huge = Money.ofMinor(Long.MAX_VALUE / 2 + 1, EUR);

    assertThatThrownBy(() -> OrderLine.of("SKU-1", 2, huge))
        .isInstanceOf(ArithmeticException.class)
        .hasMessage(
            "the line's price 2 × EUR 46116860184273879.04 is too large to be represented in EUR");
    assertThat(OrderLine.of("SKU-1", 1, Money.ofMinor(Long.MAX_VALUE, EUR)).amount().minor())
        .isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void checksTheTexts() {
    Money one = eur("1.00");
    Money zero = eur("0");
    assertThatThrownBy(() -> OrderLine.of("", 1, one)).hasMessage("sku must not be empty");
    assertThatThrownBy(() -> OrderLine.of("x".repeat(101), 1, one))
        .hasMessage("sku is 101 characters long; at most 100 are allowed");
    assertThatThrownBy(() -> OrderLine.of("SKU 1 ", 1, one))
        .hasMessage("sku \"SKU 1 \" starts or ends with white space");
    assertThatThrownBy(() -> OrderLine.of("SKU\u200B1", 1, one))
        .hasMessage(
            "sku contains an invisible formatting character (U+200B) at position 4;"
                + " only printable characters are allowed");
    assertThat(OrderLine.of("x".repeat(100), 1, one).sku()).hasSize(100);
    assertThat(OrderLine.of("SKU-1", "n".repeat(300), null, null, 1, one, zero).name())
        .hasSize(300);
    assertThatThrownBy(() -> OrderLine.of("SKU-1", "n".repeat(301), null, null, 1, one, zero))
        .hasMessage("name is 301 characters long; at most 300 are allowed");
    assertThatThrownBy(() -> OrderLine.of("SKU-1", "a\nb", null, null, 1, one, zero))
        .hasMessage(
            "name contains a control character (U+000A) at position 2;"
                + " control characters are not allowed");
    assertThatThrownBy(() -> OrderLine.of("SKU-1", "", null, "", 1, one, zero))
        .hasMessage("brand must not be empty; leave it out when unknown");
    assertThatThrownBy(() -> OrderLine.of("SKU-1", "", null, "b".repeat(101), 1, one, zero))
        .hasMessage("brand is 101 characters long; at most 100 are allowed");
  }

  @Test
  void returnedUnitsTakeBackTheirShareOfTheDiscountedAmount() {
    // 3 × 10.00 − 1.00 = 29.00; one unit is worth 29.00 / 3 = 9.666..., rounded to 9.67.
    OrderLine line = line(3, "10.00", "1.00");

    OrderLine one = line.withReturn(1);
    assertThat(one.returnedQuantity()).isEqualTo(1);
    assertThat(one.returnedUnitsValue()).isEqualTo(eur("9.67"));
    assertThat(one.netAmount()).isEqualTo(eur("19.33"));

    OrderLine two = one.withReturn(1);
    assertThat(two.returnedUnitsValue())
        .as("19.333... computed on both units, not 9.67 twice")
        .isEqualTo(eur("19.33"));
    assertThat(two.netAmount()).isEqualTo(eur("9.67"));

    OrderLine all = two.withReturn(1);
    assertThat(all.returnedUnitsValue()).isEqualTo(eur("29.00"));
    assertThat(all.netAmount()).isEqualTo(eur("0.00"));
    assertThat(all.remainingQuantity()).isZero();
  }

  @Test
  void theValueOfReturnedUnitsRoundsHalfToEven() {
    // 0.05 over 2 units: one unit is worth 2.5 cents, which rounds to 2; 0.07: 3.5 rounds to 4.
    assertThat(
            OrderLine.of("S", "", null, null, 2, Money.ofMinor(5, EUR), Money.ofMinor(5, EUR))
                .withReturn(1)
                .returnedUnitsValue()
                .minor())
        .isEqualTo(2);
    assertThat(
            OrderLine.of("S", "", null, null, 2, Money.ofMinor(5, EUR), Money.ofMinor(3, EUR))
                .withReturn(1)
                .returnedUnitsValue()
                .minor())
        .isEqualTo(4);
  }

  @Test
  void returnsInOneGoOrOneByOneGiveTheSameLine() {
    OrderLine line = line(7, "3.33", "0.10");

    assertThat(line.withReturn(2).withReturn(3)).isEqualTo(line.withReturn(5));
  }

  @Test
  void refusesReturningMoreUnitsThanRemain() {
    OrderLine line = line(3, "10.00", "0").withReturn(2);

    assertThatThrownBy(() -> line.withReturn(2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("2 returned of 1 remaining (3 bought, 2 already returned)");
    assertThatThrownBy(() -> line.withReturn(0))
        .hasMessage("returned quantity must be at least 1, was 0");
    assertThatThrownBy(() -> line.withReturn(-1))
        .hasMessage("returned quantity must be at least 1, was -1");
  }

  @Test
  void refundsWithoutUnitsComeOffTheNetAmount() {
    OrderLine line = line(2, "50.00", "0").withReturnedAmount(eur("15.00"));

    assertThat(line.returnedAmount()).isEqualTo(eur("15.00"));
    assertThat(line.netAmount()).isEqualTo(eur("85.00"));
    assertThat(line.withReturnedAmount(eur("85.00")).netAmount()).isEqualTo(eur("0"));
  }

  @Test
  void refusesRefundsBeyondWhatIsLeft() {
    OrderLine line = line(2, "10.00", "0").withReturn(1);

    assertThatThrownBy(() -> line.withReturnedAmount(eur("10.01")))
        .hasMessage("EUR 10.01 returned of EUR 10.00 remaining");
    assertThatThrownBy(() -> line.withReturnedAmount(eur("0")))
        .hasMessage("returned amount must be positive, was EUR 0.00");
    assertThatThrownBy(() -> line.withReturnedAmount(Money.parse("1", USD)))
        .hasMessage("returned amount is in USD but the line is in EUR");
  }

  @Test
  void refusesUnitsWhoseValueWasAlreadyRefunded() {
    OrderLine line = line(2, "10.00", "0").withReturnedAmount(eur("15.00"));

    assertThatThrownBy(() -> line.withReturn(1))
        .hasMessage(
            "returning 1 more would take the line below zero: the returned units are worth"
                + " EUR 10.00 of EUR 20.00, and EUR 15.00 was already refunded without units");
    assertThat(line(2, "10.00", "0").withReturnedAmount(eur("10.00")).withReturn(1).netAmount())
        .isEqualTo(eur("0"));
  }

  @Test
  void theConstructorChecksTheReturnFields() {
    Money ten = eur("10.00");
    Money zero = eur("0");
    assertThatThrownBy(() -> new OrderLine("S", "", null, null, 2, ten, zero, 3, zero))
        .hasMessage("returned quantity must be between 0 and the quantity 2, was 3");
    assertThatThrownBy(() -> new OrderLine("S", "", null, null, 2, ten, zero, -1, zero))
        .hasMessage("returned quantity must be between 0 and the quantity 2, was -1");
    assertThatThrownBy(() -> new OrderLine("S", "", null, null, 2, ten, zero, 0, eur("-1")))
        .hasMessage("returned amount must not be negative, was EUR -1.00");
    assertThatThrownBy(() -> new OrderLine("S", "", null, null, 2, ten, zero, 1, eur("10.01")))
        .hasMessage(
            "returned amount EUR 10.01 is more than the EUR 10.00 left after returned units");
    assertThatThrownBy(
            () -> new OrderLine("S", "", null, null, 2, ten, zero, 0, Money.zero(CurrencyUnit.JPY)))
        .hasMessage("returned amount is in JPY but the unit price is in EUR");
  }
}
