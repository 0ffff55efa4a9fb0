package dev.levier.commission;

import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One version of a programme's commission rules, as published: every commission keeps the version
 * that computed it. The rules are checked once, here, so that evaluation never meets a rule it
 * cannot apply: ids are unique, and every amount (fixed bases, caps, price and order value ranges)
 * is in the programme's currency.
 *
 * @param programmeId the programme's public id
 * @param version the version number, from 1
 * @param currency the programme's currency: sales are evaluated in it
 * @param zone the programme's time zone, for day and hour conditions
 * @param resolution how one rule is chosen when several match a line
 * @param rules the rules, in the order they were listed
 * @param caps the caps per order, applied in the order listed
 */
public record RuleSet(
    String programmeId,
    int version,
    CurrencyUnit currency,
    ZoneId zone,
    Resolution resolution,
    List<Rule> rules,
    List<OrderCap> caps) {

  public RuleSet {
    Objects.requireNonNull(programmeId, "programmeId");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(resolution, "resolution");
    rules = List.copyOf(rules);
    caps = List.copyOf(caps);
    if (version < 1) {
      throw new IllegalArgumentException("version: from 1, not " + version);
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < rules.size(); i++) {
      Rule rule = rules.get(i);
      String where = "rules[" + i + "] (" + rule.id() + ")";
      if (!ids.add(rule.id())) {
        throw new IllegalArgumentException(where + ": the id is used by an earlier rule");
      }
      List<Money> amounts = new ArrayList<>();
      switch (rule.basis()) {
        case Basis.FixedPerLine b -> amounts.add(b.amount());
        case Basis.FixedPerUnit b -> amounts.add(b.amount());
        case Basis.FixedPerOrder b -> amounts.add(b.amount());
        case Basis.PercentOfLine b -> {}
      }
      collectAmounts(rule.when(), amounts);
      requireCurrency(amounts, currency, where);
    }
    Set<String> capIds = new HashSet<>();
    for (int i = 0; i < caps.size(); i++) {
      OrderCap cap = caps.get(i);
      String where = "caps[" + i + "] (" + cap.id() + ")";
      if (!capIds.add(cap.id())) {
        throw new IllegalArgumentException(where + ": the id is used by an earlier cap");
      }
      List<Money> amounts = new ArrayList<>();
      amounts.add(cap.max());
      collectAmounts(cap.lines(), amounts);
      requireCurrency(amounts, currency, where);
    }
  }

  /** A rule set without caps. */
  public static RuleSet of(
      String programmeId,
      int version,
      CurrencyUnit currency,
      ZoneId zone,
      Resolution resolution,
      List<Rule> rules) {
    return new RuleSet(programmeId, version, currency, zone, resolution, rules, List.of());
  }

  private static void requireCurrency(List<Money> amounts, CurrencyUnit currency, String where) {
    for (Money amount : amounts) {
      if (!amount.currency().equals(currency)) {
        throw new IllegalArgumentException(
            where + ": " + amount + " is not in the programme's currency " + currency.code());
      }
    }
  }

  /** The rules in the order they are tried: by priority, then as listed. */
  List<Rule> inOrder() {
    List<Rule> sorted = new ArrayList<>(rules);
    sorted.sort(Comparator.comparingInt(Rule::priority));
    return sorted;
  }

  private static void collectAmounts(Condition condition, List<Money> out) {
    switch (condition) {
      case Condition.AllOf all -> all.conditions().forEach(c -> collectAmounts(c, out));
      case Condition.AnyOf any -> any.conditions().forEach(c -> collectAmounts(c, out));
      case Condition.Not not -> collectAmounts(not.condition(), out);
      case Condition.UnitPriceBetween range -> addBounds(range.min(), range.max(), out);
      case Condition.OrderValueBetween range -> addBounds(range.min(), range.max(), out);
      default -> {}
    }
  }

  private static void addBounds(@Nullable Money min, @Nullable Money max, List<Money> out) {
    if (min != null) {
      out.add(min);
    }
    if (max != null) {
      out.add(max);
    }
  }
}
