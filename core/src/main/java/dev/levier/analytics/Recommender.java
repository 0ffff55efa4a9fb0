package dev.levier.analytics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Programmes to a publisher, and publishers to a programme, from category affinity, performance and
 * what similar publishers do.
 *
 * <p>For publisher u and programme p it does not work with yet:
 *
 * <pre>
 * score(u, p) = w₁ · cos(profile(u), profile(p)) + w₂ · perf(p) + w₃ · cf(u, p) / max_p' cf(u, p')
 * cf(u, p)    = Σ_{q ∈ P(u)} |U(q) ∩ U(p)| / √(|U(q)| · |U(p)|)
 * </pre>
 *
 * where {@code P(u)} is the programmes u works with, {@code U(p)} the publishers p works with,
 * {@code profile} and {@code perf} are those of {@link AffinityMatrix}, and the collaborative part
 * is item-based: programmes whose publishers overlap with those of u's programmes. It is divided by
 * the best candidate's so that every reason lies in [0, 1]. The symmetric list, publishers for a
 * programme p, uses the publisher's performance and user-based affinity, {@code cf(p, u) = Σ_{v ∈
 * U(p)} |P(v) ∩ P(u)| / √(|P(v)| · |P(u)|)}: publishers who work with what p's publishers work
 * with. Ties go to the smaller id, so the lists are deterministic.
 */
public final class Recommender {

  private final AffinityMatrix matrix;
  private final RecommendWeights weights;

  public Recommender(AffinityMatrix matrix, RecommendWeights weights) {
    this.matrix = Objects.requireNonNull(matrix, "matrix");
    this.weights = Objects.requireNonNull(weights, "weights");
  }

  /** The matrix recommended from. */
  public AffinityMatrix matrix() {
    return matrix;
  }

  /**
   * The best {@code limit} programmes the publisher does not work with yet, best first; empty for
   * an unknown publisher.
   */
  public List<Recommendation> programmesFor(String publisherId, int limit) {
    requireLimit(limit);
    Integer found = matrix.publisherIndex.get(publisherId);
    if (found == null) {
      return List.of();
    }
    int u = found;
    int n = matrix.programmes.length;
    double[] cf = new double[n];
    int[] co = new int[n];
    for (int q : matrix.programmesOf[u]) {
      java.util.Arrays.fill(co, 0);
      for (int v : matrix.publishersOf[q]) {
        for (int p : matrix.programmesOf[v]) {
          co[p]++;
        }
      }
      double sizeQ = matrix.publishersOf[q].length;
      for (int p = 0; p < n; p++) {
        if (co[p] > 0) {
          cf[p] += co[p] / Math.sqrt(sizeQ * matrix.publishersOf[p].length);
        }
      }
    }
    boolean[] known = new boolean[n];
    for (int p : matrix.programmesOf[u]) {
      known[p] = true;
    }
    List<Recommendation> candidates = new ArrayList<>();
    double best = max(cf, known);
    for (int p = 0; p < n; p++) {
      if (!known[p]) {
        candidates.add(
            recommendation(
                matrix.programmes[p],
                AffinityMatrix.cosine(
                    matrix.publisherProfiles.get(u), matrix.programmeProfiles.get(p)),
                matrix.programmePerformance[p],
                best > 0 ? cf[p] / best : 0));
      }
    }
    return top(candidates, limit);
  }

  /**
   * The best {@code limit} publishers the programme does not work with yet, best first; empty for
   * an unknown programme.
   */
  public List<Recommendation> publishersFor(String programmeId, int limit) {
    requireLimit(limit);
    Integer found = matrix.programmeIndex.get(programmeId);
    if (found == null) {
      return List.of();
    }
    int p = found;
    int n = matrix.publishers.length;
    double[] cf = new double[n];
    int[] co = new int[n];
    for (int v : matrix.publishersOf[p]) {
      java.util.Arrays.fill(co, 0);
      for (int q : matrix.programmesOf[v]) {
        for (int u : matrix.publishersOf[q]) {
          co[u]++;
        }
      }
      double sizeV = matrix.programmesOf[v].length;
      for (int u = 0; u < n; u++) {
        if (co[u] > 0) {
          cf[u] += co[u] / Math.sqrt(sizeV * matrix.programmesOf[u].length);
        }
      }
    }
    boolean[] known = new boolean[n];
    for (int u : matrix.publishersOf[p]) {
      known[u] = true;
    }
    List<Recommendation> candidates = new ArrayList<>();
    double best = max(cf, known);
    for (int u = 0; u < n; u++) {
      if (!known[u]) {
        candidates.add(
            recommendation(
                matrix.publishers[u],
                AffinityMatrix.cosine(
                    matrix.publisherProfiles.get(u), matrix.programmeProfiles.get(p)),
                matrix.publisherPerformance[u],
                best > 0 ? cf[u] / best : 0));
      }
    }
    return top(candidates, limit);
  }

  private Recommendation recommendation(
      String id, double category, double performance, double similar) {
    double score =
        weights.category() * category
            + weights.performance() * performance
            + weights.similar() * similar;
    return new Recommendation(id, score, category, performance, similar);
  }

  private static double max(double[] values, boolean[] skip) {
    double max = 0;
    for (int i = 0; i < values.length; i++) {
      if (!skip[i]) {
        max = Math.max(max, values[i]);
      }
    }
    return max;
  }

  static List<Recommendation> top(List<Recommendation> candidates, int limit) {
    candidates.sort(
        Comparator.comparingDouble(Recommendation::score)
            .reversed()
            .thenComparing(Recommendation::id));
    return List.copyOf(candidates.subList(0, Math.min(limit, candidates.size())));
  }

  private static void requireLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit: must be at least 1");
    }
  }
}
