package dev.levier.commission;

import dev.levier.conversion.OrderLine;
import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Applies one rule set to sales, leads and clicks. Built once per rule set version ({@link
 * #compile}) and then shared: it holds no state between calls, so the conversion processor, the
 * what-if simulation and the command line may call it from any thread.
 *
 * <p>For each line of a sale, the matching sale rules with a line basis are tried in priority
 * order; under {@link Resolution#PRIORITY} the first wins, under {@link Resolution#HIGHEST_PAYING}
 * the one paying most (the first tried among equals). Order rules (a fixed amount per order) are
 * chosen the same way among those whose condition holds for at least one line, and are paid on top
 * of the lines. Last, the rule set's caps per order ({@link OrderCap}) share their maximum among
 * the parts they cover.
 */
public final class CommissionEngine {
  private final RuleSet rules;
  private final Rule[] lineRules;
  private final Rule[] orderRules;
  private final Rule[] leadRules;
  private final Rule[] clickRules;

  /**
   * Per rule, the words of the conditions that hold whenever the rule matches, worked out once:
   * null for a rule with an {@link Condition.AnyOf}, whose words depend on the branch that held.
   */
  private final java.util.Map<String, List<String>> fixedExplanations = new java.util.HashMap<>();

  private final java.util.Map<String, String> basisWords = new java.util.HashMap<>();

  /**
   * For each line rule, its percentage as a fraction {@code numerator / denominator} of the line,
   * worked out once, so that the amounts of the candidates are compared in {@code long} arithmetic;
   * 0 / 0 for a fixed basis.
   */
  private final long[] numerators;

  private final long[] denominators;

  /**
   * Each line rule's condition split in two, once: what depends on the sale alone (tested once per
   * sale) and what depends on the line (tested per line, only where the sale part held). A rule
   * whose condition is an {@code allOf} splits along its members; any other condition goes whole to
   * the side it reads.
   */
  private final Condition[] saleParts;

  private final Condition[] lineParts;

  /**
   * The line rules worth trying for a line, by the top segment of its category (ignoring case): a
   * rule whose condition requires categories under other tops cannot match, so a line tries only
   * the rules of its top and those that name no category ({@link #anyTop}), in their order.
   */
  private final java.util.NavigableMap<String, int[]> byTop =
      new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);

  private final int[] anyTop;

  private CommissionEngine(RuleSet rules) {
    this.rules = rules;
    for (Rule rule : rules.rules()) {
      if (!hasBranches(rule.when())) {
        List<String> words = new ArrayList<>();
        rule.when().explain(NO_SALE, null, words);
        fixedExplanations.put(rule.id(), List.copyOf(words));
      }
      basisWords.put(rule.id(), rule.basis().describe());
    }
    List<Rule> line = new ArrayList<>();
    List<Rule> order = new ArrayList<>();
    List<Rule> lead = new ArrayList<>();
    List<Rule> click = new ArrayList<>();
    for (Rule rule : rules.inOrder()) {
      switch (rule.event()) {
        case SALE -> (rule.basis().perOrder() ? order : line).add(rule);
        case LEAD -> lead.add(rule);
        case CLICK -> click.add(rule);
      }
    }
    this.lineRules = line.toArray(Rule[]::new);
    this.saleParts = new Condition[lineRules.length];
    this.lineParts = new Condition[lineRules.length];
    for (int i = 0; i < lineRules.length; i++) {
      Condition when = lineRules[i].when();
      List<Condition> onSale = new ArrayList<>();
      List<Condition> onLine = new ArrayList<>();
      if (when instanceof Condition.AllOf all) {
        for (Condition member : all.conditions()) {
          (readsLine(member) ? onLine : onSale).add(member);
        }
      } else {
        (readsLine(when) ? onLine : onSale).add(when);
      }
      saleParts[i] = onSale.size() == 1 ? onSale.get(0) : new Condition.AllOf(onSale);
      lineParts[i] = onLine.size() == 1 ? onLine.get(0) : new Condition.AllOf(onLine);
    }
    List<java.util.Set<String>> tops = new ArrayList<>();
    java.util.Set<String> allTops = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    List<Integer> unrestricted = new ArrayList<>();
    for (int i = 0; i < lineRules.length; i++) {
      java.util.Set<String> required = requiredTops(lineParts[i]);
      tops.add(required);
      if (required == null) {
        unrestricted.add(i);
      } else {
        allTops.addAll(required);
      }
    }
    this.anyTop = unrestricted.stream().mapToInt(Integer::intValue).toArray();
    for (String top : allTops) {
      List<Integer> candidates = new ArrayList<>();
      for (int i = 0; i < lineRules.length; i++) {
        java.util.Set<String> required = tops.get(i);
        if (required == null || required.contains(top)) {
          candidates.add(i);
        }
      }
      byTop.put(top, candidates.stream().mapToInt(Integer::intValue).toArray());
    }
    this.numerators = new long[lineRules.length];
    this.denominators = new long[lineRules.length];
    for (int i = 0; i < lineRules.length; i++) {
      if (lineRules[i].basis() instanceof Basis.PercentOfLine p) {
        // At most 100 with at most 4 decimals: the unscaled value and 100 × 10^scale are small.
        numerators[i] = p.percent().unscaledValue().longValueExact();
        denominators[i] = 100 * java.math.BigInteger.TEN.pow(p.percent().scale()).longValueExact();
      }
    }
    this.orderRules = order.toArray(Rule[]::new);
    this.leadRules = lead.toArray(Rule[]::new);
    this.clickRules = click.toArray(Rule[]::new);
  }

  /** Prepares a rule set for evaluation. */
  public static CommissionEngine compile(RuleSet rules) {
    return new CommissionEngine(Objects.requireNonNull(rules, "rules"));
  }

  /** The rule set this engine applies. */
  public RuleSet rules() {
    return rules;
  }

  /**
   * What a sale earns. The lines and the order value must be in the programme's currency (the
   * caller converts them at the day's rate).
   *
   * @throws IllegalArgumentException if an amount is in another currency
   */
  public SaleCommission evaluateSale(SaleFacts sale, List<OrderLine> lines) {
    CurrencyUnit currency = rules.currency();
    requireCurrency(sale.orderValue(), "the order value");
    List<LineCommission> parts = new ArrayList<>(lines.size() + 1);
    boolean[] saleHolds = new boolean[lineRules.length];
    for (int i = 0; i < lineRules.length; i++) {
      saleHolds[i] = saleParts[i].test(sale, null);
    }
    for (int i = 0; i < lines.size(); i++) {
      OrderLine line = lines.get(i);
      requireCurrency(line.unitPrice(), "line " + (i + 1));
      parts.add(lineCommission(i + 1, sale, line, saleHolds));
    }
    Rule orderRule = chooseOrderRule(orderRules, sale, lines);
    if (orderRule != null) {
      parts.add(orderCommission(orderRule, sale, firstMatchingLine(orderRule, sale, lines)));
    }
    applyCaps(sale, lines, parts);
    return total(parts, currency);
  }

  /** What a lead earns: the lead rules, at most one, paid per lead. */
  public SaleCommission evaluateLead(SaleFacts sale) {
    return perEvent(leadRules, sale);
  }

  /** What a valid click earns: the click rules, at most one, paid per click. */
  public SaleCommission evaluateClick(SaleFacts sale) {
    return perEvent(clickRules, sale);
  }

  private SaleCommission perEvent(Rule[] candidates, SaleFacts sale) {
    List<LineCommission> parts = new ArrayList<>(1);
    Rule rule = chooseOrderRule(candidates, sale, List.of());
    if (rule != null) {
      parts.add(orderCommission(rule, sale, null));
    }
    return total(parts, rules.currency());
  }

  private LineCommission lineCommission(
      int lineNo, SaleFacts sale, OrderLine line, boolean[] saleHolds) {
    long net = line.netAmount().minor();
    Rule best = null;
    long bestAmount = -1;
    dev.levier.conversion.CategoryPath category = line.category();
    int[] candidates = anyTop;
    if (category != null) {
      int[] ofTop = byTop.get(category.segments().get(0));
      if (ofTop != null) {
        candidates = ofTop;
      }
    }
    for (int i : candidates) {
      Rule rule = lineRules[i];
      if (!saleHolds[i] || !lineParts[i].test(sale, line)) {
        continue;
      }
      long amount =
          denominators[i] > 0
              ? percentOf(net, numerators[i], denominators[i], rule, line)
              : rule.basis().onLine(line).minor();
      if (amount > bestAmount) {
        best = rule;
        bestAmount = amount;
      }
      if (rules.resolution() == Resolution.PRIORITY) {
        break;
      }
    }
    if (best == null) {
      Money zero = Money.zero(rules.currency());
      return new LineCommission(
          lineNo,
          null,
          "no rule",
          rules.version(),
          List.of(),
          "nothing",
          line.netAmount(),
          zero,
          zero,
          null);
    }
    return new LineCommission(
        lineNo,
        best.id(),
        best.name(),
        rules.version(),
        held(best, sale, line),
        basisWords.getOrDefault(best.id(), best.basis().describe()),
        best.basis().base(line),
        Money.ofMinor(bestAmount, rules.currency()),
        Money.ofMinor(bestAmount, rules.currency()),
        null);
  }

  /**
   * {@code minor × numerator ÷ denominator} rounded half-even, as {@link Money#percent} computes
   * it, in {@code long} arithmetic; the rare product beyond {@code long} goes to {@code Money}.
   */
  static long percentOf(long minor, long numerator, long denominator, Rule rule, OrderLine line) {
    long high = Math.multiplyHigh(minor, numerator);
    long product = minor * numerator;
    if ((high != 0 || product < 0) && (high != -1 || product >= 0)) {
      return rule.basis().onLine(line).minor();
    }
    long quotient = product / denominator;
    long remainder = Math.abs(product % denominator);
    long twice = remainder * 2;
    if (twice > denominator || (twice == denominator && (quotient & 1) != 0)) {
      quotient += Long.signum(product);
    }
    return quotient;
  }

  /**
   * Applies each cap, in the order listed, to the parts it covers: the lines whose condition holds,
   * and the order's own payment when the condition holds without a line.
   */
  private void applyCaps(SaleFacts sale, List<OrderLine> lines, List<LineCommission> parts) {
    for (OrderCap cap : rules.caps()) {
      List<Integer> covered = new ArrayList<>();
      long sum = 0;
      for (int i = 0; i < parts.size(); i++) {
        LineCommission part = parts.get(i);
        OrderLine line = part.lineNo() == 0 ? null : lines.get(part.lineNo() - 1);
        if (part.amount().isPositive() && cap.lines().test(sale, line)) {
          covered.add(i);
          sum = Math.addExact(sum, part.amount().minor());
        }
      }
      if (sum <= cap.max().minor()) {
        continue;
      }
      long[] weights = new long[covered.size()];
      for (int k = 0; k < covered.size(); k++) {
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
  }

  private @Nullable Rule chooseOrderRule(Rule[] candidates, SaleFacts sale, List<OrderLine> lines) {
    Rule best = null;
    long bestAmount = 0;
    for (Rule rule : candidates) {
      if (firstMatchingLine(rule, sale, lines) == null && !matchesWithoutLine(rule, sale, lines)) {
        continue;
      }
      long amount = ((Basis.FixedPerOrder) rule.basis()).amount().minor();
      if (best == null || amount > bestAmount) {
        best = rule;
        bestAmount = amount;
      }
      if (rules.resolution() == Resolution.PRIORITY) {
        break;
      }
    }
    return best;
  }

  /** An event without lines (a lead, a click) is tested without a line. */
  private static boolean matchesWithoutLine(Rule rule, SaleFacts sale, List<OrderLine> lines) {
    return lines.isEmpty() && rule.when().test(sale, null);
  }

  private static @Nullable OrderLine firstMatchingLine(
      Rule rule, SaleFacts sale, List<OrderLine> lines) {
    for (OrderLine line : lines) {
      if (rule.when().test(sale, line)) {
        return line;
      }
    }
    return null;
  }

  private LineCommission orderCommission(Rule rule, SaleFacts sale, @Nullable OrderLine line) {
    Money amount = ((Basis.FixedPerOrder) rule.basis()).amount();
    return new LineCommission(
        0,
        rule.id(),
        rule.name(),
        rules.version(),
        held(rule, sale, line),
        rule.basis().describe().replace("per order", "per " + noun(rule.event())),
        amount,
        amount,
        amount,
        null);
  }

  private static String noun(EventType event) {
    return switch (event) {
      case SALE -> "order";
      case LEAD -> "lead";
      case CLICK -> "valid click";
    };
  }

  private List<String> held(Rule rule, SaleFacts sale, @Nullable OrderLine line) {
    List<String> fixed = fixedExplanations.get(rule.id());
    if (fixed != null) {
      return fixed;
    }
    List<String> held = new ArrayList<>(4);
    rule.when().explain(sale, line, held);
    return held;
  }

  /**
   * The top categories a line must be under for the condition to hold, ignoring case, or null when
   * it may hold for any line: a category condition's tops, or the first such requirement among the
   * members of an {@code allOf}.
   */
  private static java.util.@Nullable Set<String> requiredTops(Condition condition) {
    switch (condition) {
      case Condition.CategoryWithin within -> {
        java.util.Set<String> tops = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (dev.levier.conversion.CategoryPath path : within.categories()) {
          tops.add(path.segments().get(0));
        }
        return tops;
      }
      case Condition.AllOf all -> {
        for (Condition member : all.conditions()) {
          java.util.Set<String> tops = requiredTops(member);
          if (tops != null) {
            return tops;
          }
        }
        return null;
      }
      default -> {
        return null;
      }
    }
  }

  /**
   * Whether the condition reads the line (its category, SKU, brand or unit price, or a {@code
   * line.} variable of an expression).
   */
  private static boolean readsLine(Condition condition) {
    return switch (condition) {
      case Condition.CategoryWithin c -> true;
      case Condition.SkuIn c -> true;
      case Condition.BrandIn c -> true;
      case Condition.UnitPriceBetween c -> true;
      case Condition.Expression e -> e.readsLine();
      case Condition.AllOf all -> all.conditions().stream().anyMatch(CommissionEngine::readsLine);
      case Condition.AnyOf any -> any.conditions().stream().anyMatch(CommissionEngine::readsLine);
      case Condition.Not not -> readsLine(not.condition());
      default -> false;
    };
  }

  /** Whether explaining the condition depends on the sale: only a choice between branches does. */
  private static boolean hasBranches(Condition condition) {
    return switch (condition) {
      case Condition.AnyOf any -> true;
      case Condition.AllOf all -> all.conditions().stream().anyMatch(CommissionEngine::hasBranches);
      default -> false;
    };
  }

  /**
   * A sale to explain conditions without branches: their words do not depend on the sale (only
   * {@link Condition.AnyOf} tests it while explaining, and such rules are explained per sale).
   */
  private static final SaleFacts NO_SALE =
      SaleFacts.builder(
              java.time.Instant.EPOCH,
              java.time.ZoneOffset.UTC,
              Money.zero(dev.levier.money.CurrencyUnit.EUR),
              "-",
              dev.levier.network.PublisherType.OTHER)
          .build();

  private SaleCommission total(List<LineCommission> parts, CurrencyUnit currency) {
    long total = 0;
    for (LineCommission part : parts) {
      total = Math.addExact(total, part.amount().minor());
    }
    return new SaleCommission(rules.version(), parts, Money.ofMinor(total, currency));
  }

  private void requireCurrency(Money amount, String what) {
    if (!amount.currency().equals(rules.currency())) {
      throw new IllegalArgumentException(
          what
              + " is in "
              + amount.currency().code()
              + ", but programme "
              + rules.programmeId()
              + " computes commissions in "
              + rules.currency().code()
              + ": convert it first");
    }
  }
}
