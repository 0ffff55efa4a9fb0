package dev.levier.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A tiny network whose right answers are obvious. */
class RecommenderTest {

  private static final Map<String, String> TYPES =
      Map.of(
          "phones-blog", "content",
          "phones-reviews", "content",
          "gardener", "content",
          "vouchers", "voucher");

  private static final List<String> PROGRAMMES =
      List.of("phone-shop", "phone-cases", "garden-centre", "seed-shop", "fashion");

  private static final List<AffinityPair> PAIRS =
      List.of(
          pair("phones-blog", "phone-shop", 1000, 30, "Electronics > Phones > Smartphones", 30),
          pair("phones-reviews", "phone-shop", 800, 20, "Electronics > Phones", 20),
          pair("phones-reviews", "phone-cases", 500, 15, "Electronics > Phones > Cases", 15),
          pair("gardener", "garden-centre", 600, 12, "Garden > Plants", 12),
          pair("gardener", "seed-shop", 300, 6, "Garden > Seeds", 6),
          pair("vouchers", "fashion", 2000, 90, "Fashion > Shoes", 90),
          pair("vouchers", "garden-centre", 900, 30, "Garden > Tools", 30));

  private static AffinityPair pair(
      String publisher, String programme, long clicks, long sales, String category, long lines) {
    return new AffinityPair(publisher, programme, clicks, sales, Map.of(category, lines));
  }

  private final Recommender recommender =
      new Recommender(AffinityMatrix.of(TYPES, PROGRAMMES, PAIRS), RecommendWeights.DEFAULT);

  @Test
  void aPhonePublisherGetsThePhoneProgrammeFirst() {
    List<Recommendation> top = recommender.programmesFor("phones-blog", 10);

    assertThat(top).extracting(Recommendation::id).first().isEqualTo("phone-cases");
    assertThat(top.getFirst().categorySimilarity()).isGreaterThan(0.8);
    assertThat(top.getFirst().similarPublishers()).isEqualTo(1.0);
  }

  @Test
  void existingPartnershipsAreLeftOut() {
    assertThat(recommender.programmesFor("phones-reviews", 10))
        .extracting(Recommendation::id)
        .doesNotContain("phone-shop", "phone-cases")
        .hasSize(3);
  }

  @Test
  void aProgrammeGetsThePublishersOfItsKindFirst() {
    // the voucher site already sells garden tools; the seed shop's only publisher is a gardener
    assertThat(recommender.publishersFor("seed-shop", 10))
        .extracting(Recommendation::id)
        .first()
        .isEqualTo("vouchers");
    assertThat(recommender.publishersFor("phone-cases", 10))
        .extracting(Recommendation::id)
        .first()
        .isEqualTo("phones-blog");
  }

  @Test
  void theScoreIsTheWeightedSumOfTheReasons() {
    RecommendWeights weights = RecommendWeights.DEFAULT;
    for (Recommendation r : recommender.programmesFor("gardener", 10)) {
      assertThat(r.score())
          .isCloseTo(
              weights.category() * r.categorySimilarity()
                  + weights.performance() * r.performance()
                  + weights.similar() * r.similarPublishers(),
              within(1e-12));
      assertThat(List.of(r.categorySimilarity(), r.performance(), r.similarPublishers()))
          .allSatisfy(reason -> assertThat(reason).isBetween(0.0, 1.0));
    }
  }

  @Test
  void categoryLevelsAreTheTopTwo() {
    assertThat(AffinityMatrix.levels("Electronics > Phones > Cases"))
        .containsExactly("c:Electronics", "c:Electronics > Phones");
    assertThat(AffinityMatrix.levels("Garden")).containsExactly("c:Garden");
    assertThat(AffinityMatrix.levels(" ")).isEmpty();
  }

  @Test
  void percentilesShareTies() {
    assertThat(AffinityMatrix.percentiles(new double[] {3, 1, 2, 2}))
        .containsExactly(1.0, 0.0, 0.5, 0.5);
    assertThat(AffinityMatrix.percentiles(new double[] {7})).containsExactly(0.5);
  }

  @Test
  void unknownIdsGetNothingAndTheLimitIsChecked() {
    assertThat(recommender.programmesFor("nobody", 10)).isEmpty();
    assertThat(recommender.publishersFor("nothing", 10)).isEmpty();
    assertThatThrownBy(() -> recommender.programmesFor("gardener", 0))
        .hasMessageContaining("limit");
    assertThatThrownBy(() -> new RecommendWeights(0, 0, 0)).hasMessageContaining("weights");
  }

  @Test
  void theEvaluationHidesAFifthAndIsDeterministic() {
    RecommendEvaluation one = RecommendEvaluation.holdOut(TYPES, PROGRAMMES, PAIRS, 0.2, 7);
    RecommendEvaluation two = RecommendEvaluation.holdOut(TYPES, PROGRAMMES, PAIRS, 0.2, 7);

    // three publishers have two selling partnerships each: one of each is hidden
    assertThat(one.publishers()).isEqualTo(3);
    assertThat(one.heldOut()).isEqualTo(3);
    assertThat(one.hitRate(RecommendWeights.DEFAULT, 10))
        .isEqualTo(two.hitRate(RecommendWeights.DEFAULT, 10));
    // with five programmes, a top 10 finds every hidden one
    assertThat(one.hitRate(RecommendWeights.DEFAULT, 10)).isEqualTo(1.0);
    assertThat(one.popularityBaseline(10)).isEqualTo(1.0);
    assertThat(one.hitRate(RecommendWeights.DEFAULT, 1)).isBetween(0.0, 1.0);
  }
}
