package dev.levier.bench;

import dev.levier.attribution.JourneyRole;
import dev.levier.commission.Basis;
import dev.levier.commission.Condition;
import dev.levier.commission.EventType;
import dev.levier.commission.OrderCap;
import dev.levier.commission.Resolution;
import dev.levier.commission.Rule;
import dev.levier.commission.RuleSet;
import dev.levier.commission.RuleSetJson;
import dev.levier.conversion.CategoryPath;
import dev.levier.conversion.CustomerStatus;
import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import dev.levier.network.PublisherType;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * The rule sets of a large programme that the benchmarks share: {@link CommissionBenchmark}'s mix
 * (a default rate; rates per category two levels deep, per brand, per customer status with
 * category, per publisher type with journey role; an {@code anyOf} on the publisher's own coupon or
 * a weekend order above a value; a {@code not} with a unit price range; one rule in ten a fixed
 * amount per unit and one in ten per order; two caps per order), optionally with two of its rules'
 * conditions written as CEL expressions, one tested per line and one per sale.
 *
 * <p>Categories and brands are the caller's, so that the rules match the sales a benchmark makes.
 */
final class BenchRuleSets {
  private static final List<PublisherType> PUBLISHER_TYPES = List.of(PublisherType.values());

  private BenchRuleSets() {}

  /**
   * What the rules talk about.
   *
   * @param narrow the category of rule {@code i} with a deep category (a line within it)
   * @param broad the top category of rule {@code i} (and of the first cap, for {@code i = 0})
   * @param brands the brands rules name in turn
   */
  record Catalogue(
      IntFunction<CategoryPath> narrow, IntFunction<CategoryPath> broad, List<String> brands) {}

  /**
   * A rule set of {@code count} rules; one rule is the default rate alone, without caps.
   *
   * @param seed the seed of the rates and fixed amounts: another seed is the same rules at other
   *     rates (a draft to simulate against the published set)
   * @param expressions whether the last two rules' conditions are CEL expressions (needs at least
   *     three rules)
   */
  static RuleSet build(
      String programmeId,
      int count,
      CurrencyUnit currency,
      ZoneId zone,
      Catalogue catalogue,
      long seed,
      boolean expressions) {
    List<Rule> list = new ArrayList<>(count);
    list.add(Rule.sale("default", "Default", Condition.always(), percent("3")));
    Random random = new Random(seed);
    List<String> brands = catalogue.brands();
    for (int i = 1; i < count; i++) {
      Condition when =
          switch (i % 6) {
            case 0 -> new Condition.CategoryWithin(List.of(catalogue.narrow().apply(i)));
            case 1 ->
                new Condition.AllOf(
                    List.of(
                        new Condition.CategoryWithin(List.of(catalogue.broad().apply(i))),
                        new Condition.CustomerStatusIn(Set.of(CustomerStatus.NEW))));
            case 2 -> new Condition.BrandIn(Set.of(brands.get(i % brands.size())));
            case 3 ->
                new Condition.AllOf(
                    List.of(
                        new Condition.PublisherTypeIn(
                            Set.of(PUBLISHER_TYPES.get(i % PUBLISHER_TYPES.size()))),
                        new Condition.RoleIn(Set.of(JourneyRole.INTRODUCER))));
            case 4 ->
                new Condition.AnyOf(
                    List.of(
                        new Condition.CouponUsed(Condition.CouponMatch.PUBLISHERS_OWN, Set.of()),
                        new Condition.AllOf(
                            List.of(
                                new Condition.DayOfWeekIn(
                                    EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY)),
                                new Condition.OrderValueBetween(
                                    Money.ofMinor(100_00L * (1 + i % 5), currency), null)))));
            default ->
                new Condition.AllOf(
                    List.of(
                        new Condition.Not(
                            new Condition.PublisherTypeIn(Set.of(PublisherType.VOUCHER))),
                        new Condition.UnitPriceBetween(
                            Money.ofMinor(50_00, currency), Money.ofMinor(300_00, currency))));
          };
      if (expressions && count >= 3 && i == count - 2) {
        // Tested per line: it names line variables.
        when =
            Condition.expression(
                "line.quantity >= 2 && line.unitPrice >= 5000 && \""
                    + catalogue.broad().apply(i)
                    + "\" in line.categories");
      } else if (expressions && count >= 3 && i == count - 1) {
        // Tested once per sale.
        when =
            Condition.expression(
                "customer.status == \"new\" && order.value >= 10000"
                    + " && publisher.type in [\"content\", \"cashback\"]");
      }
      Basis basis =
          switch (i % 10) {
            case 7 -> new Basis.FixedPerUnit(Money.ofMinor(100 + random.nextInt(900), currency));
            case 9 -> new Basis.FixedPerOrder(Money.ofMinor(200 + random.nextInt(1_000), currency));
            default -> percent((2 + random.nextInt(10)) + "." + random.nextInt(10));
          };
      list.add(new Rule("r" + i, "Rule " + i, EventType.SALE, when, basis, i % 7));
    }
    List<OrderCap> caps =
        count == 1
            ? List.of()
            : List.of(
                new OrderCap(
                    "top",
                    "Top category",
                    new Condition.CategoryWithin(List.of(catalogue.broad().apply(0))),
                    Money.ofMinor(20_00, currency)),
                new OrderCap(
                    "order", "Order", Condition.always(), Money.ofMinor(150_00, currency)));
    return new RuleSet(programmeId, 1, currency, zone, Resolution.HIGHEST_PAYING, list, caps);
  }

  /** The body of {@code POST /api/v1/programmes/{id}/rulesets} for a rule set. */
  static Map<String, Object> apiBody(String name, RuleSet rules) {
    RuleSetJson.Written written =
        RuleSetJson.write(
            new RuleSetJson.Content(
                rules.resolution(), rules.rules(), rules.caps(), List.of(), List.of(), List.of()));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("resolution", written.resolution());
    body.put("rules", written.rules());
    body.put("caps", written.caps());
    return body;
  }

  private static Basis percent(String value) {
    return new Basis.PercentOfLine(new BigDecimal(value));
  }
}
