package dev.levier.commission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levier.attribution.JourneyRole;
import dev.levier.commission.Condition.AllOf;
import dev.levier.commission.Condition.AnyOf;
import dev.levier.commission.Condition.BrandIn;
import dev.levier.commission.Condition.CategoryWithin;
import dev.levier.commission.Condition.CouponMatch;
import dev.levier.commission.Condition.CouponUsed;
import dev.levier.commission.Condition.CustomerStatusIn;
import dev.levier.commission.Condition.DayOfWeekIn;
import dev.levier.commission.Condition.HourBetween;
import dev.levier.commission.Condition.Not;
import dev.levier.commission.Condition.OrderValueBetween;
import dev.levier.commission.Condition.PublisherTypeIn;
import dev.levier.commission.Condition.RoleIn;
import dev.levier.conversion.CategoryPath;
import dev.levier.conversion.CustomerStatus;
import dev.levier.conversion.OrderLine;
import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import dev.levier.network.PublisherType;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommissionEngineTest {
  static final CurrencyUnit EUR = CurrencyUnit.EUR;
  static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  /** A Tuesday, 14:30 in Paris. */
  static final Instant TUESDAY_AFTERNOON = Instant.parse("2026-11-24T13:30:00Z");

  static Money eur(String amount) {
    return Money.parse(amount, EUR);
  }

  static Basis percent(String value) {
    return new Basis.PercentOfLine(new BigDecimal(value));
  }

  static OrderLine line(String sku, String category, String price, int quantity) {
    return OrderLine.of(
        sku, sku, CategoryPath.parse(category), "Lumière", quantity, eur(price), eur("0"));
  }

  static SaleFacts.Builder sale(CustomerStatus status) {
    return SaleFacts.builder(
            TUESDAY_AFTERNOON, PARIS, eur("524.00"), "pub_1", PublisherType.CONTENT)
        .customerStatus(status);
  }

  static CommissionEngine engine(Resolution resolution, List<Rule> rules, List<OrderCap> caps) {
    return CommissionEngine.compile(new RuleSet("prg_1", 3, EUR, PARIS, resolution, rules, caps));
  }

  /** The README's rule set: new customers 10%, returning 4%, electronics at most 20 per order. */
  static CommissionEngine readmeRules() {
    return engine(
        Resolution.HIGHEST_PAYING,
        List.of(
            Rule.sale(
                "new",
                "New customers",
                new CustomerStatusIn(Set.of(CustomerStatus.NEW)),
                percent("10")),
            Rule.sale(
                "returning",
                "Returning customers",
                new CustomerStatusIn(Set.of(CustomerStatus.RETURNING, CustomerStatus.LAPSED)),
                percent("4"))),
        List.of(
            new OrderCap(
                "electronics",
                "Electronics: 20 per order",
                new CategoryWithin(List.of(CategoryPath.parse("Electronics"))),
                eur("20.00"))));
  }

  static final List<OrderLine> BASKET =
      List.of(
          line("PHONE-1", "Electronics > Phones", "499.00", 1),
          line("CASE-1", "Accessories > Cases", "25.00", 1));

  @Test
  void aNewCustomerEarnsTenPercentWithElectronicsCapped() {
    SaleCommission commission =
        readmeRules().evaluateSale(sale(CustomerStatus.NEW).build(), BASKET);

    assertThat(commission.parts())
        .extracting(LineCommission::ruleId, LineCommission::uncapped, LineCommission::amount)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("new", eur("49.90"), eur("20.00")),
            org.assertj.core.groups.Tuple.tuple("new", eur("2.50"), eur("2.50")));
    assertThat(commission.total()).isEqualTo(eur("22.50"));
    assertThat(commission.version()).isEqualTo(3);
    assertThat(commission.explain())
        .isEqualTo(
            "Line 1 earns EUR 20.00 under rule new \"New customers\" (version 3): 10% of the line,"
                + " on EUR 499.00, because customer is new. Capped: \"Electronics: 20 per order\""
                + " allows at most EUR 20.00 per order on category within \"Electronics\", and"
                + " this part would have earned EUR 49.90.\n"
                + "Line 2 earns EUR 2.50 under rule new \"New customers\" (version 3): 10% of the"
                + " line, on EUR 25.00, because customer is new.");
  }

  @Test
  void aReturningOrLapsedCustomerEarnsFourPercent() {
    for (CustomerStatus status : List.of(CustomerStatus.RETURNING, CustomerStatus.LAPSED)) {
      SaleCommission commission = readmeRules().evaluateSale(sale(status).build(), BASKET);
      assertThat(commission.parts())
          .extracting(LineCommission::amount)
          .containsExactly(eur("19.96"), eur("1.00"));
      assertThat(commission.total()).isEqualTo(eur("20.96"));
    }
  }

  @Test
  void anUnknownCustomerStatusMatchesNoStatusRule() {
    SaleCommission commission =
        readmeRules()
            .evaluateSale(
                SaleFacts.builder(
                        TUESDAY_AFTERNOON, PARIS, eur("524.00"), "pub_1", PublisherType.CONTENT)
                    .build(),
                BASKET);

    assertThat(commission.total()).isEqualTo(eur("0.00"));
    assertThat(commission.parts().get(0).explain())
        .isEqualTo("Line 1 earns nothing: no rule of version 3 applies.");
  }

  @Test
  void theHighestPayingRuleWinsUnlessTheProgrammeChoosesPriority() {
    List<Rule> rules =
        List.of(
            Rule.sale("base", "Everything", Condition.always(), percent("5")).withPriority(1),
            Rule.sale(
                    "phones",
                    "Phones",
                    new CategoryWithin(List.of(CategoryPath.parse("electronics > phones"))),
                    percent("8"))
                .withPriority(2));
    SaleFacts facts = sale(CustomerStatus.NEW).build();

    SaleCommission highest =
        engine(Resolution.HIGHEST_PAYING, rules, List.of()).evaluateSale(facts, BASKET);
    SaleCommission priority =
        engine(Resolution.PRIORITY, rules, List.of()).evaluateSale(facts, BASKET);

    assertThat(highest.parts())
        .extracting(LineCommission::ruleId)
        .containsExactly("phones", "base");
    assertThat(highest.total()).isEqualTo(eur("41.17"));
    assertThat(priority.parts()).extracting(LineCommission::ruleId).containsExactly("base", "base");
    assertThat(priority.total()).isEqualTo(eur("26.20"));
  }

  @Test
  void betweenRulesPayingTheSameTheLowerPriorityThenTheFirstListedWins() {
    List<Rule> rules =
        List.of(
            Rule.sale("a", "A", Condition.always(), percent("5")).withPriority(2),
            Rule.sale("b", "B", Condition.always(), percent("5")).withPriority(1),
            Rule.sale("c", "C", Condition.always(), percent("5")).withPriority(1));

    SaleCommission commission =
        engine(Resolution.HIGHEST_PAYING, rules, List.of())
            .evaluateSale(sale(CustomerStatus.NEW).build(), BASKET);

    assertThat(commission.parts()).extracting(LineCommission::ruleId).containsOnly("b");
  }

  @Test
  void nestedConditionsSayWhichBranchHeld() {
    // Content sites that introduce new customers, or any publisher whose own coupon closed a
    // weekday sale of at least 100 euros, but never voucher sites.
    Condition when =
        new AllOf(
            List.of(
                new AnyOf(
                    List.of(
                        new AllOf(
                            List.of(
                                new PublisherTypeIn(Set.of(PublisherType.CONTENT)),
                                new RoleIn(Set.of(JourneyRole.INTRODUCER)))),
                        new AllOf(
                            List.of(
                                new CouponUsed(CouponMatch.PUBLISHERS_OWN, Set.of()),
                                new DayOfWeekIn(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY)),
                                new OrderValueBetween(eur("100.00"), null))))),
                new Not(new PublisherTypeIn(Set.of(PublisherType.VOUCHER)))));
    CommissionEngine engine =
        engine(
            Resolution.HIGHEST_PAYING,
            List.of(Rule.sale("mix", "Mixed", when, percent("7.5"))),
            List.of());

    SaleCommission coupon =
        engine.evaluateSale(
            sale(CustomerStatus.RETURNING).coupon("LUMI10", true).role(JourneyRole.CLOSER).build(),
            BASKET.subList(1, 2));
    SaleCommission introducer =
        engine.evaluateSale(
            sale(CustomerStatus.NEW).role(JourneyRole.INTRODUCER).build(), BASKET.subList(1, 2));
    SaleCommission someoneElsesCoupon =
        engine.evaluateSale(
            sale(CustomerStatus.RETURNING).coupon("LUMI10", false).role(JourneyRole.CLOSER).build(),
            BASKET.subList(1, 2));

    assertThat(coupon.total()).isEqualTo(eur("1.88"));
    assertThat(coupon.parts().get(0).held())
        .containsExactly(
            "the publisher's own coupon was used",
            "ordered on Monday or Tuesday or Wednesday or Thursday or Friday",
            "order value at least EUR 100.00",
            "not publisher type is voucher");
    assertThat(introducer.parts().get(0).held())
        .containsExactly(
            "publisher type is content",
            "the publisher's role is introducer",
            "not publisher type is voucher");
    assertThat(someoneElsesCoupon.total()).isEqualTo(eur("0.00"));
  }

  @Test
  void hoursAndDaysAreThoseOfTheProgrammesTimeZone() {
    CommissionEngine night =
        engine(
            Resolution.HIGHEST_PAYING,
            List.of(Rule.sale("night", "Night owls", new HourBetween(22, 6), percent("3"))),
            List.of());
    // 23:30 UTC on Sunday is 00:30 on Monday in Paris; 04:59 UTC is 05:59 there; 05:00 UTC is
    // 06:00.
    List<Instant> inside =
        List.of(Instant.parse("2026-11-22T23:30:00Z"), Instant.parse("2026-11-23T04:59:00Z"));
    List<Instant> outside =
        List.of(Instant.parse("2026-11-23T05:00:00Z"), Instant.parse("2026-11-23T20:59:00Z"));

    for (Instant at : inside) {
      SaleFacts facts =
          SaleFacts.builder(at, PARIS, eur("25.00"), "pub_1", PublisherType.CONTENT).build();
      assertThat(night.evaluateSale(facts, BASKET.subList(1, 2)).total())
          .as(at.toString())
          .isEqualTo(eur("0.75"));
    }
    for (Instant at : outside) {
      SaleFacts facts =
          SaleFacts.builder(at, PARIS, eur("25.00"), "pub_1", PublisherType.CONTENT).build();
      assertThat(night.evaluateSale(facts, BASKET.subList(1, 2)).total())
          .as(at.toString())
          .isEqualTo(eur("0.00"));
    }
    SaleFacts sundayNightInParis =
        SaleFacts.builder(
                Instant.parse("2026-11-22T23:30:00Z"), PARIS, eur("1"), "p", PublisherType.APP)
            .build();
    assertThat(new DayOfWeekIn(Set.of(DayOfWeek.MONDAY)).test(sundayNightInParis, null)).isTrue();
  }

  @Test
  void returnsReduceLineCommissionsExactly() {
    OrderLine lamps = line("LAMP-2", "Home > Lamps", "33.33", 3);
    CommissionEngine engine =
        engine(
            Resolution.HIGHEST_PAYING,
            List.of(
                Rule.sale(
                    "lamps",
                    "Lamps",
                    new BrandIn(Set.of("LUMIÈRE")),
                    new Basis.FixedPerUnit(eur("1.50")))),
            List.of());
    SaleFacts facts = sale(CustomerStatus.NEW).build();

    assertThat(engine.evaluateSale(facts, List.of(lamps)).total()).isEqualTo(eur("4.50"));
    assertThat(engine.evaluateSale(facts, List.of(lamps.withReturn(1))).total())
        .isEqualTo(eur("3.00"));
    assertThat(engine.evaluateSale(facts, List.of(lamps.withReturn(3))).total())
        .isEqualTo(eur("0.00"));

    CommissionEngine percentEngine =
        engine(
            Resolution.HIGHEST_PAYING,
            List.of(Rule.sale("all", "All", Condition.always(), percent("10"))),
            List.of());
    // 99.99 paid; one unit back is 33.33 of it, so 66.66 is kept and 10% of it is 6.67 (half-even).
    assertThat(percentEngine.evaluateSale(facts, List.of(lamps.withReturn(1))).total())
        .isEqualTo(eur("6.67"));
    assertThat(percentEngine.evaluateSale(facts, List.of(lamps.withReturn(3))).total())
        .isEqualTo(eur("0.00"));
  }

  @Test
  void anOrderPaymentIsAddedToTheLinesAndCountsTowardCapsOnTheWholeOrder() {
    CommissionEngine engine =
        engine(
            Resolution.HIGHEST_PAYING,
            List.of(
                Rule.sale("lines", "Lines", Condition.always(), percent("2")),
                Rule.sale(
                    "welcome",
                    "Welcome bonus",
                    new CustomerStatusIn(Set.of(CustomerStatus.NEW)),
                    new Basis.FixedPerOrder(eur("5.00")))),
            List.of(
                new OrderCap("order", "At most 12 an order", Condition.always(), eur("12.00"))));

    SaleCommission fresh = engine.evaluateSale(sale(CustomerStatus.NEW).build(), BASKET);
    SaleCommission known = engine.evaluateSale(sale(CustomerStatus.RETURNING).build(), BASKET);

    // 9.98 + 0.50 + 5.00 = 15.48, shared down to 12.00 in proportion: 7.7364, 0.3876 and 3.8760;
    // rounding each down leaves two cents, which go to the two largest remainders.
    assertThat(fresh.parts()).extracting(LineCommission::lineNo).containsExactly(1, 2, 0);
    assertThat(fresh.parts())
        .extracting(LineCommission::uncapped)
        .containsExactly(eur("9.98"), eur("0.50"), eur("5.00"));
    assertThat(fresh.parts())
        .extracting(LineCommission::amount)
        .containsExactly(eur("7.74"), eur("0.39"), eur("3.87"));
    assertThat(fresh.total()).isEqualTo(eur("12.00"));
    assertThat(fresh.parts().get(2).explain())
        .isEqualTo(
            "The order earns EUR 3.87 under rule welcome \"Welcome bonus\" (version 3): EUR 5.00"
                + " per order, on EUR 5.00, because customer is new. Capped: \"At most 12 an"
                + " order\" allows at most EUR 12.00 per order, and 3 parts would have earned"
                + " EUR 15.48.");
    assertThat(known.total()).isEqualTo(eur("10.48"));
  }

  @Test
  void leadsAndClicksPayPerEvent() {
    CommissionEngine engine =
        engine(
            Resolution.HIGHEST_PAYING,
            List.of(
                new Rule(
                    "lead",
                    "Sign-up",
                    EventType.LEAD,
                    Condition.always(),
                    new Basis.FixedPerOrder(eur("2.00")),
                    1),
                new Rule(
                    "click",
                    "Comparison clicks",
                    EventType.CLICK,
                    new PublisherTypeIn(Set.of(PublisherType.COMPARISON)),
                    new Basis.FixedPerOrder(eur("0.12")),
                    1)),
            List.of());

    SaleCommission lead = engine.evaluateLead(sale(CustomerStatus.NEW).build());
    SaleCommission click =
        engine.evaluateClick(
            SaleFacts.builder(TUESDAY_AFTERNOON, PARIS, eur("0"), "pub_2", PublisherType.COMPARISON)
                .build());

    assertThat(lead.total()).isEqualTo(eur("2.00"));
    assertThat(lead.explain()).contains("EUR 2.00 per lead");
    assertThat(click.total()).isEqualTo(eur("0.12"));
    assertThat(click.explain()).contains("per valid click");
    assertThat(engine.evaluateClick(sale(CustomerStatus.NEW).build()).total())
        .isEqualTo(eur("0.00"));
    assertThat(engine.evaluateSale(sale(CustomerStatus.NEW).build(), BASKET).total())
        .isEqualTo(eur("0.00"));
  }

  @Test
  void amountsInAnotherCurrencyAreRefused() {
    Money dollars = Money.parse("10.00", CurrencyUnit.of("USD"));

    assertThatThrownBy(
            () ->
                readmeRules()
                    .evaluateSale(
                        sale(CustomerStatus.NEW).build(), List.of(OrderLine.of("X", 1, dollars))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "line 1 is in USD, but programme prg_1 computes commissions in EUR: convert it first");
    assertThatThrownBy(
            () ->
                RuleSet.of(
                    "prg_1",
                    1,
                    EUR,
                    PARIS,
                    Resolution.PRIORITY,
                    List.of(
                        Rule.sale(
                            "flat", "Flat", Condition.always(), new Basis.FixedPerOrder(dollars)))))
        .hasMessage("rules[0] (flat): USD 10.00 is not in the programme's currency EUR");
    assertThatThrownBy(
            () ->
                RuleSet.of(
                    "prg_1",
                    1,
                    EUR,
                    PARIS,
                    Resolution.PRIORITY,
                    List.of(
                        Rule.sale("a", "A", new OrderValueBetween(null, dollars), percent("1")))))
        .hasMessage("rules[0] (a): USD 10.00 is not in the programme's currency EUR");
  }

  @Test
  void ruleSetsAndRulesAreCheckedWhenBuilt() {
    Rule a = Rule.sale("a", "A", Condition.always(), percent("1"));
    assertThatThrownBy(() -> RuleSet.of("prg_1", 1, EUR, PARIS, Resolution.PRIORITY, List.of(a, a)))
        .hasMessage("rules[1] (a): the id is used by an earlier rule");
    assertThatThrownBy(
            () -> new Rule("l", "Lead", EventType.LEAD, Condition.always(), percent("1"), 1))
        .hasMessageContaining("a lead has no lines, so it pays a fixed amount per lead");
    assertThatThrownBy(() -> percent("0")).hasMessageContaining("above 0");
    assertThatThrownBy(() -> percent("100.5")).hasMessageContaining("at most 100");
    assertThatThrownBy(() -> percent("1.23456")).hasMessageContaining("at most 4 decimals");
    assertThatThrownBy(() -> new HourBetween(5, 5)).hasMessageContaining("must not be empty");
    assertThatThrownBy(() -> new OrderValueBetween(eur("10"), eur("10")))
        .hasMessageContaining("minimum must be below the maximum");
    assertThatThrownBy(() -> new CustomerStatusIn(Set.of()))
        .hasMessageContaining("give at least one");
    assertThat(percent("6.50")).isEqualTo(percent("6.5"));
    assertThat(percent("10").describe()).isEqualTo("10% of the line");
  }
}
