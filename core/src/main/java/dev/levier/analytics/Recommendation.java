package dev.levier.analytics;

import java.util.Objects;

/**
 * One recommended programme for a publisher, or publisher for a programme, with its reasons.
 *
 * @param id the recommended programme or publisher
 * @param score the weighted sum of the three reasons, in [0, 1] when the weights add up to 1
 * @param categorySimilarity the cosine similarity of the category profiles, in [0, 1]
 * @param performance the candidate's percentile of performance across the network, in [0, 1]
 * @param similarPublishers the collaborative affinity, relative to the best candidate's, in [0, 1]
 */
public record Recommendation(
    String id,
    double score,
    double categorySimilarity,
    double performance,
    double similarPublishers) {

  public Recommendation {
    Objects.requireNonNull(id, "id");
  }
}
