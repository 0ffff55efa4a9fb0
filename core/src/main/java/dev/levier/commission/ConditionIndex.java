package dev.levier.commission;

import dev.levier.conversion.CategoryPath;
import dev.levier.conversion.OrderLine;
import dev.levier.money.Money;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The conditions of a rule set's rules and caps, compiled once so that a sale and each of its lines
 * test all of them together: the answer is a bit set with one bit per condition (a "slot").
 *
 * <p>Each condition is read as the members of its {@code allOf} (nested ones flattened), all of
 * which must hold; any other condition is its own single member. Then:
 *
 * <ul>
 *   <li>a member that does not read the line is tested once per sale, and members that are equal
 *       (conditions are values) once for all the slots that name them ({@link #saleHolds});
 *   <li>a slot's first category condition and its first brand condition are looked up once per line
 *       in two indexes, a tree of the category paths the conditions name and a map of the brands
 *       ({@link #lineCandidates}), so that a slot whose category or brand does not match is never
 *       looked at;
 *   <li>unit price ranges are compared in {@code long} minor units, and any other member on the
 *       line (a second category or brand condition, SKUs, an {@code anyOf} or {@code not} that
 *       reads the line, an expression) is tested as written, for the candidates only ({@link
 *       #lineHolds}).
 * </ul>
 *
 * <p>A slot holds for a line exactly when its condition's {@link Condition#test} does: members have
 * no side effects, so testing them in another order, or once for many slots, does not change the
 * answer. Category segments and brands are matched with {@link String#CASE_INSENSITIVE_ORDER}
 * ({@link NamesIgnoringCase}), which on JDK 25 tells two strings equal exactly when {@link
 * String#equalsIgnoreCase} does (the test of {@link CategoryPath#isWithin}); {@link
 * Condition.BrandIn} itself uses that order. Names with a surrogate (a character beyond the basic
 * plane, or half of one) are not indexed: the order compares them by code point, with quirks for
 * lone surrogates, so a condition naming one is tested as written.
 *
 * <p>Unit prices are compared without their currency: the engine checks that every line is in the
 * programme's currency before testing it, and {@link RuleSet} that every amount in a condition is.
 */
final class ConditionIndex {
  private final int words;

  /** The distinct members read once per sale, and for each the slots that need it. */
  private final Condition[] saleConditions;

  private final long[][] requiredBy;

  /** Every slot. */
  private final long[] all;

  /** The slots without a category member, and those without a brand member. */
  private final long[] noCategory;

  private final long[] noBrand;

  /** The category paths named by the slots' first category members, segment by segment. */
  private final Node categories;

  /** The brands named by the slots' first brand members, with the slots naming each. */
  private final NamesIgnoringCase brands;

  private final long[][] slotsOfBrand;

  /** Whether the slot has a unit price range or another member to test on the line. */
  private final boolean[] checkLine;

  private final long[] priceMin;
  private final long[] priceMax;
  private final boolean[] boundedAbove;
  private final @Nullable Condition[] rest;

  ConditionIndex(List<Condition> conditions) {
    int slots = conditions.size();
    this.words = Math.max(1, (slots + 63) >>> 6);
    this.all = new long[words];
    this.noCategory = new long[words];
    this.noBrand = new long[words];
    this.checkLine = new boolean[slots];
    this.priceMin = new long[slots];
    this.priceMax = new long[slots];
    this.boundedAbove = new boolean[slots];
    this.rest = new Condition[slots];
    Map<Condition, Integer> saleIds = new HashMap<>();
    List<Condition> onSale = new ArrayList<>();
    List<long[]> required = new ArrayList<>();
    TreeMap<String, long[]> byBrand = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    Path root = new Path();
    for (int slot = 0; slot < slots; slot++) {
      set(all, slot);
      List<Condition> members = new ArrayList<>();
      flatten(conditions.get(slot), members);
      boolean hasCategory = false;
      boolean hasBrand = false;
      long min = Long.MIN_VALUE;
      long max = Long.MAX_VALUE;
      boolean bounded = false;
      boolean check = false;
      List<Condition> others = new ArrayList<>();
      for (Condition member : members) {
        if (!readsLine(member)) {
          Integer id = saleIds.get(member);
          if (id == null) {
            id = onSale.size();
            saleIds.put(member, id);
            onSale.add(member);
            required.add(new long[words]);
          }
          set(required.get(id), slot);
        } else if (member instanceof Condition.CategoryWithin within
            && !hasCategory
            && indexable(within)) {
          hasCategory = true;
          for (CategoryPath path : within.categories()) {
            Path node = root;
            for (String segment : path.segments()) {
              node = node.below.computeIfAbsent(segment, s -> new Path());
            }
            long[] named = node.slots;
            if (named == null) {
              named = new long[words];
              node.slots = named;
            }
            set(named, slot);
          }
        } else if (member instanceof Condition.BrandIn brandIn
            && !hasBrand
            && noSurrogate(brandIn.brands())) {
          hasBrand = true;
          for (String brand : brandIn.brands()) {
            set(byBrand.computeIfAbsent(brand, b -> new long[words]), slot);
          }
        } else if (member instanceof Condition.UnitPriceBetween range) {
          check = true;
          Money low = range.min();
          Money high = range.max();
          if (low != null) {
            min = Math.max(min, low.minor());
          }
          if (high != null) {
            bounded = true;
            max = Math.min(max, high.minor());
          }
        } else {
          check = true;
          others.add(member);
        }
      }
      if (!hasCategory) {
        set(noCategory, slot);
      }
      if (!hasBrand) {
        set(noBrand, slot);
      }
      checkLine[slot] = check;
      priceMin[slot] = min;
      priceMax[slot] = max;
      boundedAbove[slot] = bounded;
      rest[slot] =
          others.isEmpty()
              ? null
              : others.size() == 1 ? others.get(0) : new Condition.AllOf(others);
    }
    this.saleConditions = onSale.toArray(Condition[]::new);
    this.requiredBy = required.toArray(long[][]::new);
    this.brands = new NamesIgnoringCase(new ArrayList<>(byBrand.keySet()));
    this.slotsOfBrand = byBrand.values().toArray(long[][]::new);
    this.categories = root.node();
  }

  /** The length of the bit sets, in {@code long} words. */
  int words() {
    return words;
  }

  /** Sets in {@code out} (of {@link #words} words) the slots whose members on the sale hold. */
  void saleHolds(SaleFacts sale, long[] out) {
    System.arraycopy(all, 0, out, 0, words);
    for (int d = 0; d < saleConditions.length; d++) {
      if (!saleConditions[d].test(sale, null)) {
        long[] fail = requiredBy[d];
        for (int w = 0; w < words; w++) {
          out[w] &= ~fail[w];
        }
      }
    }
  }

  /**
   * Writes to {@code out}, from {@code at}, the slots worth testing on this line: those of {@code
   * saleHolds} whose first category and first brand members, if any, hold for the line. {@link
   * #lineHolds} tests the rest of a candidate.
   */
  void lineCandidates(OrderLine line, long[] saleHolds, long[] out, int at) {
    for (int w = 0; w < words; w++) {
      out[at + w] = 0;
    }
    CategoryPath category = line.category();
    if (category != null) {
      List<String> segments = category.segments();
      Node node = categories;
      for (int d = 0; d < segments.size() && node.children.length > 0; d++) {
        int found = node.names.find(segments.get(d));
        if (found < 0) {
          break;
        }
        Node child = node.children[found];
        long[] named = child.slots;
        if (named != null) {
          for (int w = 0; w < words; w++) {
            out[at + w] |= named[w];
          }
        }
        node = child;
      }
    }
    String brand = line.brand();
    int found = brand == null || slotsOfBrand.length == 0 ? -1 : brands.find(brand);
    long[] ofBrand = found < 0 ? null : slotsOfBrand[found];
    for (int w = 0; w < words; w++) {
      long brandOk = noBrand[w] | (ofBrand == null ? 0 : ofBrand[w]);
      out[at + w] = saleHolds[w] & (noCategory[w] | out[at + w]) & brandOk;
    }
  }

  /**
   * Whether a candidate slot of {@link #lineCandidates} holds for the line, whose unit price is
   * {@code price} minor units.
   */
  boolean lineHolds(int slot, SaleFacts sale, OrderLine line, long price) {
    return !checkLine[slot] || checkLine(slot, sale, line, price);
  }

  private boolean checkLine(int slot, SaleFacts sale, OrderLine line, long price) {
    if (price < priceMin[slot] || (boundedAbove[slot] && price >= priceMax[slot])) {
      return false;
    }
    Condition other = rest[slot];
    return other == null || other.test(sale, line);
  }

  /** Whether the bit of {@code slot} is set in the bit set starting at {@code at}. */
  static boolean has(long[] bits, int at, int slot) {
    return (bits[at + (slot >>> 6)] >>> slot & 1) != 0;
  }

  private static void set(long[] bits, int slot) {
    bits[slot >>> 6] |= 1L << slot;
  }

  private static boolean indexable(Condition.CategoryWithin within) {
    for (CategoryPath path : within.categories()) {
      if (!noSurrogate(path.segments())) {
        return false;
      }
    }
    return true;
  }

  private static boolean noSurrogate(java.util.Collection<String> names) {
    for (String name : names) {
      if (NamesIgnoringCase.hasSurrogate(name)) {
        return false;
      }
    }
    return true;
  }

  private static void flatten(Condition condition, List<Condition> members) {
    if (condition instanceof Condition.AllOf all) {
      for (Condition member : all.conditions()) {
        flatten(member, members);
      }
    } else {
      members.add(condition);
    }
  }

  /**
   * Whether the condition reads the line (its category, SKU, brand or unit price, or a {@code
   * line.} variable of an expression).
   */
  static boolean readsLine(Condition condition) {
    return switch (condition) {
      case Condition.CategoryWithin c -> true;
      case Condition.SkuIn c -> true;
      case Condition.BrandIn c -> true;
      case Condition.UnitPriceBetween c -> true;
      case Condition.Expression e -> e.readsLine();
      case Condition.AllOf all -> anyReadsLine(all.conditions());
      case Condition.AnyOf any -> anyReadsLine(any.conditions());
      case Condition.Not not -> readsLine(not.condition());
      default -> false;
    };
  }

  private static boolean anyReadsLine(List<Condition> conditions) {
    for (Condition c : conditions) {
      if (readsLine(c)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A category path named by a condition, or above one: the slots naming it, and the segments
   * below, each found by {@code names} at its position in {@code children}.
   */
  private static final class Node {
    final long @Nullable [] slots;
    final NamesIgnoringCase names;
    final Node[] children;

    Node(long @Nullable [] slots, NamesIgnoringCase names, Node[] children) {
      this.slots = slots;
      this.names = names;
      this.children = children;
    }
  }

  /** A {@link Node} while the paths are gathered. */
  private static final class Path {
    final TreeMap<String, Path> below = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    long @Nullable [] slots;

    Node node() {
      List<Node> children = new ArrayList<>(below.size());
      for (Path path : below.values()) {
        children.add(path.node());
      }
      return new Node(
          slots,
          new NamesIgnoringCase(new ArrayList<>(below.keySet())),
          children.toArray(Node[]::new));
    }
  }
}
