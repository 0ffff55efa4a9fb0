package dev.levier.analytics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * The offline check of {@link Recommender}: hide a share of each publisher's partnerships with
 * sales, recommend from the rest, and count how many hidden partnerships come back in the top k.
 *
 * <p>For each publisher with at least two partnerships with sales, {@code round(share × n)} of its
 * n such partnerships are hidden, at least one; which ones is decided by a hash of the seed, the
 * publisher and the programme, so the split is the same on every run and every machine. A hidden
 * pair leaves the matrix entirely: its sales count neither in the profiles nor in the performance,
 * and the pair is not known as a partnership. Partnerships without sales stay known.
 *
 * <p>Hit rate at k is the share of hidden partnerships found in their publisher's top k. The same
 * split also scores two baselines that ignore who the publisher is: the programmes with the best
 * performance percentile, and the programmes with the most partners.
 */
public final class RecommendEvaluation {

  private final AffinityMatrix training;
  private final Map<String, Set<String>> hidden;
  private final int heldOut;

  private RecommendEvaluation(AffinityMatrix training, Map<String, Set<String>> hidden) {
    this.training = training;
    this.hidden = hidden;
    int count = 0;
    for (Set<String> programmes : hidden.values()) {
      count += programmes.size();
    }
    this.heldOut = count;
  }

  /**
   * Splits a network.
   *
   * @param share the share of each publisher's partnerships with sales to hide, in (0, 1)
   * @param seed chooses which partnerships are hidden
   */
  public static RecommendEvaluation holdOut(
      Map<String, String> publisherTypes,
      Collection<String> programmeIds,
      Collection<AffinityPair> pairs,
      double share,
      long seed) {
    if (!(share > 0 && share < 1)) {
      throw new IllegalArgumentException("share: must be between 0 and 1");
    }
    Map<String, List<AffinityPair>> selling = new TreeMap<>();
    for (AffinityPair pair : pairs) {
      if (pair.sales() > 0) {
        selling.computeIfAbsent(pair.publisherId(), k -> new ArrayList<>()).add(pair);
      }
    }
    Set<AffinityPair> hide = new HashSet<>();
    Map<String, Set<String>> hidden = new TreeMap<>();
    for (Map.Entry<String, List<AffinityPair>> each : selling.entrySet()) {
      List<AffinityPair> list = each.getValue();
      if (list.size() < 2) {
        continue;
      }
      list.sort(
          Comparator.comparingLong((AffinityPair pair) -> hash(seed, pair))
              .thenComparing(AffinityPair::programmeId));
      int count = (int) Math.max(1, Math.round(share * list.size()));
      Set<String> programmes = new HashSet<>();
      for (AffinityPair pair : list.subList(0, count)) {
        hide.add(pair);
        programmes.add(pair.programmeId());
      }
      hidden.put(each.getKey(), Set.copyOf(programmes));
    }
    List<AffinityPair> kept = new ArrayList<>(pairs.size());
    for (AffinityPair pair : pairs) {
      if (!hide.contains(pair)) {
        kept.add(pair);
      }
    }
    return new RecommendEvaluation(
        AffinityMatrix.of(publisherTypes, programmeIds, kept), Map.copyOf(hidden));
  }

  /** The matrix without the hidden partnerships. */
  public AffinityMatrix training() {
    return training;
  }

  /** The publishers with hidden partnerships. */
  public int publishers() {
    return hidden.size();
  }

  /** The hidden partnerships. */
  public int heldOut() {
    return heldOut;
  }

  /** The recommender's hit rate at k with these weights. */
  public double hitRate(RecommendWeights weights, int k) {
    Recommender recommender = new Recommender(training, weights);
    return hitRate(k, (publisher, limit) -> ids(recommender.programmesFor(publisher, limit)));
  }

  /** The hit rate at k of the programmes with the best performance percentile. */
  public double performanceBaseline(int k) {
    return hitRate(k, ranked(p -> training.programmePerformance[p]));
  }

  /** The hit rate at k of the programmes with the most partners. */
  public double popularityBaseline(int k) {
    return hitRate(k, ranked(p -> (double) training.publishersOf[p].length));
  }

  private double hitRate(int k, BiFunction<String, Integer, List<String>> recommend) {
    if (heldOut == 0) {
      return 0;
    }
    long hits = 0;
    for (Map.Entry<String, Set<String>> each : hidden.entrySet()) {
      for (String programme : recommend.apply(each.getKey(), k)) {
        if (each.getValue().contains(programme)) {
          hits++;
        }
      }
    }
    return (double) hits / heldOut;
  }

  /** The top k by a programme's value, known partnerships left out, ties to the smaller id. */
  private BiFunction<String, Integer, List<String>> ranked(
      java.util.function.IntToDoubleFunction value) {
    List<Integer> order = new ArrayList<>();
    for (int p = 0; p < training.programmes.length; p++) {
      order.add(p);
    }
    order.sort(
        Comparator.comparingDouble((Integer p) -> value.applyAsDouble(p))
            .reversed()
            .thenComparing(p -> training.programmes[p]));
    return (publisher, k) -> {
      List<String> top = new ArrayList<>(k);
      for (int p : order) {
        if (top.size() == k) {
          break;
        }
        if (!training.partners(publisher, training.programmes[p])) {
          top.add(training.programmes[p]);
        }
      }
      return top;
    };
  }

  private static List<String> ids(List<Recommendation> recommendations) {
    List<String> ids = new ArrayList<>(recommendations.size());
    for (Recommendation recommendation : recommendations) {
      ids.add(recommendation.id());
    }
    return ids;
  }

  /** A 64-bit mix (SplitMix64's finaliser) of the seed and the pair's ids. */
  static long hash(long seed, AffinityPair pair) {
    long h = seed;
    h = mix(h ^ pair.publisherId().hashCode());
    h = mix(h ^ pair.programmeId().hashCode());
    return h;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  @Override
  public String toString() {
    return "RecommendEvaluation[publishers=" + publishers() + ", heldOut=" + heldOut + "]";
  }
}
