package dev.levier.commission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levier.conversion.Order;
import dev.levier.conversion.OrderLine;
import dev.levier.finance.ExchangeRate;
import dev.levier.finance.MissingRateException;
import dev.levier.finance.RateTable;
import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How an order in another currency is converted before the programme's rules read it. */
class OrderConversionTest {
  private static final CurrencyUnit EUR = CurrencyUnit.EUR;
  private static final CurrencyUnit GBP = CurrencyUnit.GBP;
  private static final Instant ORDERED = Instant.parse("2026-11-25T23:30:00Z");

  private static Money gbp(String amount) {
    return Money.parse(amount, GBP);
  }

  private static RateTable table(String base, String quote, String rate, String date) {
    return RateTable.of(
        List.of(
            new ExchangeRate(
                CurrencyUnit.of(base),
                CurrencyUnit.of(quote),
                new BigDecimal(rate),
                LocalDate.parse(date))));
  }

  @Test
  void everyAmountIsConvertedOnItsOwnAtTheRateOfTheOrdersUtcDay() {
    Order order =
        Order.of(
            "o-1",
            ORDERED,
            gbp("320.00"),
            List.of(
                OrderLine.of("PHONE", "Phone", null, null, 1, gbp("300.00"), gbp("10.00")),
                OrderLine.of("CASE", 3, gbp("0.05"))));
    RateTable rates =
        table("GBP", "EUR", "1.1478", "2026-11-25")
            .plus(
                List.of(
                    new ExchangeRate(
                        GBP, EUR, new BigDecimal("2"), LocalDate.parse("2026-11-26"))));

    OrderConversion.Converted converted = OrderConversion.convert(order, EUR, rates);

    assertThat(converted.rate().rate()).isEqualByComparingTo("1.1478");
    assertThat(converted.rate().date()).isEqualTo(LocalDate.parse("2026-11-25"));
    Order inEuros = converted.order();
    assertThat(inEuros.currency()).isEqualTo(EUR);
    assertThat(inEuros.orderId()).isEqualTo("o-1");
    assertThat(inEuros.orderedAt()).isEqualTo(ORDERED);
    assertThat(inEuros.total()).isEqualTo(Money.parse("367.30", EUR)); // 367.296
    assertThat(inEuros.lines().get(0).unitPrice()).isEqualTo(Money.parse("344.34", EUR));
    assertThat(inEuros.lines().get(0).discount()).isEqualTo(Money.parse("11.48", EUR)); // 11.478
    // 0.05 × 1.1478 = 0.05739 → 0.06 a unit, three units 0.18, where 0.15 converted is 0.17:
    // the lines drift from the amounts converted whole, and the rules read the lines.
    assertThat(inEuros.lines().get(1).unitPrice()).isEqualTo(Money.parse("0.06", EUR));
    assertThat(inEuros.lines().get(1).amount()).isEqualTo(Money.parse("0.18", EUR));
    assertThat(inEuros.linesAmount()).isEqualTo(Money.parse("333.04", EUR));
  }

  @Test
  void aWholeLineDiscountStaysWithinTheConvertedPriceAndSoDoesARefund() {
    Order order =
        Order.of(
                "o-2",
                ORDERED,
                gbp("0.03"),
                List.of(
                    OrderLine.of("FREE", "Free", null, null, 3, gbp("0.01"), gbp("0.03")),
                    OrderLine.of("PEN", 3, gbp("0.01"))))
            .returnLines(Map.of(2, 1))
            .returnAmounts(Map.of(2, gbp("0.02")));

    Order inEuros =
        OrderConversion.convert(order, EUR, table("GBP", "EUR", "0.4", "2026-11-01")).order();

    // 0.01 × 0.4 = 0.004 → 0.00 a unit; the discount 0.012 → 0.01 is lowered to the price, 0.00.
    assertThat(inEuros.lines().get(0).discount()).isEqualTo(Money.zero(EUR));
    // The pens cost 0.00 converted too; the refund 0.008 → 0.01 is lowered to what is left, 0.00.
    assertThat(inEuros.lines().get(1).returnedQuantity()).isEqualTo(1);
    assertThat(inEuros.lines().get(1).returnedAmount()).isEqualTo(Money.zero(EUR));
    assertThat(inEuros.total()).isEqualTo(Money.parse("0.01", EUR));
    assertThat(inEuros.netLinesAmount()).isEqualTo(Money.zero(EUR));
  }

  @Test
  void anInvertedRateWithMoreDecimalsThanTheCommissionKeepsIsRoundedBeforeUse() {
    CurrencyUnit irr = CurrencyUnit.of("IRR");
    Order order = Order.of("o-3", ORDERED, Money.parse("1000000.00", irr), List.of());

    OrderConversion.Converted converted =
        OrderConversion.convert(order, EUR, table("EUR", "IRR", "30000000", "2026-11-01"));

    // 1 / 30000000 to 12 significant digits is 3.33333333333E-8: 19 decimals, stored with 18.
    assertThat(converted.rate().rate()).isEqualTo(new BigDecimal("0.000000033333333333"));
    assertThat(converted.order().total())
        .isEqualTo(Money.parse("1000000.00", irr).convert(converted.rate().rate(), EUR));
  }

  @Test
  void aRefundIsMappedByItsShareOfTheLineSoRefundingEverythingKeepsNothing() {
    BigDecimal rate = new BigDecimal("1.1478");
    // 0.05 a unit converts to 0.06: the line is 0.15, converted 0.18.
    Order order =
        Order.of("o-5", ORDERED, gbp("0.15"), List.of(OrderLine.of("CASE", 3, gbp("0.05"))));

    OrderConversion.ConvertedReturn third =
        OrderConversion.forReturn(order, Map.of(), Map.of(1, gbp("0.05")), rate, EUR);
    assertThat(third.before().lines().get(0).amount()).isEqualTo(Money.parse("0.18", EUR));
    assertThat(third.amounts()).isEqualTo(Map.of(1, Money.parse("0.06", EUR)));

    Order refunded = order.returnAmounts(Map.of(1, gbp("0.05")));
    OrderConversion.ConvertedReturn rest =
        OrderConversion.forReturn(refunded, Map.of(), Map.of(1, gbp("0.10")), rate, EUR);
    assertThat(rest.before().lines().get(0).returnedAmount()).isEqualTo(Money.parse("0.06", EUR));
    // 0.10 converted at the rate would be 0.11, leaving 0.01 of the line: the share leaves none.
    assertThat(rest.amounts()).isEqualTo(Map.of(1, Money.parse("0.12", EUR)));

    // Two units back and the last 0.05 refunded at once: nothing is kept, nothing is left over.
    OrderConversion.ConvertedReturn both =
        OrderConversion.forReturn(order, Map.of(1, 2), Map.of(1, gbp("0.05")), rate, EUR);
    assertThat(both.before().lines().get(0).returnedQuantity()).isZero();
    assertThat(both.amounts()).isEqualTo(Map.of(1, Money.parse("0.06", EUR)));
    OrderLine after =
        new OrderLine(
            "CASE",
            "",
            null,
            null,
            3,
            Money.parse("0.06", EUR),
            Money.zero(EUR),
            2,
            Money.parse("0.06", EUR));
    assertThat(after.netAmount()).isEqualTo(Money.zero(EUR));
  }

  @Test
  void aRefundBelowAMinorUnitOnceConvertedIsLeftOut() {
    Order order =
        Order.of("o-6", ORDERED, gbp("300.00"), List.of(OrderLine.of("TV", 1, gbp("300.00"))));

    OrderConversion.ConvertedReturn tiny =
        OrderConversion.forReturn(
            order, Map.of(), Map.of(1, gbp("0.01")), new BigDecimal("0.4"), EUR);

    assertThat(tiny.amounts()).isEmpty(); // 120.00 × 0.01 ÷ 300.00 = 0.004
  }

  @Test
  void withoutARateForTheDayNothingIsConverted() {
    Order order = Order.of("o-4", ORDERED, gbp("10.00"), List.of());

    assertThatThrownBy(
            () -> OrderConversion.convert(order, EUR, table("GBP", "EUR", "1.1", "2026-11-26")))
        .isInstanceOf(MissingRateException.class)
        .hasMessageStartingWith("no rate from GBP to EUR on or before 2026-11-25");
  }
}
