package dev.levier.bench;

import dev.levier.attribution.JourneyRole;
import dev.levier.commission.CommissionEngine;
import dev.levier.commission.RuleSet;
import dev.levier.commission.SaleCommission;
import dev.levier.commission.SaleFacts;
import dev.levier.conversion.CategoryPath;
import dev.levier.conversion.CustomerStatus;
import dev.levier.conversion.OrderLine;
import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import dev.levier.network.PublisherType;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Commission rule evaluation, per order line, with a rule set of {@code rules} rules shaped like a
 * large programme's: a default rate, rates per category (two levels deep), per brand, per customer
 * status and publisher type, nested conditions on role, coupon, day and order value, a few fixed
 * amounts per unit and per order, and two caps. Sales come from a pool of 1,024 five-line baskets
 * over varied categories, brands, customers and publishers, drawn in turn so that branch prediction
 * cannot learn one sale.
 *
 * <p>The target (issue 5): at least 1,000,000 line evaluations per second on one core with 100
 * rules, that is at most 1 µs per line. The baseline in the same run is the same loop over the same
 * sales with a one-rule set, which is the cost of everything but the rules.
 *
 * <p>Run: {@code java -jar bench/target/levier-bench.jar CommissionBenchmark -f 1 -wi 3 -i 5 -w 2s
 * -r 2s} (add {@code -prof gc} for bytes per line).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class CommissionBenchmark {
  private static final int LINES = 5;
  private static final CurrencyUnit EUR = CurrencyUnit.EUR;
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static final String[] TOP = {
    "Electronics", "Home", "Fashion", "Beauty", "Sports", "Toys", "Garden", "Books"
  };
  private static final String[] BRANDS = {
    "Lumière", "Nordlys", "Sol", "Arc", "Vega", "Orion", "Lyra", "Cygnus", "Draco", "Hydra"
  };

  /** How many rules the set holds. */
  @Param({"100"})
  public int rules = 100;

  private CommissionEngine engine = CommissionEngine.compile(ruleSet(1));
  private CommissionEngine baseline = CommissionEngine.compile(ruleSet(1));
  private SaleFacts[] sales = new SaleFacts[0];
  private List<List<OrderLine>> baskets = List.of();
  private int next;

  @Setup
  public void setUp() {
    engine = CommissionEngine.compile(ruleSet(rules));
    baseline = CommissionEngine.compile(ruleSet(1));
    Random random = new Random(42);
    int pool = 1_024;
    sales = new SaleFacts[pool];
    List<List<OrderLine>> built = new ArrayList<>(pool);
    CustomerStatus[] statuses = CustomerStatus.values();
    PublisherType[] types = PublisherType.values();
    JourneyRole[] roles = JourneyRole.values();
    for (int i = 0; i < pool; i++) {
      List<OrderLine> lines = new ArrayList<>(LINES);
      long total = 0;
      for (int n = 0; n < LINES; n++) {
        String top = TOP[random.nextInt(TOP.length)];
        CategoryPath category = CategoryPath.of(top, "Range " + random.nextInt(6), "Item");
        Money price = Money.ofMinor(500 + random.nextInt(60_000), EUR);
        int quantity = 1 + random.nextInt(3);
        lines.add(
            OrderLine.of(
                "SKU-" + random.nextInt(5_000),
                "",
                category,
                BRANDS[random.nextInt(BRANDS.length)],
                quantity,
                price,
                Money.zero(EUR)));
        total += price.minor() * quantity;
      }
      built.add(List.copyOf(lines));
      sales[i] =
          SaleFacts.builder(
                  Instant.parse("2026-11-02T08:00:00Z").plusSeconds(random.nextInt(30 * 86_400)),
                  PARIS,
                  Money.ofMinor(total, EUR),
                  "pub_" + random.nextInt(50),
                  types[random.nextInt(types.length)])
              .customerStatus(statuses[random.nextInt(statuses.length)])
              .coupon(random.nextInt(4) == 0 ? "SAVE10" : null, random.nextBoolean())
              .role(roles[random.nextInt(roles.length)])
              .build();
    }
    baskets = List.copyOf(built);
  }

  /**
   * A rule set of {@code count} rules; one rule is the default rate alone. The mix is {@link
   * BenchRuleSets}', over this benchmark's catalogue, without expressions.
   */
  static RuleSet ruleSet(int count) {
    return BenchRuleSets.build(
        "prg_bench",
        count,
        EUR,
        PARIS,
        new BenchRuleSets.Catalogue(
            i -> CategoryPath.of(TOP[i % TOP.length], "Range " + (i % 6)),
            i -> CategoryPath.of(TOP[i % TOP.length]),
            List.of(BRANDS)),
        7,
        false);
  }

  /** One five-line sale under the full rule set; the figure is per line. */
  @Benchmark
  @OperationsPerInvocation(LINES)
  public SaleCommission evaluateRules() {
    int i = next++ & (sales.length - 1);
    return engine.evaluateSale(sales[i], baskets.get(i));
  }

  /** The same sales under the default rule alone: the cost outside the rules. */
  @Benchmark
  @OperationsPerInvocation(LINES)
  public SaleCommission baselineOneRule() {
    int i = next++ & (sales.length - 1);
    return baseline.evaluateSale(sales[i], baskets.get(i));
  }
}
