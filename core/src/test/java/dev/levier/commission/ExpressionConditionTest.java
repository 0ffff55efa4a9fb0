package dev.levier.commission;

import static dev.levier.commission.CommissionEngineTest.EUR;
import static dev.levier.commission.CommissionEngineTest.PARIS;
import static dev.levier.commission.CommissionEngineTest.TUESDAY_AFTERNOON;
import static dev.levier.commission.CommissionEngineTest.eur;
import static dev.levier.commission.CommissionEngineTest.percent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.levier.attribution.JourneyRole;
import dev.levier.commission.Condition.Expression;
import dev.levier.conversion.CategoryPath;
import dev.levier.conversion.CustomerStatus;
import dev.levier.conversion.OrderLine;
import dev.levier.geo.CountryCode;
import dev.levier.network.PublisherType;
import dev.levier.tracking.DeviceType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExpressionConditionTest {

  /** A sale with every fact known: new customer, EUR 524.00, Tuesday 14:30 in Paris. */
  static SaleFacts fullSale() {
    return SaleFacts.builder(
            TUESDAY_AFTERNOON, PARIS, eur("524.00"), "pub_1", PublisherType.CONTENT)
        .customerStatus(CustomerStatus.NEW)
        .coupon("SPRING10", true)
        .group("premium")
        .country(CountryCode.of("FR"))
        .device(DeviceType.MOBILE)
        .channel("affiliate")
        .role(JourneyRole.CLOSER)
        .subscription(SubscriptionPhase.RENEWAL)
        .build();
  }

  /** A sale where only the required facts are known. */
  static SaleFacts bareSale(String value) {
    return SaleFacts.builder(TUESDAY_AFTERNOON, PARIS, eur(value), "pub_2", PublisherType.VOUCHER)
        .build();
  }

  static final OrderLine PHONE =
      OrderLine.of(
          "PHONE-1",
          "Phone",
          CategoryPath.parse("Electronics > Phones > Smartphones"),
          "Acme",
          2,
          eur("249.50"),
          eur("10.00"));

  static final OrderLine CASE =
      OrderLine.of(
          "CASE-1",
          "Case",
          CategoryPath.parse("Accessories > Cases"),
          "Lumière",
          1,
          eur("25.00"),
          eur("0"));

  static boolean holds(String source, SaleFacts sale, OrderLine line) {
    return Condition.expression(source).test(sale, line);
  }

  static ExpressionException refusal(ThrowingCallable call) {
    try {
      call.call();
    } catch (ExpressionException e) {
      return e;
    } catch (Throwable other) {
      throw new AssertionError("expected an ExpressionException", other);
    }
    throw new AssertionError("expected an ExpressionException, and nothing was thrown");
  }

  // Checking when saved

  @Test
  void aTypeErrorIsRefusedWithItsLineAndColumn() {
    ExpressionException e = refusal(() -> Condition.expression("order.value > \"100\""));

    assertThat(e.line()).isEqualTo(1);
    assertThat(e.column()).isEqualTo(13); // the '>'
    assertThat(e.reason())
        .isEqualTo("found no matching overload for '_>_' applied to '(int, string)'");
    assertThat(e)
        .hasMessage(
            "line 1, column 13: found no matching overload for '_>_' applied to '(int, string)'")
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aMistakeOnALaterLineIsPlacedOnThatLine() {
    ExpressionException e =
        refusal(() -> Condition.expression("order.value > 100 &&\n  line.brand == 2"));

    assertThat(e.line()).isEqualTo(2);
    assertThat(e.column()).isEqualTo(14); // the '=='
    assertThat(e.reason()).contains("'_==_' applied to '(string, int)'");
  }

  @Test
  void aMisspelledVariableIsRefusedByItsWholeNameWithTheNearestOne() {
    ExpressionException first = refusal(() -> Condition.expression("custmer.status == \"new\""));
    ExpressionException later =
        refusal(() -> Condition.expression("order.value > 1 && order.valeu < 5"));

    assertThat(first)
        .hasMessage(
            "line 1, column 1: undeclared reference to 'custmer.status'"
                + " (did you mean 'customer.status'?)");
    assertThat(later.column()).isEqualTo(20);
    assertThat(later.reason())
        .isEqualTo("undeclared reference to 'order.valeu' (did you mean 'order.value'?)");
  }

  @Test
  void aNameFarFromEveryVariableGetsNoSuggestion() {
    ExpressionException e = refusal(() -> Condition.expression("weather == \"rain\""));

    assertThat(e.reason()).isEqualTo("undeclared reference to 'weather'");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "order.value + 1 | int",
        "line.brand | string",
        "line.categories | list(string)",
      })
  void anExpressionThatIsNotABoolIsRefused(String source, String type) {
    ExpressionException e = refusal(() -> Condition.expression(source));

    assertThat(e.reason()).isEqualTo("the expression must be a bool, not " + type);
  }

  @Test
  void anExpressionOfUnknownTypeIsRefusedToo() {
    // A mixed list makes its elements dyn: the checker cannot prove the result is a bool.
    ExpressionException e = refusal(() -> Condition.expression("[true, 1][0]"));

    assertThat(e.reason()).isEqualTo("the expression must be a bool, not dyn");
  }

  @Test
  void anExpressionOverTwoThousandCharactersIsRefused() {
    String longest = "true" + " ".repeat(ExpressionEnvironment.MAX_LENGTH - 4);
    String tooLong = "true" + " ".repeat(ExpressionEnvironment.MAX_LENGTH - 3);

    assertThat(Condition.expression(longest).source()).hasSize(2_000);
    ExpressionException e = refusal(() -> Condition.expression(tooLong));
    assertThat(e.line()).isEqualTo(1);
    assertThat(e.column()).isEqualTo(2_001);
    assertThat(e.reason())
        .isEqualTo("the expression is 2001 characters long; at most 2000 are allowed");
  }

  @Test
  void emptyAndUnparsableExpressionsAreRefused() {
    assertThat(refusal(() -> Condition.expression("  ")).reason())
        .isEqualTo("the expression is empty");
    ExpressionException e = refusal(() -> Condition.expression("order.value >"));
    assertThat(e.line()).isEqualTo(1);
    assertThat(e.column()).isEqualTo(14);
    assertThat(e.reason()).startsWith("mismatched input '<EOF>'");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "readFile(\"/etc/passwd\") == \"\"",
        "http.get(\"https://example.com\") == \"\"",
        "now() > 0",
        "has(line.brand)",
      })
  void nothingOutsideTheDeclaredFactsAndStandardFunctionsExists(String source) {
    assertThatThrownBy(() -> Condition.expression(source)).isInstanceOf(ExpressionException.class);
  }

  @Test
  void deepNestingIsRefused() {
    String deep = "(".repeat(40) + "true" + ")".repeat(40);

    assertThat(refusal(() -> Condition.expression(deep)).reason()).contains("recursion limit");
    assertThat(Condition.expression("(".repeat(10) + "true" + ")".repeat(10))).isNotNull();
  }

  @Test
  void evaluationStopsAtTheIterationLimitAndDoesNotHold() {
    String twenty = IntStream.rangeClosed(1, 20).mapToObj(Integer::toString).collect(joining());
    String forty = IntStream.rangeClosed(1, 40).mapToObj(Integer::toString).collect(joining());
    // 20 + 20 × 20 = 420 iterations, then 40 + 40 × 40 = 1,640: over the limit of 1,000.
    String within = "[" + twenty + "].all(x, [" + twenty + "].all(y, x * y > 0))";
    String beyond = "[" + forty + "].all(x, [" + forty + "].all(y, x * y > 0))";

    assertThat(holds(within, fullSale(), PHONE)).isTrue();
    assertThat(holds(beyond, fullSale(), PHONE)).isFalse();
  }

  private static java.util.stream.Collector<CharSequence, ?, String> joining() {
    return Collectors.joining(", ");
  }

  // The facts

  /** For each variable, an expression that holds for {@link #fullSale} and {@link #PHONE}. */
  static final Map<String, String> VALUES =
      Map.ofEntries(
          Map.entry("customer.status", "customer.status == \"new\""),
          Map.entry("order.value", "order.value == 52400"),
          Map.entry("order.currency", "order.currency == \"EUR\""),
          Map.entry("order.coupon", "order.coupon == \"SPRING10\""),
          Map.entry("order.ownCoupon", "order.ownCoupon"),
          Map.entry("order.country", "order.country == \"FR\""),
          Map.entry("order.device", "order.device == \"mobile\""),
          Map.entry("order.channel", "order.channel == \"affiliate\""),
          Map.entry("order.hour", "order.hour == 14"),
          Map.entry("order.dayOfWeek", "order.dayOfWeek == 2"),
          Map.entry("publisher.id", "publisher.id == \"pub_1\""),
          Map.entry("publisher.type", "publisher.type == \"content\""),
          Map.entry("publisher.group", "publisher.group == \"premium\""),
          Map.entry("journey.role", "journey.role == \"closer\""),
          Map.entry("subscription.phase", "subscription.phase == \"renewal\""),
          Map.entry("line.sku", "line.sku == \"PHONE-1\""),
          Map.entry("line.brand", "line.brand == \"Acme\""),
          Map.entry("line.category", "line.category == \"Electronics > Phones > Smartphones\""),
          Map.entry(
              "line.categories",
              "line.categories == [\"Electronics\", \"Electronics > Phones\","
                  + " \"Electronics > Phones > Smartphones\"]"),
          Map.entry("line.quantity", "line.quantity == 2"),
          Map.entry("line.unitPrice", "line.unitPrice == 24950"),
          Map.entry("line.amount", "line.amount == 48900"));

  static Stream<String> values() {
    return VALUES.values().stream().sorted();
  }

  @ParameterizedTest
  @MethodSource("values")
  void everyFactHasTheValueTheTableGives(String source) {
    assertThat(holds(source, fullSale(), PHONE)).as(source).isTrue();
  }

  @Test
  void everyVariableHasItsValueTested() {
    assertThat(VALUES.keySet())
        .containsExactlyInAnyOrderElementsOf(
            Stream.of(ExpressionVariable.values()).map(ExpressionVariable::variableName).toList());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "order.coupon == \"\"",
        "!order.ownCoupon",
        "publisher.group == \"\"",
        "subscription.phase == \"\"",
      })
  void aFactKnownToBeNoneIsTheEmptyString(String source) {
    assertThat(holds(source, bareSale("10.00"), PHONE)).as(source).isTrue();
  }

  @Test
  void categoryAncestorsAreInTheList() {
    assertThat(holds("\"Electronics\" in line.categories", fullSale(), PHONE)).isTrue();
    assertThat(holds("\"Electronics > Phones\" in line.categories", fullSale(), PHONE)).isTrue();
    assertThat(holds("\"Phones\" in line.categories", fullSale(), PHONE)).isFalse();
    assertThat(holds("\"Electronics\" in line.categories", fullSale(), CASE)).isFalse();
    assertThat(holds("line.category.startsWith(\"Accessories\")", fullSale(), CASE)).isTrue();
  }

  @Test
  void anUnknownFactMakesTheConditionFalseWithoutThrowing() {
    SaleFacts unknownCustomer = bareSale("524.00");

    assertThat(holds("customer.status == \"new\"", unknownCustomer, PHONE)).isFalse();
    assertThat(holds("customer.status != \"new\"", unknownCustomer, PHONE)).isFalse();
    assertThat(holds("!(customer.status in [\"new\"])", unknownCustomer, PHONE)).isFalse();
    assertThat(holds("order.country == \"FR\"", unknownCustomer, PHONE)).isFalse();
    // CEL's || decides without the unknown side when the other side holds.
    assertThat(holds("customer.status == \"new\" || order.value > 50000", unknownCustomer, PHONE))
        .isTrue();
    assertThat(holds("customer.status == \"new\" || order.value > 60000", unknownCustomer, PHONE))
        .isFalse();
  }

  @Test
  void aLineConditionDoesNotHoldWithoutALine() {
    Expression brand = Condition.expression("line.brand == \"Acme\"");
    Expression unknownBrand = Condition.expression("line.brand != \"Acme\"");
    OrderLine noBrand = OrderLine.of("X-1", 1, eur("10.00"));

    assertThat(brand.test(fullSale(), null)).isFalse();
    assertThat(unknownBrand.test(fullSale(), noBrand)).isFalse();
  }

  @Test
  void failuresDuringEvaluationMakeTheConditionFalse() {
    assertThat(holds("order.value / (line.quantity - 2) > 0", fullSale(), PHONE)).isFalse();
    assertThat(holds("order.value * 9223372036854775807 > 0", fullSale(), PHONE)).isFalse();
    assertThat(holds("order.value / (line.quantity - 1) > 0", fullSale(), PHONE)).isTrue();
  }

  // As a value

  @Test
  void expressionsAreEqualByTheirSourceText() {
    Expression one = Condition.expression("order.value > 10000");
    Expression same = Condition.expression("order.value > 10000");
    Expression spaced = Condition.expression("order.value  > 10000");

    assertThat(one).isEqualTo(same).hasSameHashCodeAs(same).isNotEqualTo(spaced);
    assertThat(one.compiled()).isNotSameAs(same.compiled());
    assertThat(new java.util.HashSet<>(List.of(one, same, spaced))).hasSize(2);
    assertThat(new Condition.AllOf(List.of(one))).isEqualTo(new Condition.AllOf(List.of(same)));
  }

  @Test
  void anExpressionDescribesItselfByItsSource() {
    Expression e = Condition.expression(" line.brand == \"Acme\"\n&& order.value > 1 ");

    assertThat(e.describe())
        .isEqualTo("expression \"line.brand == \\\"Acme\\\"\\n&& order.value > 1\"");
    assertThat(e.variables()).containsExactlyInAnyOrder("line.brand", "order.value");
  }

  @Test
  void anExpressionReadsTheLineOnlyWhenItNamesALineVariable() {
    assertThat(Condition.expression("line.sku == \"A\"").readsLine()).isTrue();
    assertThat(Condition.expression("order.value > 1 && line.quantity > 1").readsLine()).isTrue();
    assertThat(Condition.expression("order.coupon == \"line.sku\"").readsLine()).isFalse();
    assertThat(Condition.expression("order.value > 1").readsLine()).isFalse();
  }

  // In the engine

  static CommissionEngine engine(List<Rule> rules, List<OrderCap> caps) {
    return CommissionEngine.compile(
        new RuleSet("prg_1", 4, EUR, PARIS, Resolution.HIGHEST_PAYING, rules, caps));
  }

  @Test
  void aRuleWithAnExpressionPaysOnlyWhereItHolds() {
    CommissionEngine engine =
        engine(
            List.of(
                Rule.sale(
                    "acme",
                    "Acme on large orders",
                    Condition.expression("order.value > 10000 && line.brand == \"Acme\""),
                    percent("10"))),
            List.of());

    SaleCommission large = engine.evaluateSale(fullSale(), List.of(PHONE, CASE));
    SaleCommission small = engine.evaluateSale(bareSale("100.00"), List.of(PHONE, CASE));

    assertThat(large.parts())
        .extracting(LineCommission::ruleId, LineCommission::amount)
        .containsExactly(tuple("acme", eur("48.90")), tuple(null, eur("0.00")));
    assertThat(large.parts().get(0).held())
        .containsExactly("expression \"order.value > 10000 && line.brand == \\\"Acme\\\"\"");
    assertThat(large.explain())
        .startsWith(
            "Line 1 earns EUR 48.90 under rule acme \"Acme on large orders\" (version 4): 10% of"
                + " the line, on EUR 489.00, because expression \"order.value > 10000 &&"
                + " line.brand == \\\"Acme\\\"\".");
    assertThat(small.total()).isEqualTo(eur("0.00"));
  }

  @Test
  void saleAndLineExpressionsMixWithStructuredConditions() {
    Condition when =
        new Condition.AllOf(
            List.of(
                Condition.expression("customer.status == \"new\" && order.hour >= 12"),
                new Condition.CategoryWithin(List.of(CategoryPath.parse("Electronics"))),
                Condition.expression("line.quantity >= 2")));
    CommissionEngine engine =
        engine(
            List.of(
                Rule.sale("mix", "Mix", when, percent("5")),
                Rule.sale("base", "Base", Condition.always(), percent("1"))),
            List.of());

    SaleCommission known = engine.evaluateSale(fullSale(), List.of(PHONE, CASE));
    SaleCommission unknown = engine.evaluateSale(bareSale("524.00"), List.of(PHONE, CASE));

    assertThat(known.parts())
        .extracting(LineCommission::ruleId, LineCommission::amount)
        .containsExactly(tuple("mix", eur("24.45")), tuple("base", eur("0.25")));
    assertThat(known.parts().get(0).held())
        .containsExactly(
            "expression \"customer.status == \\\"new\\\" && order.hour >= 12\"",
            "category within \"Electronics\"",
            "expression \"line.quantity >= 2\"");
    assertThat(unknown.parts()).extracting(LineCommission::ruleId).containsExactly("base", "base");
  }

  @Test
  void anExpressionWorksInABranchAnOrderRuleAndACap() {
    Condition branch =
        new Condition.AnyOf(
            List.of(
                new Condition.PublisherTypeIn(Set.of(PublisherType.CASHBACK)),
                Condition.expression("order.dayOfWeek in [2, 4]")));
    CommissionEngine engine =
        engine(
            List.of(
                Rule.sale("line", "Tuesdays and Thursdays", branch, percent("10")),
                Rule.sale(
                    "bonus",
                    "Bonus for a basket with a case",
                    Condition.expression("line.sku.startsWith(\"CASE-\")"),
                    new Basis.FixedPerOrder(eur("3.00")))),
            List.of(
                new OrderCap(
                    "acme",
                    "Acme: 30 per order",
                    Condition.expression("\"Electronics\" in line.categories"),
                    eur("30.00"))));

    SaleCommission commission = engine.evaluateSale(fullSale(), List.of(PHONE, CASE));

    assertThat(commission.parts())
        .extracting(LineCommission::ruleId, LineCommission::amount)
        .containsExactly(
            tuple("line", eur("30.00")), tuple("line", eur("2.50")), tuple("bonus", eur("3.00")));
    assertThat(commission.parts().get(0).held())
        .containsExactly("expression \"order.dayOfWeek in [2, 4]\"");
    assertThat(commission.parts().get(0).explain())
        .contains("on expression \"\\\"Electronics\\\" in line.categories\"");
  }

  @Test
  void aLeadRuleWithASaleExpressionPaysAndALineExpressionDoesNot() {
    CommissionEngine engine =
        CommissionEngine.compile(
            RuleSet.of(
                "prg_1",
                1,
                EUR,
                PARIS,
                Resolution.PRIORITY,
                List.of(
                    new Rule(
                        "brand",
                        "Brand leads",
                        EventType.LEAD,
                        Condition.expression("line.brand == \"Acme\""),
                        new Basis.FixedPerOrder(eur("9.00")),
                        1),
                    new Rule(
                        "lead",
                        "Leads",
                        EventType.LEAD,
                        Condition.expression("publisher.type == \"content\""),
                        new Basis.FixedPerOrder(eur("2.00")),
                        2))));

    assertThat(engine.evaluateLead(fullSale()).parts())
        .extracting(LineCommission::ruleId)
        .containsExactly("lead");
  }

  // Documentation

  @Test
  void theDocumentationListsEveryVariable() throws IOException {
    Path doc = Path.of("../docs/commissions.md");
    if (!Files.exists(doc)) {
      doc = Path.of("docs/commissions.md");
    }
    String text = Files.readString(doc);
    List<String> missing = new ArrayList<>();
    for (ExpressionVariable variable : ExpressionVariable.values()) {
      if (!text.contains("`" + variable.variableName() + "`")) {
        missing.add(variable.variableName());
      }
    }

    assertThat(text).contains("## Expressions");
    assertThat(missing).isEmpty();
  }
}
