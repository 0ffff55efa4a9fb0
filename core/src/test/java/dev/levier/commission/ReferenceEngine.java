package dev.levier.commission;

import dev.levier.conversion.OrderLine;
import dev.levier.money.Money;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The commission rules applied the plain way, as documented on {@link CommissionEngine}: every
 * rule's whole condition tested on every line with {@link Condition#test}, amounts computed as
 * {@link Money} by {@link Basis#onLine}, explanations by {@link Condition#explain}, caps shared by
 * {@link Money#allocate}. Slow and obviously right; the engine must give exactly the same results.
 */
final class ReferenceEngine {
  private ReferenceEngine() {}

  static SaleCommission evaluateSale(RuleSet rules, SaleFacts sale, List<OrderLine> lines) {
    List<Rule> ordered = rules.inOrder();
    boolean priority = rules.resolution() == Resolution.PRIORITY;
    Money zero = Money.zero(rules.currency());
    List<LineCommission> parts = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      OrderLine line = lines.get(i);
      Rule best = null;
      Money bestAmount = zero;
      for (Rule rule : ordered) {
        if (rule.event() != EventType.SALE
            || rule.basis().perOrder()
            || !rule.when().test(sale, line)) {
          continue;
        }
        Money amount = rule.basis().onLine(line);
        if (best == null || amount.compareTo(bestAmount) > 0) {
          best = rule;
          bestAmount = amount;
        }
        if (priority) {
          break;
        }
      }
      if (best == null) {
        parts.add(
            new LineCommission(
                i + 1,
                null,
                "no rule",
                rules.version(),
                List.of(),
                "nothing",
                line.netAmount(),
                zero,
                zero,
                null));
      } else {
        parts.add(
            new LineCommission(
                i + 1,
                best.id(),
                best.name(),
                rules.version(),
                explain(best, sale, line),
                best.basis().describe(),
                best.basis().base(line),
                bestAmount,
                bestAmount,
                null));
      }
    }
    Rule orderRule = null;
    OrderLine orderLine = null;
    for (Rule rule : ordered) {
      if (rule.event() != EventType.SALE || !rule.basis().perOrder()) {
        continue;
      }
      OrderLine first = null;
      for (OrderLine line : lines) {
        if (rule.when().test(sale, line)) {
          first = line;
          break;
        }
      }
      if (first == null && !(lines.isEmpty() && rule.when().test(sale, null))) {
        continue;
      }
      if (orderRule == null || amountOf(rule) > amountOf(orderRule)) {
        orderRule = rule;
        orderLine = first;
      }
      if (priority) {
        break;
      }
    }
    if (orderRule != null) {
      parts.add(paidOnce(rules, orderRule, sale, orderLine));
    }
    for (OrderCap cap : rules.caps()) {
      List<Integer> covered = new ArrayList<>();
      long sum = 0;
      for (int i = 0; i < parts.size(); i++) {
        LineCommission part = parts.get(i);
        OrderLine line = part.lineNo() == 0 ? null : lines.get(part.lineNo() - 1);
        if (part.amount().isPositive() && cap.lines().test(sale, line)) {
          covered.add(i);
          sum += part.amount().minor();
        }
      }
      if (sum <= cap.max().minor()) {
        continue;
      }
      long[] weights = new long[covered.size()];
      for (int k = 0; k < weights.length; k++) {
        weights[k] = parts.get(covered.get(k)).amount().minor();
      }
      List<Money> shares = cap.max().allocate(weights);
      String note =
          "\""
              + cap.name()
              + "\" allows at most "
              + cap.max()
              + " per order"
              + (cap.lines().equals(Condition.always()) ? "" : " on " + cap.lines().describe())
              + ", and "
              + (covered.size() == 1 ? "this part" : covered.size() + " parts")
              + " would have earned "
              + Money.ofMinor(sum, cap.max().currency());
      for (int k = 0; k < covered.size(); k++) {
        parts.set(covered.get(k), parts.get(covered.get(k)).capped(shares.get(k), note));
      }
    }
    return new SaleCommission(rules.version(), parts, total(parts, zero));
  }

  /** A lead or a click: the rules of that event, tested without a line. */
  static SaleCommission evaluateEvent(RuleSet rules, EventType event, SaleFacts sale) {
    Rule chosen = null;
    for (Rule rule : rules.inOrder()) {
      if (rule.event() != event || !rule.when().test(sale, null)) {
        continue;
      }
      if (chosen == null || amountOf(rule) > amountOf(chosen)) {
        chosen = rule;
      }
      if (rules.resolution() == Resolution.PRIORITY) {
        break;
      }
    }
    List<LineCommission> parts =
        chosen == null ? List.of() : List.of(paidOnce(rules, chosen, sale, null));
    return new SaleCommission(rules.version(), parts, total(parts, Money.zero(rules.currency())));
  }

  private static LineCommission paidOnce(
      RuleSet rules, Rule rule, SaleFacts sale, @Nullable OrderLine line) {
    Money amount = ((Basis.FixedPerOrder) rule.basis()).amount();
    String noun =
        switch (rule.event()) {
          case SALE -> "order";
          case LEAD -> "lead";
          case CLICK -> "valid click";
        };
    return new LineCommission(
        0,
        rule.id(),
        rule.name(),
        rules.version(),
        explain(rule, sale, line),
        rule.basis().describe().replace("per order", "per " + noun),
        amount,
        amount,
        amount,
        null);
  }

  private static long amountOf(Rule rule) {
    return ((Basis.FixedPerOrder) rule.basis()).amount().minor();
  }

  private static List<String> explain(Rule rule, SaleFacts sale, @Nullable OrderLine line) {
    List<String> held = new ArrayList<>();
    rule.when().explain(sale, line, held);
    return held;
  }

  private static Money total(List<LineCommission> parts, Money zero) {
    Money total = zero;
    for (LineCommission part : parts) {
      total = total.plus(part.amount());
    }
    return total;
  }
}
