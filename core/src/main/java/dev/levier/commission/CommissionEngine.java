package dev.levier.commission;

import dev.levier.conversion.OrderLine;
import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 *
 * <p>How it is fast: every condition of the rule set (line rules, order rules, caps) is compiled
 * into one {@link ConditionIndex}, so that what reads only the sale is tested once per sale and a
 * line looks only at the rules its category and brand allow. Amounts are compared in {@code long}
 * minor units and only the winner's becomes {@link Money}; the words of the explanations are worked
 * out at compile time, and only the winner's are put together.
 */
public final class CommissionEngine {
  private static final int PERCENT = 0;
  private static final int PER_UNIT = 1;
  private static final int PER_LINE = 2;

  /**
   * Below this many minor units, a line's net times a percentage's numerator (at most 10^6, below
   * 2^20) fits in a {@code long} twice over; below {@link #SMALL_AMOUNT}, so does an amount times
   * twice a denominator (also at most 10^6).
   */
  private static final long SMALL_NET = 1L << 42;

  private static final long SMALL_AMOUNT = 1L << 40;

  /** A {@link #share} of a cap among more parts than this goes to {@link Money#allocate}. */
  private static final int MAX_LONG_SHARES = 64;

  private final RuleSet rules;
  private final boolean priority;
  private final Money zero;
  private final Rule[] lineRules;
  private final Rule[] orderRules;
  private final Rule[] leadRules;
  private final Rule[] clickRules;

  /**
   * The conditions of the line rules (slots {@code 0} to {@code lineRules.length - 1}), then of the
   * order rules, then of the caps.
   */
  private final ConditionIndex index;

  private final int words;
  private final int orderSlots;
  private final int capSlots;

  /** Per word of a bit set, which of its bits are line rules. */
  private final long[] lineRuleBits;

  /** Per line rule: how it pays, worked out once. */
  private final int[] kinds;

  /**
   * For a percentage, its fraction {@code numerator / denominator} of the line; for a fixed basis,
   * the amount in minor units (in {@code fixed}).
   */
  private final long[] numerators;

  private final long[] denominators;

  private final long[] fixed;

  /** What a fixed basis computes from: its amount; null for a percentage (the line's net). */
  private final @Nullable Money[] fixedBases;

  private final String[] lineBasisWords;
  private final Explanation[] lineExplanations;
  private final String[] orderBasisWords;
  private final Explanation[] orderExplanations;

  /** Order, lead and click rules, by id, for the events without lines. */
  private final Map<String, Explanation> eventExplanations = new HashMap<>();

  private final Map<String, String> eventBasisWords = new HashMap<>();

  /** The start of each cap's note, up to the parts it covers. */
  private final String[] capNotes;

  private CommissionEngine(RuleSet rules) {
    this.rules = rules;
    this.priority = rules.resolution() == Resolution.PRIORITY;
    this.zero = Money.zero(rules.currency());
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
    this.orderRules = order.toArray(Rule[]::new);
    this.leadRules = lead.toArray(Rule[]::new);
    this.clickRules = click.toArray(Rule[]::new);

    List<Condition> slots = new ArrayList<>();
    for (Rule rule : lineRules) {
      slots.add(rule.when());
    }
    for (Rule rule : orderRules) {
      slots.add(rule.when());
    }
    for (OrderCap cap : rules.caps()) {
      slots.add(cap.lines());
    }
    this.index = new ConditionIndex(slots);
    this.words = index.words();
    this.orderSlots = lineRules.length;
    this.capSlots = lineRules.length + orderRules.length;
    this.lineRuleBits = new long[words];
    for (int i = 0; i < lineRules.length; i++) {
      lineRuleBits[i >>> 6] |= 1L << i;
    }

    int count = lineRules.length;
    this.kinds = new int[count];
    this.numerators = new long[count];
    this.denominators = new long[count];
    this.fixed = new long[count];
    this.fixedBases = new Money[count];
    this.lineBasisWords = new String[count];
    this.lineExplanations = new Explanation[count];
    for (int i = 0; i < count; i++) {
      Rule rule = lineRules[i];
      switch (rule.basis()) {
        case Basis.PercentOfLine p -> {
          // At most 100 with at most 4 decimals: numerator / (100 × 10^decimals), both small.
          kinds[i] = PERCENT;
          numerators[i] = p.percent().unscaledValue().longValueExact();
          denominators[i] =
              100 * java.math.BigInteger.TEN.pow(p.percent().scale()).longValueExact();
        }
        case Basis.FixedPerUnit f -> {
          kinds[i] = PER_UNIT;
          fixed[i] = f.amount().minor();
          fixedBases[i] = f.amount();
        }
        case Basis.FixedPerLine f -> {
          kinds[i] = PER_LINE;
          fixed[i] = f.amount().minor();
          fixedBases[i] = f.amount();
        }
        case Basis.FixedPerOrder f ->
            throw new IllegalStateException(rule.id() + " pays " + f.describe() + ", not per line");
      }
      lineBasisWords[i] = rule.basis().describe();
      lineExplanations[i] = new Explanation(rule.when());
    }
    this.orderBasisWords = new String[orderRules.length];
    this.orderExplanations = new Explanation[orderRules.length];
    for (int j = 0; j < orderRules.length; j++) {
      orderBasisWords[j] = perEventWords(orderRules[j]);
      orderExplanations[j] = new Explanation(orderRules[j].when());
    }
    for (List<Rule> paidOnce : List.of(order, lead, click)) {
      for (Rule rule : paidOnce) {
        eventExplanations.put(rule.id(), new Explanation(rule.when()));
        eventBasisWords.put(rule.id(), perEventWords(rule));
      }
    }
    this.capNotes = new String[rules.caps().size()];
    for (int c = 0; c < capNotes.length; c++) {
      OrderCap cap = rules.caps().get(c);
      capNotes[c] =
          "\""
              + cap.name()
              + "\" allows at most "
              + cap.max()
              + " per order"
              + (cap.lines().equals(Condition.always()) ? "" : " on " + cap.lines().describe())
              + ", and ";
    }
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
    int count = lines.size();
    long[] saleHolds = new long[words];
    index.saleHolds(sale, saleHolds);
    // Per line, from line × words: the slots worth testing on it.
    long[] candidates = new long[count * words];
    // Per part (the lines, then the order's own payment): the rule paid, by index (-1 for none),
    // and what it pays before and after the caps. Parts become LineCommission once, at the end.
    int[] paidBy = new int[count + 1];
    long[] uncapped = new long[count + 1];
    Money[] nets = new Money[count];
    for (int i = 0; i < count; i++) {
      OrderLine line = lines.get(i);
      if (!line.unitPrice().currency().equals(currency)) {
        requireCurrency(line.unitPrice(), "line " + (i + 1));
      }
      index.lineCandidates(line, saleHolds, candidates, i * words);
      nets[i] = line.netAmount();
      paidBy[i] = chooseLineRule(sale, line, nets[i].minor(), candidates, i * words, uncapped, i);
    }
    Rule orderRule;
    int orderLine = -1;
    if (count == 0) {
      orderRule = chooseEventRule(orderRules, sale);
    } else {
      int chosen = chooseOrderRule(sale, lines, candidates);
      paidBy[count] = chosen;
      orderRule = chosen < 0 ? null : orderRules[chosen];
      if (chosen >= 0) {
        orderLine = firstMatchingLine(orderSlots + chosen, sale, lines, candidates);
      }
    }
    int parts = count;
    if (orderRule != null) {
      uncapped[count] = ((Basis.FixedPerOrder) orderRule.basis()).amount().minor();
      parts++;
    }
    long[] paid = java.util.Arrays.copyOf(uncapped, parts);
    @Nullable String @Nullable [] notes = applyCaps(sale, lines, paid, candidates);

    List<LineCommission> commissions = new ArrayList<>(parts);
    long total = 0;
    for (int k = 0; k < parts; k++) {
      total = Math.addExact(total, paid[k]);
      String note = notes == null ? null : notes[k];
      if (k < count) {
        commissions.add(
            lineCommission(
                k + 1, paidBy[k], sale, lines.get(k), nets[k], uncapped[k], paid[k], note));
      } else if (orderRule != null) {
        Money before = ((Basis.FixedPerOrder) orderRule.basis()).amount();
        Money after = paid[k] == before.minor() ? before : Money.ofMinor(paid[k], currency);
        commissions.add(
            count == 0
                ? eventCommission(orderRule, sale, after, note)
                : orderCommission(paidBy[k], sale, lines.get(orderLine), after, note));
      }
    }
    return new SaleCommission(rules.version(), commissions, Money.ofMinor(total, currency));
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
    Rule rule = chooseEventRule(candidates, sale);
    if (rule != null) {
      parts.add(eventCommission(rule, sale, ((Basis.FixedPerOrder) rule.basis()).amount(), null));
    }
    return total(parts, rules.currency());
  }

  /**
   * The line rule paid on the line, by index, or -1; what it pays goes to {@code amounts[part]}.
   */
  private int chooseLineRule(
      SaleFacts sale,
      OrderLine line,
      long netMinor,
      long[] candidates,
      int at,
      long[] amounts,
      int part) {
    int best = -1;
    long bestAmount = -1;
    long price = line.unitPrice().minor();
    boolean small = netMinor < SMALL_NET;
    search:
    for (int w = 0; w < words; w++) {
      long bits = candidates[at + w] & lineRuleBits[w];
      while (bits != 0) {
        int i = (w << 6) + Long.numberOfTrailingZeros(bits);
        bits &= bits - 1;
        if (!index.lineHolds(i, sale, line, price)) {
          continue;
        }
        long amount;
        int kind = kinds[i];
        if (kind == PER_UNIT) {
          amount = Math.multiplyExact(fixed[i], (long) line.remainingQuantity());
        } else if (kind == PER_LINE) {
          amount = netMinor > 0 ? fixed[i] : 0;
        } else if (small) {
          long product = netMinor * numerators[i];
          long denominator = denominators[i];
          // Rounded, product / denominator beats bestAmount only if it is at least bestAmount + ½:
          // most candidates are ruled out without a division.
          if (bestAmount >= 0
              && bestAmount < SMALL_AMOUNT
              && 2 * product < (2 * bestAmount + 1) * denominator) {
            continue;
          }
          amount = halfEven(product, denominator);
        } else {
          amount = percentOf(netMinor, numerators[i], denominators[i], lineRules[i], line);
        }
        if (amount > bestAmount) {
          best = i;
          bestAmount = amount;
        }
        if (priority) {
          break search;
        }
      }
    }
    amounts[part] = best < 0 ? 0 : bestAmount;
    return best;
  }

  private LineCommission lineCommission(
      int lineNo,
      int rule,
      SaleFacts sale,
      OrderLine line,
      Money net,
      long uncapped,
      long paid,
      @Nullable String note) {
    if (rule < 0) {
      return new LineCommission(
          lineNo, null, "no rule", rules.version(), List.of(), "nothing", net, zero, zero, null);
    }
    Rule best = lineRules[rule];
    Money base = fixedBases[rule];
    Money before = Money.ofMinor(uncapped, rules.currency());
    return new LineCommission(
        lineNo,
        best.id(),
        best.name(),
        rules.version(),
        lineExplanations[rule].held(sale, line),
        lineBasisWords[rule],
        base == null ? net : base,
        before,
        paid == uncapped ? before : Money.ofMinor(paid, rules.currency()),
        note);
  }

  /** {@code product ÷ denominator} rounded half-even, for a product of zero or more. */
  static long halfEven(long product, long denominator) {
    long quotient = product / denominator;
    long twice = 2 * (product - quotient * denominator);
    return twice > denominator || (twice == denominator && (quotient & 1) != 0)
        ? quotient + 1
        : quotient;
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
   * and the order's own payment (the part after the lines) when the condition holds without a line.
   * Lowers {@code paid} and returns each part's note, null for a part no cap lowered (or null when
   * no cap applied).
   */
  private @Nullable String @Nullable [] applyCaps(
      SaleFacts sale, List<OrderLine> lines, long[] paid, long[] candidates) {
    List<OrderCap> caps = rules.caps();
    String[] notes = null;
    if (caps.isEmpty()) {
      return notes;
    }
    int parts = paid.length;
    int[] covered = new int[parts];
    long[] weights = new long[parts];
    for (int c = 0; c < caps.size(); c++) {
      OrderCap cap = caps.get(c);
      int slot = capSlots + c;
      int count = 0;
      long sum = 0;
      for (int k = 0; k < parts; k++) {
        if (paid[k] <= 0) {
          continue;
        }
        boolean holds =
            k == lines.size()
                ? cap.lines().test(sale, null)
                : ConditionIndex.has(candidates, k * words, slot)
                    && index.lineHolds(slot, sale, lines.get(k), lines.get(k).unitPrice().minor());
        if (holds) {
          covered[count] = k;
          weights[count] = paid[k];
          count++;
          sum = Math.addExact(sum, paid[k]);
        }
      }
      if (sum <= cap.max().minor()) {
        continue;
      }
      long[] shares = share(cap.max(), weights, count, sum);
      String note =
          capNotes[c]
              + (count == 1 ? "this part" : count + " parts")
              + " would have earned "
              + Money.ofMinor(sum, cap.max().currency());
      if (notes == null) {
        notes = new String[parts];
      }
      for (int k = 0; k < count; k++) {
        paid[covered[k]] = shares[k];
        notes[covered[k]] = note;
      }
    }
    return notes;
  }

  /**
   * {@code max} shared among the first {@code count} weights as {@link Money#allocate} shares it
   * (largest remainder, the earlier part first among equal remainders), in {@code long} arithmetic
   * when every product {@code max × weight} fits, else by {@code Money.allocate}.
   *
   * @param total the sum of the weights, above {@code max}
   */
  static long[] share(Money max, long[] weights, int count, long total) {
    long[] shares = new long[count];
    long[] remainders = new long[count];
    long handedOut = 0;
    boolean fits = count <= MAX_LONG_SHARES && max.minor() > 0 && total > 0;
    for (int k = 0; fits && k < count; k++) {
      long high = Math.multiplyHigh(max.minor(), weights[k]);
      long product = max.minor() * weights[k];
      if (high != 0 || product < 0) {
        fits = false;
      } else {
        shares[k] = product / total;
        remainders[k] = product % total;
        handedOut += shares[k];
      }
    }
    if (!fits) {
      List<Money> allocated = max.allocate(java.util.Arrays.copyOf(weights, count));
      for (int k = 0; k < count; k++) {
        shares[k] = allocated.get(k).minor();
      }
      return shares;
    }
    // Fewer minor units are left than there are parts: one each to the largest remainders.
    for (long left = max.minor() - handedOut; left > 0; left--) {
      int largest = -1;
      for (int k = 0; k < count; k++) {
        if (remainders[k] >= 0 && (largest < 0 || remainders[k] > remainders[largest])) {
          largest = k;
        }
      }
      shares[largest]++;
      remainders[largest] = -1;
    }
    return shares;
  }

  /** The order rule paid on this sale, by index, or -1: see {@link #chooseEventRule}. */
  private int chooseOrderRule(SaleFacts sale, List<OrderLine> lines, long[] candidates) {
    int best = -1;
    long bestAmount = 0;
    for (int j = 0; j < orderRules.length; j++) {
      if (firstMatchingLine(orderSlots + j, sale, lines, candidates) < 0) {
        continue;
      }
      long amount = ((Basis.FixedPerOrder) orderRules[j].basis()).amount().minor();
      if (best < 0 || amount > bestAmount) {
        best = j;
        bestAmount = amount;
      }
      if (priority) {
        break;
      }
    }
    return best;
  }

  /** The first line for which the slot's condition holds, or -1. */
  private int firstMatchingLine(
      int slot, SaleFacts sale, List<OrderLine> lines, long[] candidates) {
    for (int i = 0; i < lines.size(); i++) {
      OrderLine line = lines.get(i);
      if (ConditionIndex.has(candidates, i * words, slot)
          && index.lineHolds(slot, sale, line, line.unitPrice().minor())) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Among rules paid once (per order, lead or click), tested without a line, the first under {@link
   * Resolution#PRIORITY}, else the one paying most (the first among equals).
   */
  private @Nullable Rule chooseEventRule(Rule[] candidates, SaleFacts sale) {
    Rule best = null;
    long bestAmount = 0;
    for (Rule rule : candidates) {
      if (!rule.when().test(sale, null)) {
        continue;
      }
      long amount = ((Basis.FixedPerOrder) rule.basis()).amount().minor();
      if (best == null || amount > bestAmount) {
        best = rule;
        bestAmount = amount;
      }
      if (priority) {
        break;
      }
    }
    return best;
  }

  private LineCommission orderCommission(
      int j, SaleFacts sale, OrderLine line, Money paid, @Nullable String note) {
    Rule rule = orderRules[j];
    Money amount = ((Basis.FixedPerOrder) rule.basis()).amount();
    return new LineCommission(
        0,
        rule.id(),
        rule.name(),
        rules.version(),
        orderExplanations[j].held(sale, line),
        orderBasisWords[j],
        amount,
        amount,
        paid,
        note);
  }

  /**
   * The payment of an order rule on a sale without lines, or of a lead or click rule, paying {@code
   * paid} after caps.
   */
  private LineCommission eventCommission(
      Rule rule, SaleFacts sale, Money paid, @Nullable String note) {
    Money amount = ((Basis.FixedPerOrder) rule.basis()).amount();
    Explanation explanation = eventExplanations.get(rule.id());
    String basis = eventBasisWords.get(rule.id());
    return new LineCommission(
        0,
        rule.id(),
        rule.name(),
        rules.version(),
        explanation == null
            ? new Explanation(rule.when()).held(sale, null)
            : explanation.held(sale, null),
        basis == null ? perEventWords(rule) : basis,
        amount,
        amount,
        paid,
        note);
  }

  private static String perEventWords(Rule rule) {
    return rule.basis().describe().replace("per order", "per " + noun(rule.event()));
  }

  private static String noun(EventType event) {
    return switch (event) {
      case SALE -> "order";
      case LEAD -> "lead";
      case CLICK -> "valid click";
    };
  }

  private SaleCommission total(List<LineCommission> parts, CurrencyUnit currency) {
    long total = 0;
    for (int i = 0; i < parts.size(); i++) {
      total = Math.addExact(total, parts.get(i).amount().minor());
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

  /**
   * The words of a rule's condition for its explanation ({@link Condition#explain}), each condition
   * described once, here. A condition without {@code anyOf} always gives the same words, kept as
   * one list; with one, the words depend on the branches that hold for the sale and line.
   */
  private static final class Explanation {
    private final Words words;
    private final @Nullable List<String> fixed;

    Explanation(Condition when) {
      this.words = Words.of(when);
      List<String> held = new ArrayList<>();
      this.fixed = words.fixed(held) ? List.copyOf(held) : null;
    }

    List<String> held(SaleFacts sale, @Nullable OrderLine line) {
      if (fixed != null) {
        return fixed;
      }
      List<String> held = new ArrayList<>(4);
      words.explain(sale, line, held);
      return held;
    }
  }

  /**
   * {@link Condition#explain} with every {@link Condition#describe} worked out in advance: an
   * {@code allOf} explains each member ("always" when it has none), an {@code anyOf} the members
   * that hold, and any other condition adds its description.
   */
  private static final class Words {
    private final Condition condition;
    private final @Nullable String text;
    private final Words[] members;
    private final boolean any;

    private Words(Condition condition, @Nullable String text, Words[] members, boolean any) {
      this.condition = condition;
      this.text = text;
      this.members = members;
      this.any = any;
    }

    static Words of(Condition condition) {
      return switch (condition) {
        case Condition.AllOf all -> new Words(condition, null, of(all.conditions()), false);
        case Condition.AnyOf any -> new Words(condition, null, of(any.conditions()), true);
        default -> new Words(condition, condition.describe(), new Words[0], false);
      };
    }

    private static Words[] of(List<Condition> conditions) {
      Words[] words = new Words[conditions.size()];
      for (int i = 0; i < words.length; i++) {
        words[i] = of(conditions.get(i));
      }
      return words;
    }

    /** Adds the words that do not depend on the sale; false if some do (an {@code anyOf}). */
    boolean fixed(List<String> held) {
      if (text != null) {
        held.add(text);
        return true;
      }
      if (any) {
        return false;
      }
      if (members.length == 0) {
        held.add("always");
      }
      for (Words member : members) {
        if (!member.fixed(held)) {
          return false;
        }
      }
      return true;
    }

    void explain(SaleFacts sale, @Nullable OrderLine line, List<String> held) {
      if (text != null) {
        held.add(text);
      } else if (any) {
        for (Words member : members) {
          if (member.condition.test(sale, line)) {
            member.explain(sale, line, held);
          }
        }
      } else {
        if (members.length == 0) {
          held.add("always");
        }
        for (Words member : members) {
          member.explain(sale, line, held);
        }
      }
    }
  }
}
