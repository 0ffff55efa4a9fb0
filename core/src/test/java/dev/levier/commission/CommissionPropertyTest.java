package dev.levier.commission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levier.conversion.CategoryPath;
import dev.levier.conversion.CustomerStatus;
import dev.levier.conversion.OrderLine;
import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import dev.levier.network.PublisherType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class CommissionPropertyTest {
  static final CurrencyUnit EUR = CurrencyUnit.EUR;
  static final List<String> CATEGORIES =
      List.of("Electronics > Phones", "Electronics > Audio", "Home > Lamps", "Fashion");

  @Provide
  Arbitrary<List<OrderLine>> baskets() {
    Arbitrary<OrderLine> line =
        Combinators.combine(
                Arbitraries.of(CATEGORIES),
                Arbitraries.longs().between(0, 5_000_00),
                Arbitraries.integers().between(1, 5),
                Arbitraries.integers().between(0, 5))
            .as(
                (category, cents, quantity, returned) -> {
                  OrderLine bought =
                      OrderLine.of(
                          "SKU",
                          "",
                          CategoryPath.parse(category),
                          null,
                          quantity,
                          Money.ofMinor(cents, EUR),
                          Money.zero(EUR));
                  return returned == 0 ? bought : bought.withReturn(Math.min(returned, quantity));
                });
    return line.list().ofMinSize(0).ofMaxSize(12);
  }

  static CommissionEngine engine(long capCents, String electronicsPercent) {
    return CommissionEngine.compile(
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
                    new Basis.PercentOfLine(new BigDecimal("3.3"))),
                Rule.sale(
                    "electronics",
                    "Electronics",
                    new Condition.CategoryWithin(List.of(CategoryPath.parse("Electronics"))),
                    new Basis.PercentOfLine(new BigDecimal(electronicsPercent))),
                Rule.sale(
                    "unit",
                    "Per unit",
                    new Condition.CustomerStatusIn(Set.of(CustomerStatus.NEW)),
                    new Basis.FixedPerUnit(Money.ofMinor(75, EUR))),
                Rule.sale(
                    "welcome",
                    "Welcome",
                    new Condition.CustomerStatusIn(Set.of(CustomerStatus.NEW)),
                    new Basis.FixedPerOrder(Money.ofMinor(300, EUR)))),
            List.of(
                new OrderCap(
                    "electronics",
                    "Electronics cap",
                    new Condition.CategoryWithin(List.of(CategoryPath.parse("Electronics"))),
                    Money.ofMinor(capCents, EUR)),
                new OrderCap(
                    "order", "Order cap", Condition.always(), Money.ofMinor(capCents * 3, EUR)))));
  }

  static SaleFacts facts(boolean fresh) {
    return SaleFacts.builder(
            Instant.parse("2026-11-24T10:00:00Z"),
            ZoneId.of("Europe/Paris"),
            Money.ofMinor(100_00, EUR),
            "pub_1",
            PublisherType.CONTENT)
        .customerStatus(fresh ? CustomerStatus.NEW : CustomerStatus.RETURNING)
        .build();
  }

  @Property
  void partsAddUpToTheTotalAndCapsHold(
      @ForAll("baskets") List<OrderLine> basket,
      @ForAll @IntRange(min = 1, max = 100_00) int capCents,
      @ForAll boolean fresh) {
    SaleCommission commission = engine(capCents, "7.25").evaluateSale(facts(fresh), basket);

    long sum = 0;
    long electronics = 0;
    for (LineCommission part : commission.parts()) {
      assertThat(part.amount().minor()).isBetween(0L, part.uncapped().minor());
      sum += part.amount().minor();
      if (part.lineNo() > 0
          && basket.get(part.lineNo() - 1).category().isWithin(CategoryPath.parse("Electronics"))) {
        electronics += part.amount().minor();
      }
    }
    assertThat(commission.total().minor()).isEqualTo(sum);
    assertThat(electronics).isLessThanOrEqualTo(capCents);
    assertThat(sum).isLessThanOrEqualTo(capCents * 3L);
  }

  @Property
  void theChosenRulePaysAtLeastAnyOtherMatchingRule(@ForAll("baskets") List<OrderLine> basket) {
    CommissionEngine engine = engine(1_000_000_00L, "7.25");
    SaleCommission commission = engine.evaluateSale(facts(true), basket);

    for (LineCommission part : commission.parts()) {
      if (part.lineNo() == 0) {
        continue;
      }
      OrderLine line = basket.get(part.lineNo() - 1);
      List<Long> alternatives = new ArrayList<>();
      for (Rule rule : engine.rules().rules()) {
        if (!rule.basis().perOrder() && rule.when().test(facts(true), line)) {
          alternatives.add(rule.basis().onLine(line).minor());
        }
      }
      assertThat(part.uncapped().minor())
          .isEqualTo(alternatives.stream().mapToLong(x -> x).max().orElse(0));
    }
  }

  @Property
  void evaluatingTwiceGivesTheSameCommission(
      @ForAll("baskets") List<OrderLine> basket, @ForAll boolean fresh) {
    CommissionEngine engine = engine(25_00, "12");
    assertThat(engine.evaluateSale(facts(fresh), basket))
        .isEqualTo(engine.evaluateSale(facts(fresh), basket));
  }

  /** The engine compares percentages in long arithmetic; it must agree with Money.percent. */
  @Property
  void aPercentageOfALineIsWhatMoneyComputes(
      @ForAll @net.jqwik.api.constraints.LongRange(min = 0, max = 9_000_000_000_000L) long cents,
      @ForAll @IntRange(min = 1, max = 1_000_000) int tenThousandths) {
    BigDecimal percent = BigDecimal.valueOf(tenThousandths, 4);
    OrderLine line = OrderLine.of("SKU", 1, Money.ofMinor(cents, EUR));
    CommissionEngine engine =
        CommissionEngine.compile(
            RuleSet.of(
                "prg_1",
                1,
                EUR,
                ZoneId.of("UTC"),
                Resolution.HIGHEST_PAYING,
                List.of(
                    Rule.sale("p", "P", Condition.always(), new Basis.PercentOfLine(percent)))));

    SaleCommission commission = engine.evaluateSale(facts(true), List.of(line));

    assertThat(commission.total()).isEqualTo(Money.ofMinor(cents, EUR).percent(percent));
  }
}
