package dev.levier.commission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levier.attribution.JourneyRole;
import dev.levier.conversion.CategoryPath;
import dev.levier.conversion.CustomerStatus;
import dev.levier.conversion.OrderLine;
import dev.levier.geo.CountryCode;
import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import dev.levier.network.PublisherType;
import dev.levier.tracking.DeviceType;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The engine, with its indexes, its {@code long} arithmetic and its explanations worked out in
 * advance, gives exactly what {@link ReferenceEngine} gives: same rules chosen, same amounts, same
 * caps, same explanations, over random rule sets (every kind of condition, nested; every basis;
 * priorities with ties; both resolutions; caps) and random sales. Names vary in case, including
 * letters whose case rules are unusual (ß, the Kelvin sign, dotted and dotless i, µ and μ,
 * titlecase ǅ, letters beyond the basic plane, lone surrogates), since the engine looks categories
 * and brands up by hashing.
 */
class EngineMatchesReferencePropertyTest {
  static final CurrencyUnit EUR = CurrencyUnit.EUR;
  static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  static final List<String> TOPS =
      List.of(
          "Electronics",
          "ELECTRONICS",
          "electronics",
          "Home",
          "hOME",
          "Straße",
          "STRASSE",
          "straße",
          "Élan",
          "éLAN",
          "µ-Store",
          "Μ-STORE",
          "μ-store",
          "\u212Aelvin",
          "kelvin",
          "İstanbul",
          "istanbul",
          "ISTANBUL",
          "ıstanbul",
          "\uD801\uDC00 Deseret",
          "\uD801\uDC28 deseret",
          "\uD801\uD801\uDC28",
          "\uD801\uDC28\u03C3",
          "\u01C5ungla",
          "\u01C4ungla",
          "\u01C6ungla");
  static final List<String> MIDDLES =
      List.of("Phones", "phones", "PHONES", "Audio", "\u017Fhoes", "Shoes", "SHOES");
  static final List<String> LEAVES = List.of("Item", "ITEM", "Smart");
  static final List<String> BRANDS =
      List.of(
          "Acme",
          "ACME",
          "acme",
          "Lumière",
          "LUMIÈRE",
          "Nordlys",
          "\u01C5",
          "\u01C4",
          "\uD801\uDC00",
          "\uD801\uDC28",
          "\uD801\uD801\uDC28",
          "\uD801\uDC28\u03C3",
          "\u212A",
          "k",
          "K");
  static final List<String> SKUS = List.of("SKU-1", "SKU-2", "sku-1", "SKU-3");
  static final List<String> COUPONS = List.of("SAVE10", "save10", "WELCOME");
  static final List<String> PUBLISHERS = List.of("pub_1", "pub_2", "pub_3");
  static final List<String> GROUPS = List.of("premium", "Premium", "standard");
  static final List<String> CHANNELS = List.of("affiliate", "AFFILIATE", "email");

  /** Percentages that often give exactly half a minor unit on small amounts. */
  static final List<String> HALVES =
      List.of("0.5", "1", "1.5", "2.5", "5", "7.5", "10", "12.5", "50");

  /** Parsed once: CEL planning is slow, and which expressions appear is what varies. */
  static final List<Condition> EXPRESSIONS =
      List.of(
          Condition.expression("order.value >= 20000"),
          Condition.expression("customer.status == \"new\" || order.hour < 12"),
          Condition.expression("line.quantity >= 2"),
          Condition.expression("line.unitPrice < 5000 && publisher.type != \"voucher\""),
          Condition.expression("\"Electronics\" in line.categories"));

  @Property(tries = 1500)
  void salesEarnWhatTheReferenceComputes(@ForAll long seed) {
    Random random = new Random(seed);
    RuleSet rules = ruleSet(random);
    CommissionEngine engine = CommissionEngine.compile(rules);
    for (int n = 0; n < 8; n++) {
      SaleFacts sale = sale(random);
      List<OrderLine> lines = lines(random);

      SaleCommission expected = ReferenceEngine.evaluateSale(rules, sale, lines);
      SaleCommission actual = engine.evaluateSale(sale, lines);

      assertThat(actual).isEqualTo(expected);
      assertThat(actual.explain()).isEqualTo(expected.explain());
    }
  }

  @Property(tries = 300)
  void leadsAndClicksEarnWhatTheReferenceComputes(@ForAll long seed) {
    Random random = new Random(seed);
    RuleSet rules = ruleSet(random);
    CommissionEngine engine = CommissionEngine.compile(rules);
    for (int n = 0; n < 8; n++) {
      SaleFacts sale = sale(random);
      assertThat(engine.evaluateLead(sale))
          .isEqualTo(ReferenceEngine.evaluateEvent(rules, EventType.LEAD, sale));
      assertThat(engine.evaluateClick(sale))
          .isEqualTo(ReferenceEngine.evaluateEvent(rules, EventType.CLICK, sale));
    }
  }

  /**
   * Percentages of small lines often round to the same amount, or land exactly on half a minor unit
   * (where half-even rounding goes up from an odd amount): the engine still picks the rule the
   * reference picks, the first tried among equals.
   */
  @Property(tries = 1000)
  void closeAmountsAreChosenAsTheReferenceChooses(@ForAll long seed) {
    Random random = new Random(seed);
    List<Rule> list = new ArrayList<>();
    int count = 2 + random.nextInt(6);
    for (int i = 0; i < count; i++) {
      Basis basis =
          random.nextInt(5) == 0
              ? new Basis.FixedPerLine(Money.ofMinor(1 + random.nextInt(20), EUR))
              : new Basis.PercentOfLine(new BigDecimal(pick(random, HALVES)));
      list.add(new Rule("r" + i, "Rule " + i, EventType.SALE, Condition.always(), basis, i % 3));
    }
    RuleSet rules = RuleSet.of("prg_1", 1, EUR, PARIS, Resolution.HIGHEST_PAYING, list);
    List<OrderLine> lines = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      lines.add(OrderLine.of("SKU-1", 1, Money.ofMinor(random.nextInt(2_000), EUR)));
    }
    SaleFacts sale = sale(random);

    assertThat(CommissionEngine.compile(rules).evaluateSale(sale, lines))
        .isEqualTo(ReferenceEngine.evaluateSale(rules, sale, lines));
  }

  /**
   * The engine's percentage in {@code long} arithmetic is {@link Money#percent}, for any amount.
   */
  @Property(tries = 3000)
  void aPercentageInLongArithmeticIsWhatMoneyComputes(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long cents,
      @ForAll @IntRange(min = 0, max = 4) int decimals,
      @ForAll @IntRange(min = 1, max = 1_000_000) int unscaled,
      @ForAll @IntRange(min = 0, max = 2) int size) {
    long minor =
        switch (size) {
          case 0 -> cents % 1_000_00L;
          case 1 -> cents % (1L << 42);
          default -> cents;
        };
    long numerator = Math.min(unscaled, 100 * (long) Math.pow(10, decimals));
    BigDecimal percent = BigDecimal.valueOf(numerator, decimals);
    Rule rule = Rule.sale("p", "P", Condition.always(), new Basis.PercentOfLine(percent));
    OrderLine line = OrderLine.of("SKU", 1, Money.ofMinor(minor, EUR));

    long denominator = 100 * (long) Math.pow(10, decimals);
    long expected = Money.ofMinor(minor, EUR).percent(percent).minor();

    assertThat(CommissionEngine.percentOf(minor, numerator, denominator, rule, line))
        .isEqualTo(expected);
    if (minor < 1L << 42) {
      assertThat(CommissionEngine.halfEven(minor * numerator, denominator)).isEqualTo(expected);
    }
  }

  /** A cap shared in {@code long} arithmetic is shared as {@link Money#allocate} shares it. */
  @Property(tries = 3000)
  void aCapIsSharedAsMoneyAllocates(@ForAll long seed) {
    Random random = new Random(seed);
    int count = 1 + random.nextInt(random.nextBoolean() ? 6 : 80);
    long[] weights = new long[count];
    long total = 0;
    for (int k = 0; k < count; k++) {
      weights[k] =
          switch (random.nextInt(4)) {
            case 0 -> 1 + random.nextInt(3);
            case 1 -> 1 + random.nextLong(Long.MAX_VALUE / 4 / count);
            default -> 1 + random.nextInt(100_000);
          };
      total += weights[k];
    }
    long max = 1 + random.nextLong(total);
    if (max == total) {
      max--;
    }
    if (max < 1) {
      return;
    }

    long[] shares = CommissionEngine.share(Money.ofMinor(max, EUR), weights, count, total);

    List<Money> expected = Money.ofMinor(max, EUR).allocate(weights);
    for (int k = 0; k < count; k++) {
      assertThat(shares[k]).as("share %d of %d", k, count).isEqualTo(expected.get(k).minor());
    }
  }

  static RuleSet ruleSet(Random random) {
    List<Rule> rules = new ArrayList<>();
    int count = random.nextInt(30);
    for (int i = 0; i < count; i++) {
      EventType event =
          random.nextInt(10) == 0
              ? (random.nextBoolean() ? EventType.LEAD : EventType.CLICK)
              : EventType.SALE;
      Basis basis =
          event == EventType.SALE ? basis(random) : new Basis.FixedPerOrder(money(random, 5_000));
      rules.add(
          new Rule(
              "r" + i,
              pick(random, List.of("Default", "Phones", "New customers", "Weekend")),
              event,
              condition(random, 3),
              basis,
              random.nextInt(4)));
    }
    List<OrderCap> caps = new ArrayList<>();
    int capCount = random.nextInt(4);
    for (int k = 0; k < capCount; k++) {
      Condition lines = random.nextInt(3) == 0 ? Condition.always() : condition(random, 2);
      caps.add(
          new OrderCap(
              "c" + k,
              pick(random, List.of("Order", "Electronics", "Phones")),
              lines,
              money(random, random.nextBoolean() ? 500 : 20_000)));
    }
    Resolution resolution = random.nextBoolean() ? Resolution.HIGHEST_PAYING : Resolution.PRIORITY;
    return new RuleSet("prg_1", 1 + random.nextInt(3), EUR, PARIS, resolution, rules, caps);
  }

  static Basis basis(Random random) {
    return switch (random.nextInt(6)) {
      case 0 -> new Basis.FixedPerLine(money(random, 2_000));
      case 1 -> new Basis.FixedPerUnit(money(random, 2_000));
      case 2 -> new Basis.FixedPerOrder(money(random, 5_000));
      default -> {
        int decimals = random.nextInt(5);
        long most = 100 * (long) Math.pow(10, decimals);
        long unscaled = random.nextBoolean() ? 1 + random.nextLong(most) : 1 + random.nextInt(30);
        yield new Basis.PercentOfLine(BigDecimal.valueOf(unscaled, decimals));
      }
    };
  }

  static Condition condition(Random random, int depth) {
    int kinds = depth == 0 ? 19 : 23;
    return switch (random.nextInt(kinds)) {
      case 0, 1, 2 ->
          new Condition.CategoryWithin(list(random, 1 + random.nextInt(2), r -> path(r)));
      case 3, 4 -> new Condition.BrandIn(set(random, BRANDS));
      case 5 -> new Condition.SkuIn(set(random, SKUS));
      case 6, 7 -> {
        Money low = Money.ofMinor(price(random), EUR);
        long top = price(random);
        Money high = Money.ofMinor(top > low.minor() ? top : low.minor() + 1 + top, EUR);
        yield switch (random.nextInt(3)) {
          case 0 -> new Condition.UnitPriceBetween(low, null);
          case 1 -> new Condition.UnitPriceBetween(null, high);
          default -> new Condition.UnitPriceBetween(low, high);
        };
      }
      case 8 -> {
        Money low = money(random, 50_000);
        yield new Condition.OrderValueBetween(
            low, random.nextBoolean() ? null : Money.ofMinor(low.minor() * 2, EUR));
      }
      case 9 ->
          new Condition.CustomerStatusIn(
              EnumSet.copyOf(set(random, List.of(CustomerStatus.values()))));
      case 10 ->
          new Condition.PublisherTypeIn(
              EnumSet.copyOf(set(random, List.of(PublisherType.values()))));
      case 11 -> new Condition.RoleIn(EnumSet.copyOf(set(random, List.of(JourneyRole.values()))));
      case 12 ->
          switch (random.nextInt(4)) {
            case 0 -> new Condition.CouponUsed(Condition.CouponMatch.ANY, Set.of());
            case 1 -> new Condition.CouponUsed(Condition.CouponMatch.ONE_OF, set(random, COUPONS));
            case 2 -> new Condition.CouponUsed(Condition.CouponMatch.PUBLISHERS_OWN, Set.of());
            default -> new Condition.CouponUsed(Condition.CouponMatch.NONE, Set.of());
          };
      case 13 ->
          new Condition.DayOfWeekIn(EnumSet.copyOf(set(random, List.of(DayOfWeek.values()))));
      case 14 -> {
        int from = random.nextInt(24);
        int to = 1 + random.nextInt(24);
        yield from == to ? Condition.always() : new Condition.HourBetween(from, to);
      }
      case 15 ->
          random.nextBoolean()
              ? new Condition.GroupIn(set(random, GROUPS))
              : new Condition.ChannelIn(set(random, CHANNELS));
      case 16 ->
          random.nextBoolean()
              ? new Condition.PublisherIn(set(random, PUBLISHERS))
              : new Condition.DeviceIn(EnumSet.copyOf(set(random, List.of(DeviceType.values()))));
      case 17 -> pick(random, EXPRESSIONS);
      case 18 ->
          random.nextBoolean()
              ? Condition.always()
              : new Condition.SubscriptionIs(
                  random.nextBoolean() ? SubscriptionPhase.FIRST : SubscriptionPhase.RENEWAL);
      case 19, 20 ->
          new Condition.AllOf(list(random, random.nextInt(4), r -> condition(r, depth - 1)));
      case 21 ->
          new Condition.AnyOf(list(random, 1 + random.nextInt(3), r -> condition(r, depth - 1)));
      default -> new Condition.Not(condition(random, depth - 1));
    };
  }

  static CategoryPath path(Random random) {
    List<String> segments = new ArrayList<>();
    segments.add(pick(random, TOPS));
    if (random.nextInt(3) > 0) {
      segments.add(pick(random, MIDDLES));
      if (random.nextInt(3) == 0) {
        segments.add(pick(random, LEAVES));
      }
    }
    return new CategoryPath(segments);
  }

  static List<OrderLine> lines(Random random) {
    List<OrderLine> lines = new ArrayList<>();
    int count = random.nextInt(7);
    for (int i = 0; i < count; i++) {
      long price =
          switch (random.nextInt(20)) {
            case 0 -> 0;
            case 1 -> 1_000_000_000_000L + random.nextLong(8_000_000_000_000L);
            default -> price(random);
          };
      int quantity = price > 1_000_000_000_000L ? 1 : 1 + random.nextInt(4);
      long gross = price * quantity;
      long discount = random.nextInt(4) == 0 ? random.nextLong(gross + 1) : 0;
      OrderLine line =
          OrderLine.of(
              pick(random, SKUS),
              "",
              random.nextInt(8) == 0 ? null : path(random),
              random.nextInt(6) == 0 ? null : pick(random, BRANDS),
              quantity,
              Money.ofMinor(price, EUR),
              Money.ofMinor(discount, EUR));
      if (random.nextInt(5) == 0) {
        line = line.withReturn(1 + random.nextInt(quantity));
      }
      lines.add(line);
    }
    return lines;
  }

  static SaleFacts sale(Random random) {
    String coupon = random.nextBoolean() ? null : pick(random, COUPONS);
    return SaleFacts.builder(
            Instant.parse("2026-11-02T00:00:00Z").plusSeconds(random.nextInt(14 * 86_400)),
            PARIS,
            money(random, 200_000),
            pick(random, PUBLISHERS),
            pick(random, List.of(PublisherType.values())))
        .customerStatus(
            random.nextInt(4) == 0 ? null : pick(random, List.of(CustomerStatus.values())))
        .coupon(coupon, random.nextBoolean())
        .group(random.nextBoolean() ? null : pick(random, GROUPS))
        .country(random.nextBoolean() ? null : CountryCode.of("FR"))
        .device(random.nextBoolean() ? null : pick(random, List.of(DeviceType.values())))
        .channel(random.nextBoolean() ? null : pick(random, CHANNELS))
        .role(random.nextInt(4) == 0 ? null : pick(random, List.of(JourneyRole.values())))
        .subscription(
            random.nextBoolean() ? null : pick(random, List.of(SubscriptionPhase.values())))
        .build();
  }

  /** A unit price, often a round one so that range bounds are met exactly. */
  static long price(Random random) {
    return random.nextInt(3) == 0
        ? pick(random, List.of(1L, 999L, 1_000L, 2_500L, 5_000L, 10_000L, 20_000L))
        : random.nextInt(60_000);
  }

  static Money money(Random random, int most) {
    return Money.ofMinor(1 + random.nextInt(most), EUR);
  }

  static <T> T pick(Random random, List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  static <T> Set<T> set(Random random, List<T> values) {
    Set<T> set = new HashSet<>();
    int size = 1 + random.nextInt(Math.min(3, values.size()));
    while (set.size() < size) {
      set.add(pick(random, values));
    }
    return set;
  }

  static <T> List<T> list(Random random, int size, java.util.function.Function<Random, T> one) {
    List<T> list = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      list.add(one.apply(random));
    }
    return list;
  }
}
