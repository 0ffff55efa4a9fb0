package dev.levier.analytics;

/**
 * How much each reason counts in a recommendation's score: {@code score = category × category
 * similarity + performance × normalised performance + similar × collaborative affinity}, each
 * reason in [0, 1].
 *
 * @param category the weight of the cosine similarity of the category profiles
 * @param performance the weight of the candidate's normalised performance across the network
 * @param similar the weight of the affinity learnt from similar publishers
 */
public record RecommendWeights(double category, double performance, double similar) {

  /**
   * The defaults: category 0.4, performance 0.1, similar publishers 0.5 (see docs/analytics.md,
   * "Recommendations", for how they compare on the offline check).
   */
  public static final RecommendWeights DEFAULT = new RecommendWeights(0.4, 0.1, 0.5);

  public RecommendWeights {
    if (!(category >= 0 && performance >= 0 && similar >= 0)
        || !(category + performance + similar > 0)
        || !Double.isFinite(category + performance + similar)) {
      throw new IllegalArgumentException("weights: must be finite, not negative and not all zero");
    }
  }
}
