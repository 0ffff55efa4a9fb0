package dev.levier.analytics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The network as a recommender sees it: which publishers work with which programmes, what each sold
 * by category, and how each performs.
 *
 * <p>Built once from {@link AffinityPair}s, then read only. Each publisher and each programme gets
 * a <em>profile</em>, a unit vector over the top-level and second-level categories of the lines it
 * sold ({@code "Electronics"} and {@code "Electronics > Phones"} for a line of {@code "Electronics
 * > Phones > Cases"}), each level counted once per line, joined by a publisher-type part weighted
 * {@value #TYPE_WEIGHT} against the categories: the publisher's own type, or the programme's share
 * of sales by the type of the publisher that brought them. The cosine of two profiles is then the
 * category similarity, and it also says "this programme sells through voucher sites".
 *
 * <p>Performance is the conversion rate per valid click, shrunk towards the network's rate by
 * {@value #PRIOR_CLICKS} clicks of prior so that a programme with three clicks and one sale does
 * not top the list, then turned into a percentile among programmes (among publishers, for a
 * publisher's): 0 for the worst, 1 for the best, ties sharing the middle. A rate per click compares
 * programmes of different currencies and commission plans; earnings per click would not.
 */
public final class AffinityMatrix {

  /** The weight of the publisher-type part of a profile against its unit category part. */
  public static final double TYPE_WEIGHT = 0.5;

  /** Clicks of prior at the network's conversion rate added to every rate. */
  public static final double PRIOR_CLICKS = 100;

  final String[] publishers;
  final String[] programmes;
  final Map<String, Integer> publisherIndex;
  final Map<String, Integer> programmeIndex;
  final String[] publisherTypes;

  /** The programmes each publisher works with, ascending. */
  final int[][] programmesOf;

  /** The publishers each programme works with, ascending. */
  final int[][] publishersOf;

  final List<Map<String, Double>> publisherProfiles;
  final List<Map<String, Double>> programmeProfiles;
  final double[] publisherPerformance;
  final double[] programmePerformance;

  private AffinityMatrix(
      Map<String, String> types, Collection<String> programmeIds, Collection<AffinityPair> pairs) {
    TreeMap<String, String> allPublishers = new TreeMap<>(types);
    TreeSet<String> allProgrammes = new TreeSet<>(programmeIds);
    for (AffinityPair pair : pairs) {
      if (!allPublishers.containsKey(pair.publisherId())) {
        throw new IllegalArgumentException(
            "pairs: publisher '" + pair.publisherId() + "' has no type");
      }
      allProgrammes.add(pair.programmeId());
    }
    publishers = allPublishers.keySet().toArray(String[]::new);
    publisherTypes = allPublishers.values().toArray(String[]::new);
    programmes = allProgrammes.toArray(String[]::new);
    publisherIndex = index(publishers);
    programmeIndex = index(programmes);

    List<Set<Integer>> byPublisher = sets(publishers.length);
    List<Set<Integer>> byProgramme = sets(programmes.length);
    List<Map<String, Double>> publisherCategories = maps(publishers.length);
    List<Map<String, Double>> programmeCategories = maps(programmes.length);
    List<Map<String, Double>> programmeTypes = maps(programmes.length);
    long[] publisherSales = new long[publishers.length];
    long[] publisherClicks = new long[publishers.length];
    long[] programmeSales = new long[programmes.length];
    long[] programmeClicks = new long[programmes.length];
    for (AffinityPair pair : pairs) {
      int u = Objects.requireNonNull(publisherIndex.get(pair.publisherId()));
      int p = Objects.requireNonNull(programmeIndex.get(pair.programmeId()));
      byPublisher.get(u).add(p);
      byProgramme.get(p).add(u);
      publisherSales[u] += pair.sales();
      publisherClicks[u] += pair.validClicks();
      programmeSales[p] += pair.sales();
      programmeClicks[p] += pair.validClicks();
      programmeTypes.get(p).merge(publisherTypes[u], (double) pair.sales(), Double::sum);
      for (Map.Entry<String, Long> line : pair.linesByCategory().entrySet()) {
        for (String level : levels(line.getKey())) {
          publisherCategories.get(u).merge(level, (double) line.getValue(), Double::sum);
          programmeCategories.get(p).merge(level, (double) line.getValue(), Double::sum);
        }
      }
    }
    programmesOf = arrays(byPublisher);
    publishersOf = arrays(byProgramme);
    List<Map<String, Double>> publisherVectors = new ArrayList<>(publishers.length);
    for (int u = 0; u < publishers.length; u++) {
      publisherVectors.add(profile(publisherCategories.get(u), Map.of(publisherTypes[u], 1.0)));
    }
    publisherProfiles = List.copyOf(publisherVectors);
    List<Map<String, Double>> programmeVectors = new ArrayList<>(programmes.length);
    for (int p = 0; p < programmes.length; p++) {
      programmeVectors.add(profile(programmeCategories.get(p), programmeTypes.get(p)));
    }
    programmeProfiles = List.copyOf(programmeVectors);
    publisherPerformance = percentiles(rates(publisherSales, publisherClicks));
    programmePerformance = percentiles(rates(programmeSales, programmeClicks));
  }

  /**
   * The matrix of a network.
   *
   * @param publisherTypes every publisher, with its type; a publisher without a pair is known but
   *     has no partnership yet
   * @param programmeIds every programme, including those without a pair
   * @param pairs what each publisher did for each programme it works with, one per pair
   */
  public static AffinityMatrix of(
      Map<String, String> publisherTypes,
      Collection<String> programmeIds,
      Collection<AffinityPair> pairs) {
    return new AffinityMatrix(publisherTypes, programmeIds, pairs);
  }

  /** The publishers, ascending. */
  public List<String> publishers() {
    return List.of(publishers);
  }

  /** The programmes, ascending. */
  public List<String> programmes() {
    return List.of(programmes);
  }

  /** Whether the publisher already works with the programme. */
  public boolean partners(String publisherId, String programmeId) {
    Integer u = publisherIndex.get(publisherId);
    Integer p = programmeIndex.get(programmeId);
    return u != null && p != null && Arrays.binarySearch(programmesOf[u], p) >= 0;
  }

  /** The cosine of two profiles, unit vectors with non-negative parts: in [0, 1]. */
  static double cosine(Map<String, Double> a, Map<String, Double> b) {
    if (a.size() > b.size()) {
      return cosine(b, a);
    }
    double dot = 0;
    for (Map.Entry<String, Double> part : a.entrySet()) {
      Double other = b.get(part.getKey());
      if (other != null) {
        dot += part.getValue() * other;
      }
    }
    return Math.min(1, dot);
  }

  /** The top-level and second-level categories of a path such as {@code "A > B > C"}. */
  static List<String> levels(String path) {
    String[] parts = path.split(">", 3);
    List<String> levels = new ArrayList<>(2);
    String top = parts[0].strip();
    if (top.isEmpty()) {
      return levels;
    }
    levels.add("c:" + top);
    if (parts.length > 1 && !parts[1].strip().isEmpty()) {
      levels.add("c:" + top + " > " + parts[1].strip());
    }
    return levels;
  }

  private static Map<String, Double> profile(
      Map<String, Double> categories, Map<String, Double> types) {
    Map<String, Double> profile = new HashMap<>();
    double categoryNorm = norm(categories);
    for (Map.Entry<String, Double> part : categories.entrySet()) {
      profile.put(part.getKey(), part.getValue() / categoryNorm);
    }
    double typeNorm = norm(types);
    for (Map.Entry<String, Double> part : types.entrySet()) {
      if (part.getValue() > 0) {
        profile.put("t:" + part.getKey(), TYPE_WEIGHT * part.getValue() / typeNorm);
      }
    }
    double norm = norm(profile);
    profile.replaceAll((k, v) -> v / norm);
    return Map.copyOf(profile);
  }

  private static double norm(Map<String, Double> vector) {
    double sum = 0;
    for (double v : vector.values()) {
      sum += v * v;
    }
    return Math.sqrt(sum);
  }

  private static double[] rates(long[] sales, long[] clicks) {
    long totalSales = 0;
    long totalClicks = 0;
    for (int i = 0; i < sales.length; i++) {
      totalSales += sales[i];
      totalClicks += clicks[i];
    }
    double prior = totalClicks > 0 ? (double) totalSales / totalClicks : 0;
    double[] rates = new double[sales.length];
    for (int i = 0; i < sales.length; i++) {
      rates[i] = (sales[i] + PRIOR_CLICKS * prior) / (clicks[i] + PRIOR_CLICKS);
    }
    return rates;
  }

  /** Each value's share of the others below it, ties counted half: 0 to 1, 0.5 when all tie. */
  static double[] percentiles(double[] values) {
    int n = values.length;
    double[] percentiles = new double[n];
    if (n == 0) {
      return percentiles;
    }
    if (n == 1) {
      percentiles[0] = 0.5;
      return percentiles;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < n; i++) {
      int below = lowerBound(sorted, values[i]);
      int notAbove = upperBound(sorted, values[i]);
      percentiles[i] = (below + (notAbove - below - 1) / 2.0) / (n - 1);
    }
    return percentiles;
  }

  private static int lowerBound(double[] sorted, double value) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static int upperBound(double[] sorted, double value) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static Map<String, Integer> index(String[] ids) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      index.put(ids[i], i);
    }
    return Map.copyOf(index);
  }

  private static List<Set<Integer>> sets(int n) {
    List<Set<Integer>> sets = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      sets.add(new TreeSet<>());
    }
    return sets;
  }

  private static List<Map<String, Double>> maps(int n) {
    List<Map<String, Double>> maps = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      maps.add(new HashMap<>());
    }
    return maps;
  }

  private static int[][] arrays(List<Set<Integer>> sets) {
    int[][] arrays = new int[sets.size()][];
    for (int i = 0; i < arrays.length; i++) {
      arrays[i] = sets.get(i).stream().mapToInt(Integer::intValue).toArray();
    }
    return arrays;
  }
}
