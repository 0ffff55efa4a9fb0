package dev.levier.bench;

import dev.levier.analytics.AffinityPair;
import dev.levier.analytics.RecommendEvaluation;
import dev.levier.analytics.RecommendWeights;
import dev.levier.analytics.Recommender;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The offline check of the recommender (issue 7): hit rate at 10 on held-out partnerships of a
 * synthetic network, against two baselines in the same run.
 *
 * <p>The network comes from a fixed seed. 30 top-level categories of 5 subcategories each; 200
 * programmes, each with a main category (a third with a second one), a catalogue over their
 * subcategories, a brand strength drawn from a Zipf-like law, a base conversion rate around 2%, a
 * market (one of 4) and a liking for voucher and cashback sites or not. 2,000 publishers of 7 types
 * (content, voucher, cashback, comparison, influencer, email, app): content, comparison and
 * influencer sites specialise in 1 or 2 categories, the others in 2 to 5; each has a market, a
 * traffic size and favourite subcategories. A publisher joins 4 to 24 programmes, drawn with weight
 * brand strength × 10 for a main-category match (3 for a secondary one, 0.3 otherwise) × 4 within
 * its market × the programme's liking for its type. Each partnership gets valid clicks from the
 * publisher's traffic and sales at the programme's rate, raised by 50% on a category match and by
 * the type's own factor; each sale has one to three lines, half of them from the publisher's
 * favourite subcategories when the catalogue has them. About a tenth of partnerships sell nothing.
 *
 * <p>Then 20% of each publisher's partnerships with sales are hidden ({@link RecommendEvaluation})
 * and the rest recommends 10 programmes per publisher. Run by hand: {@code java -cp
 * bench/target/levier-bench.jar dev.levier.bench.RecommendationBenchmark [--publishers 2000]
 * [--programmes 200] [--seed 42]}.
 */
public final class RecommendationBenchmark {

  static final List<String> CATEGORIES =
      List.of(
          "Electronics",
          "Fashion",
          "Home",
          "Garden",
          "Beauty",
          "Health",
          "Sports",
          "Toys",
          "Books",
          "Music",
          "Games",
          "Travel",
          "Insurance",
          "Finance",
          "Telecom",
          "Food",
          "Wine",
          "Pets",
          "Baby",
          "Auto",
          "Jewellery",
          "Shoes",
          "Outdoor",
          "Office",
          "DIY",
          "Photo",
          "Software",
          "Education",
          "Gifts",
          "Tickets");

  static final int SUBCATEGORIES = 5;
  static final int MARKETS = 4;

  static final List<String> TYPES =
      List.of("content", "voucher", "cashback", "comparison", "influencer", "email", "app");

  /** The share of publishers of each type, in the order of {@link #TYPES}. */
  static final double[] TYPE_SHARES = {0.30, 0.15, 0.10, 0.10, 0.20, 0.08, 0.07};

  /** How much better than average each type converts. */
  static final double[] TYPE_RATES = {0.8, 1.3, 1.5, 1.1, 0.7, 1.0, 0.9};

  private RecommendationBenchmark() {}

  record Programme(
      String id,
      int main,
      int second,
      List<Double> catalogue,
      double strength,
      double rate,
      int market,
      boolean likesRewards) {}

  record Publisher(
      String id, int type, List<Integer> categories, int favourite, int market, double traffic) {}

  public static void main(String[] args) {
    int publisherCount = 2000;
    int programmeCount = 200;
    int seed = 42;
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--publishers" -> publisherCount = Args.number(args, ++i, 10);
          case "--programmes" -> programmeCount = Args.number(args, ++i, 20);
          case "--seed" -> seed = Args.number(args, ++i, 0);
          default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
        }
      }
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    long started = System.nanoTime();
    SplittableRandom random = new SplittableRandom(seed);
    List<Programme> programmes = programmes(random, programmeCount);
    List<Publisher> publishers = publishers(random, publisherCount);
    Map<String, String> types = new LinkedHashMap<>();
    for (Publisher publisher : publishers) {
      types.put(publisher.id(), TYPES.get(publisher.type()));
    }
    List<String> programmeIds = programmes.stream().map(Programme::id).toList();
    List<AffinityPair> pairs = new ArrayList<>();
    long sales = 0;
    long lines = 0;
    long clicks = 0;
    int withoutSales = 0;
    for (Publisher publisher : publishers) {
      for (AffinityPair pair : partnerships(random, publisher, programmes)) {
        pairs.add(pair);
        sales += pair.sales();
        clicks += pair.validClicks();
        lines += pair.linesByCategory().values().stream().mapToLong(Long::longValue).sum();
        if (pair.sales() == 0) {
          withoutSales++;
        }
      }
    }
    long generated = System.nanoTime();
    System.out.printf(
        Locale.ROOT,
        "network: %d publishers of %d types, %d programmes in %d categories, %d partnerships"
            + " (%d without sales), %,d valid clicks, %,d sales, %,d lines (seed %d, %.1f s)%n",
        publishers.size(),
        TYPES.size(),
        programmes.size(),
        CATEGORIES.size(),
        pairs.size(),
        withoutSales,
        clicks,
        sales,
        lines,
        seed,
        (generated - started) / 1e9);
    RecommendEvaluation evaluation =
        RecommendEvaluation.holdOut(types, programmeIds, pairs, 0.2, seed);
    long split = System.nanoTime();
    System.out.printf(
        Locale.ROOT,
        "held out: %d partnerships with sales of %d publishers (20%% each); matrix built in %.2f s%n",
        evaluation.heldOut(),
        evaluation.publishers(),
        (split - generated) / 1e9);
    Map<String, RecommendWeights> runs = new LinkedHashMap<>();
    runs.put("recommender, default weights", RecommendWeights.DEFAULT);
    runs.put("category similarity only", new RecommendWeights(1, 0, 0));
    runs.put("performance only", new RecommendWeights(0, 1, 0));
    runs.put("similar publishers only", new RecommendWeights(0, 0, 1));
    runs.put("equal weights", new RecommendWeights(1, 1, 1));
    for (Map.Entry<String, RecommendWeights> run : runs.entrySet()) {
      long start = System.nanoTime();
      double hitRate = evaluation.hitRate(run.getValue(), 10);
      double seconds = (System.nanoTime() - start) / 1e9;
      RecommendWeights w = run.getValue();
      System.out.printf(
          Locale.ROOT,
          "hit@10 %-30s (%.2f, %.2f, %.2f): %.4f  (%.2f s, %.2f ms per publisher)%n",
          run.getKey(),
          w.category(),
          w.performance(),
          w.similar(),
          hitRate,
          seconds,
          seconds * 1000 / evaluation.publishers());
    }
    System.out.printf(
        Locale.ROOT,
        "hit@10 %-30s                   : %.4f%n",
        "baseline: best performance",
        evaluation.performanceBaseline(10));
    System.out.printf(
        Locale.ROOT,
        "hit@10 %-30s                   : %.4f%n",
        "baseline: most partners",
        evaluation.popularityBaseline(10));
    Recommender recommender = new Recommender(evaluation.training(), RecommendWeights.DEFAULT);
    long start = System.nanoTime();
    for (String programme : programmeIds) {
      recommender.publishersFor(programme, 10);
    }
    System.out.printf(
        Locale.ROOT,
        "publishers for each of %d programmes: %.2f ms per programme%n",
        programmeIds.size(),
        (System.nanoTime() - start) / 1e6 / programmeIds.size());
  }

  static List<Programme> programmes(SplittableRandom random, int count) {
    List<Programme> programmes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int main = i % CATEGORIES.size();
      int second = random.nextDouble() < 1 / 3.0 ? random.nextInt(CATEGORIES.size()) : -1;
      if (second == main) {
        second = -1;
      }
      double[] catalogue = new double[CATEGORIES.size() * SUBCATEGORIES];
      for (int s = 0; s < SUBCATEGORIES; s++) {
        if (random.nextDouble() < 0.7 || s == 0) {
          catalogue[main * SUBCATEGORIES + s] = 0.2 + random.nextDouble();
        }
        if (second >= 0 && random.nextDouble() < 0.4) {
          catalogue[second * SUBCATEGORIES + s] = 0.1 + 0.4 * random.nextDouble();
        }
      }
      programmes.add(
          new Programme(
              String.format(Locale.ROOT, "prg%03d", i),
              main,
              second,
              java.util.Arrays.stream(catalogue).boxed().toList(),
              1 / Math.pow(1 + random.nextInt(count), 0.8),
              0.02 * Math.exp(0.5 * random.nextGaussian()),
              random.nextInt(MARKETS),
              random.nextBoolean()));
    }
    return programmes;
  }

  static List<Publisher> publishers(SplittableRandom random, int count) {
    List<Publisher> publishers = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int type = pick(random, TYPE_SHARES);
      boolean specialist = type == 0 || type == 3 || type == 4;
      int wanted = specialist ? 1 + random.nextInt(2) : 2 + random.nextInt(4);
      int[] categories = new int[wanted];
      int first = random.nextInt(CATEGORIES.size());
      for (int c = 0; c < wanted; c++) {
        // interests cluster: the next category is often a neighbour of the first
        categories[c] =
            c == 0 || random.nextDouble() < 0.5
                ? (first + c) % CATEGORIES.size()
                : random.nextInt(CATEGORIES.size());
      }
      publishers.add(
          new Publisher(
              String.format(Locale.ROOT, "pub%04d", i),
              type,
              java.util.Arrays.stream(categories).boxed().toList(),
              random.nextInt(SUBCATEGORIES),
              random.nextInt(MARKETS),
              Math.exp(5.5 + random.nextGaussian())));
    }
    return publishers;
  }

  static List<AffinityPair> partnerships(
      SplittableRandom random, Publisher publisher, List<Programme> programmes) {
    boolean rewards = publisher.type() == 1 || publisher.type() == 2;
    double[] weights = new double[programmes.size()];
    for (int p = 0; p < programmes.size(); p++) {
      Programme programme = programmes.get(p);
      weights[p] =
          programme.strength()
              * match(publisher, programme)
              * (programme.market() == publisher.market() ? 4 : 1)
              * (rewards ? (programme.likesRewards() ? 2 : 0.4) : 1);
    }
    int count = 4 + random.nextInt(21);
    List<AffinityPair> pairs = new ArrayList<>(count);
    for (int n = 0; n < count; n++) {
      int p = pick(random, weights);
      weights[p] = 0;
      Programme programme = programmes.get(p);
      boolean matches = match(publisher, programme) > 1;
      long clicks = Math.round(publisher.traffic() * Math.exp(0.7 * random.nextGaussian()));
      double rate = programme.rate() * (matches ? 1.5 : 0.7) * TYPE_RATES[publisher.type()];
      long sales = poisson(random, clicks * Math.min(rate, 0.5));
      Map<String, Long> lines = new HashMap<>();
      for (long s = 0; s < sales; s++) {
        int lineCount = 1 + (random.nextDouble() < 0.25 ? 1 + random.nextInt(2) : 0);
        for (int l = 0; l < lineCount; l++) {
          lines.merge(line(random, publisher, programme), 1L, Long::sum);
        }
      }
      pairs.add(new AffinityPair(publisher.id(), programme.id(), clicks, sales, lines));
    }
    return pairs;
  }

  private static double match(Publisher publisher, Programme programme) {
    for (int category : publisher.categories()) {
      if (category == programme.main()) {
        return 10;
      }
    }
    for (int category : publisher.categories()) {
      if (category == programme.second()) {
        return 3;
      }
    }
    return 0.3;
  }

  /** A line's category path: half the time the publisher's favourite, if the catalogue has it. */
  private static String line(SplittableRandom random, Publisher publisher, Programme programme) {
    double[] catalogue = programme.catalogue().stream().mapToDouble(Double::doubleValue).toArray();
    int chosen = -1;
    if (random.nextBoolean()) {
      for (int category : publisher.categories()) {
        int sub = category * SUBCATEGORIES + publisher.favourite();
        if (catalogue[sub] > 0) {
          chosen = sub;
          break;
        }
      }
    }
    if (chosen < 0) {
      chosen = pick(random, catalogue);
    }
    return CATEGORIES.get(chosen / SUBCATEGORIES)
        + " > Sub"
        + (chosen % SUBCATEGORIES + 1)
        + " > Item"
        + random.nextInt(3);
  }

  private static int pick(SplittableRandom random, double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double target = random.nextDouble() * total;
    int last = 0;
    for (int i = 0; i < weights.length; i++) {
      if (weights[i] > 0) {
        last = i;
        target -= weights[i];
        if (target < 0) {
          return i;
        }
      }
    }
    return last;
  }

  private static long poisson(SplittableRandom random, double mean) {
    if (mean > 50) {
      return Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
    }
    double limit = Math.exp(-mean);
    double product = random.nextDouble();
    long k = 0;
    while (product > limit) {
      product *= random.nextDouble();
      k++;
    }
    return k;
  }
}
