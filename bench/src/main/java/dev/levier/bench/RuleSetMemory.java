package dev.levier.bench;

import dev.levier.commission.CommissionEngine;
import dev.levier.commission.Condition;
import dev.levier.commission.RuleSet;
import dev.levier.conversion.CategoryPath;
import dev.levier.money.CurrencyUnit;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The heap a compiled rule set of 100 rules keeps (issue 5: under 1 MB).
 *
 * <p>Builds the rule set of {@link BenchRuleSets} (the mix of {@link CommissionBenchmark}, with two
 * conditions as CEL expressions), each copy from scratch so that copies share nothing but constants
 * and classes, as rule sets read from the database share nothing; compiles {@code copies} of them
 * with {@link CommissionEngine#compile} and keeps them all. The heap used after full collections,
 * before and after, divided by the number of copies, is the retained size of one compiled set (the
 * engine and the rule set it holds, since {@link CommissionEngine#rules()} keeps it). The same is
 * done for the rule sets alone, not compiled, to show what compiling adds. A warm-up compiles some
 * copies first, so that classes, CEL's shared environment and other one-time state are not counted.
 *
 * <p>The last round is checked with a class histogram of this JVM (what {@code jcmd
 * GC.class_histogram} prints) before and after (each a full collection): the difference in bytes,
 * by class, divided by the copies, shows what a compiled set is made of, and its total must agree
 * with the heap figure.
 *
 * <p>Run by hand: {@code java -cp bench/target/levier-bench.jar dev.levier.bench.RuleSetMemory
 * [--rules 100] [--copies 200] [--rounds 5]}.
 */
public final class RuleSetMemory {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
  static final List<String> TOP =
      List.of("Electronics", "Home", "Fashion", "Beauty", "Sports", "Toys", "Garden", "Books");
  static final List<String> BRANDS =
      List.of(
          "Lumière", "Nordlys", "Sol", "Arc", "Vega", "Orion", "Lyra", "Cygnus", "Draco", "Hydra");
  static final BenchRuleSets.Catalogue CATALOGUE =
      new BenchRuleSets.Catalogue(
          i -> CategoryPath.of(TOP.get(i % TOP.size()), "Range " + (i % 6)),
          i -> CategoryPath.of(TOP.get(i % TOP.size())),
          BRANDS);
  private static final double TARGET_BYTES = 1_000_000;

  private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

  /** What a round holds, reachable from here so that nothing it measures can be collected. */
  static volatile Object[] kept = new Object[0];

  /** Keeps the warm-up's results from being optimised away. */
  static long sink;

  private RuleSetMemory() {}

  public static void main(String[] args) throws Exception {
    int rules = 100;
    int copies = 200;
    int rounds = 5;
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--rules" -> rules = Args.number(args, ++i, 1);
          case "--copies" -> copies = Args.number(args, ++i, 1);
          case "--rounds" -> rounds = Args.number(args, ++i, 1);
          default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
        }
      }
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println("usage: RuleSetMemory [--rules 100] [--copies 200] [--rounds 5]");
      System.exit(2);
      return;
    }
    Machine.print();
    Machine.warnAboutOtherWork();
    System.out.printf(
        Locale.ROOT,
        "JVM: max heap %d MiB, %s; %d rules a set, %d copies held per round, %d rounds%n",
        Runtime.getRuntime().maxMemory() >> 20,
        ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName()).toList(),
        rules,
        copies,
        rounds);
    int count = rules;
    Supplier<RuleSet> fresh =
        () ->
            BenchRuleSets.build(
                "prg_bench",
                count,
                CurrencyUnit.EUR,
                ZoneId.of("Europe/Paris"),
                CATALOGUE,
                7,
                true);
    RuleSet sample = fresh.get();
    System.out.printf(
        Locale.ROOT,
        "Rule set: %d rules, %d caps, %d of them CEL expressions%n",
        sample.rules().size(),
        sample.caps().size(),
        sample.rules().stream().filter(r -> r.when() instanceof Condition.Expression).count());

    // Warm-up: classes, CEL's environment, the JIT; nothing kept.
    for (int i = 0; i < 50; i++) {
      sink += CommissionEngine.compile(fresh.get()).rules().rules().size();
    }

    List<Double> uncompiled = new ArrayList<>();
    List<Double> compiled = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      double alone = retainedPerCopy(copies, fresh::get);
      double engine = retainedPerCopy(copies, () -> CommissionEngine.compile(fresh.get()));
      uncompiled.add(alone);
      compiled.add(engine);
      System.out.printf(
          Locale.ROOT,
          "Round %d: rule set alone %,.0f bytes; compiled (engine + rule set) %,.0f bytes%n",
          round,
          alone,
          engine);
    }
    System.out.println();
    System.out.println("Class histogram (jcmd GC.class_histogram) of one more round, per copy:");
    double histogramTotal = histogramRound(copies, () -> CommissionEngine.compile(fresh.get()));

    double median = median(compiled);
    System.out.println();
    System.out.println("| measure | min | median | max |");
    System.out.println("|---|---:|---:|---:|");
    row("rule set alone (not compiled), bytes", uncompiled);
    row("compiled rule set (engine + rule set), bytes", compiled);
    System.out.printf(
        Locale.ROOT,
        "%nRetained per compiled set of %d rules: %,.0f bytes (median of %d rounds; histogram"
            + " %,.0f); target under 1 MB (%,.0f bytes): %s%n",
        rules,
        median,
        rounds,
        histogramTotal,
        TARGET_BYTES,
        median < TARGET_BYTES ? "met" : "NOT met");
    System.out.println("Finished: " + Instant.now());
    System.exit(0);
  }

  /** Heap after full collections with {@code copies} objects held, less before, per object. */
  private static double retainedPerCopy(int copies, Supplier<Object> make) {
    Object[] held = new Object[copies];
    kept = held;
    long before = usedAfterGc();
    for (int i = 0; i < copies; i++) {
      held[i] = make.get();
    }
    long after = usedAfterGc();
    kept = new Object[0];
    return (after - before) / (double) copies;
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return MEMORY.getHeapMemoryUsage().getUsed();
  }

  /** One round measured with class histograms; prints the largest classes; answers the total. */
  private static double histogramRound(int copies, Supplier<Object> make) throws JMException {
    Map<String, long[]> before = histogram();
    Object[] held = new Object[copies];
    kept = held;
    for (int i = 0; i < copies; i++) {
      held[i] = make.get();
    }
    Map<String, long[]> after = histogram();
    kept = new Object[0];
    List<Map.Entry<String, long[]>> deltas = new ArrayList<>();
    long total = 0;
    for (Map.Entry<String, long[]> entry : after.entrySet()) {
      long[] was = before.getOrDefault(entry.getKey(), new long[2]);
      long[] delta = {entry.getValue()[0] - was[0], entry.getValue()[1] - was[1]};
      total += delta[1];
      deltas.add(Map.entry(entry.getKey(), delta));
    }
    for (Map.Entry<String, long[]> entry : before.entrySet()) {
      if (!after.containsKey(entry.getKey())) {
        total -= entry.getValue()[1];
      }
    }
    deltas.sort((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]));
    System.out.println("| class | instances per set | bytes per set | share |");
    System.out.println("|---|---:|---:|---:|");
    for (Map.Entry<String, long[]> entry : deltas.subList(0, Math.min(15, deltas.size()))) {
      System.out.printf(
          Locale.ROOT,
          "| `%s` | %,.1f | %,.0f | %.1f%% |%n",
          entry.getKey(),
          entry.getValue()[0] / (double) copies,
          entry.getValue()[1] / (double) copies,
          100.0 * entry.getValue()[1] / Math.max(1, total));
    }
    System.out.printf(Locale.ROOT, "| all classes | | %,.0f | 100%% |%n", total / (double) copies);
    return total / (double) copies;
  }

  /**
   * Instances and bytes per class of this JVM's live heap, as {@code jcmd GC.class_histogram}
   * prints them (a full collection first), through the platform's DiagnosticCommand MBean.
   */
  private static Map<String, long[]> histogram() throws JMException {
    String output =
        (String)
            ManagementFactory.getPlatformMBeanServer()
                .invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "gcClassHistogram",
                    new Object[] {new String[0]},
                    new String[] {String[].class.getName()});
    Map<String, long[]> classes = new HashMap<>();
    for (String line : output.lines().toList()) {
      // "   1:         12345        6789012  java.lang.String (java.base@25)"
      Matcher row = ROW.matcher(line);
      if (row.find()) {
        classes.merge(
            row.group(3),
            new long[] {Long.parseLong(row.group(1)), Long.parseLong(row.group(2))},
            (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
      }
    }
    return classes;
  }

  private static void row(String label, List<Double> values) {
    System.out.printf(
        Locale.ROOT,
        "| %s | %,.0f | %,.0f | %,.0f |%n",
        label,
        values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
        median(values),
        values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
