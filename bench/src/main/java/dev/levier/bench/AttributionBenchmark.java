package dev.levier.bench;

import dev.levier.attribution.AttributionModel;
import dev.levier.attribution.ChannelCredit;
import dev.levier.attribution.Credits;
import dev.levier.attribution.ModelSpec;
import dev.levier.attribution.ModelSpecException;
import dev.levier.attribution.Paths;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Attribution models over a million journeys (issue targets: each heuristic within 2 s, Markov
 * order 1 and exact Shapley within 10 s, all in a 1 GB heap).
 *
 * <p>Generates {@code --journeys} journeys over 12 channels from a fixed seed, once, into flat
 * arrays kept outside the measurement: lengths 1 to 8, mostly short (40% one touch, 2% eight);
 * channels drawn with Zipf-like weights (search and direct dominate, print is rare); a conversion
 * chance that grows with the length (3% for one touch, 10% for eight); values around 60 with a long
 * tail. Each journey is one path of the summary, as if none had been merged with an identical one:
 * the worst case for the models, which walk every path.
 *
 * <p>One run of a model is end to end: a {@link Paths} is built from the journeys (channel names
 * looked up, every path copied, as a reader would), then the model attributes it. Build and
 * attribution are timed apart, so that the figures show which dominates. Peak heap is the sum of
 * the heap pools' peaks since just before the run (an upper bound: the pools do not peak at the
 * same instant); live heap is what remains after a full collection with the run's Paths and credits
 * still held. Every run checks that the credited conversions add up to the conversions of the
 * journeys; a wrong sum exits with 1.
 *
 * <p>Run by hand: {@code java -Xmx1g -cp bench/target/levier-bench.jar
 * dev.levier.bench.AttributionBenchmark [--models all|last,linear,...] [--journeys 1000000]
 * [--warmup 2] [--runs 5] [--seed 42]}.
 */
public final class AttributionBenchmark {

  static final List<String> CHANNELS =
      List.of(
          "search",
          "direct",
          "email",
          "social",
          "display",
          "affiliate",
          "video",
          "referral",
          "push",
          "sms",
          "podcast",
          "print");

  /** Relative frequency of journey lengths 1 to 8. */
  private static final double[] LENGTHS = {40, 22, 14, 9, 6, 4, 3, 2};

  /** Keeps results from being optimised away. */
  static double sink;

  /** Journeys as flat arrays: touches of journey i are {@code touches[starts[i]..starts[i+1])}. */
  static final class Journeys {
    final int[] touches;
    final int[] starts;
    final long[] conversions;
    final double[] values;
    final long[] nulls;

    Journeys(int[] touches, int[] starts, long[] conversions, double[] values, long[] nulls) {
      this.touches = touches;
      this.starts = starts;
      this.conversions = conversions;
      this.values = values;
      this.nulls = nulls;
    }

    int size() {
      return conversions.length;
    }

    long totalConversions() {
      return Arrays.stream(conversions).sum();
    }
  }

  private AttributionBenchmark() {}

  public static void main(String[] args) {
    String models = "all";
    int journeys = 1_000_000;
    int warmup = 2;
    int runs = 5;
    int seed = 42;
    double conversionShare = -1;
    List<ModelSpec> specs;
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--models" -> models = Args.value(args, ++i);
          case "--journeys" -> journeys = Args.number(args, ++i, 1);
          case "--warmup" -> warmup = Args.number(args, ++i, 0);
          case "--runs" -> runs = Args.number(args, ++i, 1);
          case "--seed" -> seed = Args.number(args, ++i, 0);
          case "--converting-percent" -> {
            int percent = Args.number(args, ++i, 0);
            if (percent > 100) {
              throw new IllegalArgumentException("--converting-percent must be from 0 to 100");
            }
            conversionShare = percent / 100.0;
          }
          default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
        }
      }
      specs = specs(models);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(
          "usage: AttributionBenchmark [--models all|last,linear,...] [--journeys 1000000]"
              + " [--warmup 2] [--runs 5] [--seed 42] [--converting-percent P]");
      System.exit(2);
      return;
    }
    Machine.print();
    Machine.warnAboutOtherWork();
    System.out.printf(
        Locale.ROOT,
        "JVM: max heap %d MiB, %s%n",
        Runtime.getRuntime().maxMemory() >> 20,
        ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName()).toList());

    Journeys data = generate(journeys, seed, conversionShare);
    long touches = data.touches.length;
    System.out.printf(
        Locale.ROOT,
        "Journeys: %,d over %d channels, %,d touches (%.2f a journey), %,d conversions, %,d"
            + " nulls, seed %d; %d warm-up and %d measured runs a model%n%n",
        data.size(),
        CHANNELS.size(),
        touches,
        touches / (double) data.size(),
        data.totalConversions(),
        Arrays.stream(data.nulls).sum(),
        seed,
        warmup,
        runs);

    System.out.println(
        "| model | build Paths, ms (median) | attribute, ms (median) | total, ms (min / median /"
            + " max) | peak heap, MiB (max) | live heap, MiB |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    boolean wrong = false;
    for (ModelSpec spec : specs) {
      AttributionModel model = spec.toModel();
      List<Run> measured = new ArrayList<>();
      try {
        for (int r = 0; r < warmup + runs; r++) {
          Run run = once(model, data);
          if (Math.abs(run.credited - data.totalConversions()) > 1e-6 * data.totalConversions()) {
            System.out.printf(
                Locale.ROOT,
                "WRONG: %s credited %.6f conversions of %d%n",
                spec.name(),
                run.credited,
                data.totalConversions());
            wrong = true;
          }
          if (r >= warmup) {
            measured.add(run);
          }
        }
      } catch (UnsupportedOperationException e) {
        System.out.printf(
            Locale.ROOT,
            "| %s | not available in this build: %s | | | | |%n",
            spec.name(),
            e.getMessage());
        continue;
      }
      double[] totals = measured.stream().mapToDouble(Run::totalMs).sorted().toArray();
      System.out.printf(
          Locale.ROOT,
          "| %s | %,.0f | %,.0f | %,.0f / %,.0f / %,.0f | %,.0f | %,.0f |%n",
          model.describe(),
          median(measured.stream().mapToDouble(Run::buildMs).toArray()),
          median(measured.stream().mapToDouble(Run::attributeMs).toArray()),
          totals[0],
          median(totals),
          totals[totals.length - 1],
          measured.stream().mapToDouble(Run::peakMib).max().orElse(Double.NaN),
          median(measured.stream().mapToDouble(Run::liveMib).toArray()));
    }
    System.out.println();
    System.out.println("Finished: " + Instant.now());
    System.exit(wrong ? 1 : 0);
  }

  private static List<ModelSpec> specs(String models) {
    try {
      if (models.equals("all")) {
        return ModelSpec.parseAll(Map.of());
      }
      List<ModelSpec> specs = new ArrayList<>();
      for (String name : models.split(",", -1)) {
        specs.add(ModelSpec.parse(name, Map.of()));
      }
      return specs;
    } catch (ModelSpecException e) {
      throw new IllegalArgumentException("--models: " + e.reason(), e);
    }
  }

  record Run(double buildMs, double attributeMs, double peakMib, double liveMib, double credited) {
    double totalMs() {
      return buildMs + attributeMs;
    }
  }

  private static Run once(AttributionModel model, Journeys data) {
    System.gc();
    List<MemoryPoolMXBean> heap =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .toList();
    heap.forEach(MemoryPoolMXBean::resetPeakUsage);
    long start = System.nanoTime();
    Paths paths = build(data);
    long built = System.nanoTime();
    Credits credits = model.attribute(paths);
    long done = System.nanoTime();
    long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    System.gc();
    long live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    double credited = 0;
    for (ChannelCredit credit : credits.byChannel()) {
      credited += credit.conversions();
    }
    sink += credited + paths.size();
    return new Run(
        (built - start) / 1e6, (done - built) / 1e6, peak / 1048576.0, live / 1048576.0, credited);
  }

  /** A Paths of the journeys, as a reader of a path summary builds it. */
  static Paths build(Journeys data) {
    Paths.Builder builder = Paths.builder();
    int[] index = new int[CHANNELS.size()];
    for (int c = 0; c < index.length; c++) {
      index[c] = builder.channel(CHANNELS.get(c));
    }
    int[] scratch = new int[8];
    for (int i = 0; i < data.size(); i++) {
      int from = data.starts[i];
      int length = data.starts[i + 1] - from;
      int[] path = length == scratch.length ? scratch : new int[length];
      for (int t = 0; t < length; t++) {
        path[t] = index[data.touches[from + t]];
      }
      // The builder copies the path, so the scratch array can be reused.
      builder.add(path, null, data.conversions[i], data.values[i], data.nulls[i]);
    }
    return builder.build();
  }

  /**
   * The journeys of the class description, the same for the same seed; with {@code conversionShare}
   * from 0 to 1, that share of journeys converts whatever their length (the heavy case for the
   * models, which share only converting paths), otherwise the chance grows with length.
   */
  static Journeys generate(int count, long seed, double conversionShare) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] channelWeights = new double[CHANNELS.size()];
    for (int c = 0; c < channelWeights.length; c++) {
      channelWeights[c] = 1.0 / (c + 1); // Zipf: search twice direct, twelve times print
    }
    int[] starts = new int[count + 1];
    int[] touches = new int[count * 3];
    long[] conversions = new long[count];
    double[] values = new double[count];
    long[] nulls = new long[count];
    int at = 0;
    for (int i = 0; i < count; i++) {
      int length = 1 + pick(random, LENGTHS);
      if (at + length > touches.length) {
        touches = Arrays.copyOf(touches, touches.length * 2);
      }
      for (int t = 0; t < length; t++) {
        touches[at++] = pick(random, channelWeights);
      }
      starts[i + 1] = at;
      double chance = conversionShare >= 0 ? conversionShare : 0.02 + 0.01 * length;
      boolean converted = random.nextDouble() < chance;
      if (converted) {
        conversions[i] = 1;
        // Around 60 with a long tail, in cents.
        values[i] = Math.round(Math.exp(4.1 + 0.6 * gaussian(random)) * 100) / 100.0;
      } else {
        nulls[i] = 1;
      }
    }
    return new Journeys(Arrays.copyOf(touches, at), starts, conversions, values, nulls);
  }

  private static int pick(SplittableRandom random, double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double x = random.nextDouble() * total;
    for (int i = 0; i < weights.length - 1; i++) {
      x -= weights[i];
      if (x < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  private static double gaussian(SplittableRandom random) {
    // Box-Muller; SplittableRandom has no nextGaussian of its own before JDK 17's interface.
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
