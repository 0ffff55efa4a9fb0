package dev.levier.attribution;

import static dev.levier.attribution.PathsFixtures.credit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShapleyTest {

  private static final double EXACT = 1e-9;

  /**
   * Journeys a (4 conversions) and a > b (6), in the style of the worked examples of Zhao, Mahboobi
   * and Bagheri (arXiv:1804.05327): v(a) = 4, v(b) = 0, v(ab) = 10, so φ_a = ½·4 + ½·(10 − 0) = 7
   * and φ_b = ½·0 + ½·(10 − 4) = 3. By the simplified formula: a takes the 4 alone and half of the
   * 6, b the other half.
   */
  @Test
  void sharesTwoChannelsAsTheDefinitionDoes() {
    Paths paths =
        Paths.builder().add(List.of("a"), 4, 40, 0).add(List.of("a", "b"), 6, 60, 0).build();

    Credits credits = new Shapley(false).attribute(paths);

    assertThat(credit(credits, "a").conversions()).isCloseTo(7, within(EXACT));
    assertThat(credit(credits, "b").conversions()).isCloseTo(3, within(EXACT));
    assertThat(credit(credits, "a").value()).isCloseTo(70, within(EXACT));
    assertThat(credit(credits, "b").value()).isCloseTo(30, within(EXACT));
    assertThat(new Shapley(false).describe()).isEqualTo("shapley");
  }

  /**
   * A three-channel example worked by hand from the definition, because the text of the paper (Zhao
   * et al., arXiv:1804.05327) could not be retrieved to copy its own example: journeys a (10), b
   * (5), a > b (6), b > c (3), a > b > c (6), 30 conversions.
   *
   * <p>v(∅) = 0, v(a) = 10, v(b) = 5, v(c) = 0, v(ab) = 21, v(ac) = 10, v(bc) = 8, v(abc) = 30.
   * With weights 1/3 for |S| = 0 and 2, 1/6 for |S| = 1:
   *
   * <ul>
   *   <li>φ_a = (10 − 0)/3 + (21 − 5)/6 + (10 − 0)/6 + (30 − 8)/3 = 15
   *   <li>φ_b = (5 − 0)/3 + (21 − 10)/6 + (8 − 0)/6 + (30 − 10)/3 = 11.5
   *   <li>φ_c = (0 − 0)/3 + (10 − 10)/6 + (8 − 5)/6 + (30 − 21)/3 = 3.5
   * </ul>
   *
   * The simplified formula gives the same: a = 10 + 6/2 + 6/3, b = 5 + 6/2 + 3/2 + 6/3, c = 3/2 +
   * 6/3.
   *
   * <p>Ordered: a is always first, so all its 15 sit at touch 1; b earns 5 + 1.5 = 6.5 at touch 1
   * and 3 + 2 = 5 at touch 2; c earns 1.5 at touch 2 and 2 at touch 3.
   */
  @Test
  void reproducesAThreeChannelExampleWorkedByHand() {
    Paths paths =
        Paths.builder()
            .add(List.of("a"), 10, 0, 0)
            .add(List.of("b"), 5, 0, 0)
            .add(List.of("a", "b"), 6, 0, 0)
            .add(List.of("b", "c"), 3, 0, 0)
            .add(List.of("a", "b", "c"), 6, 0, 0)
            .build();

    double[][] byDefinition = Shapley.overCoalitions(paths);
    Credits credits = new Shapley(false).attribute(paths);
    List<PositionCredit> positions = new Shapley(true).byPosition(paths);

    assertThat(byDefinition[0]).containsExactly(new double[] {15, 11.5, 3.5}, within(EXACT));
    assertThat(credit(credits, "a").conversions()).isCloseTo(15, within(EXACT));
    assertThat(credit(credits, "b").conversions()).isCloseTo(11.5, within(EXACT));
    assertThat(credit(credits, "c").conversions()).isCloseTo(3.5, within(EXACT));
    assertThat(positions)
        .usingRecursiveFieldByFieldElementComparatorOnFields("channel", "touch")
        .containsExactly(
            new PositionCredit("a", 1, 15, 0),
            new PositionCredit("b", 1, 6.5, 0),
            new PositionCredit("b", 2, 5, 0),
            new PositionCredit("c", 2, 1.5, 0),
            new PositionCredit("c", 3, 2, 0));
    assertThat(positions.stream().mapToDouble(PositionCredit::conversions).toArray())
        .containsExactly(new double[] {15, 6.5, 5, 1.5, 2}, within(EXACT));
  }

  @Test
  void orderedCreditsTheTwoChannelExampleByPosition() {
    Paths paths =
        Paths.builder().add(List.of("a"), 4, 0, 0).add(List.of("a", "b"), 6, 0, 0).build();

    List<PositionCredit> positions = new Shapley(true).byPosition(paths);
    Credits credits = new Shapley(true).attribute(paths);

    assertThat(positions)
        .containsExactly(new PositionCredit("a", 1, 7, 0), new PositionCredit("b", 2, 3, 0));
    assertThat(credit(credits, "a").conversions()).isCloseTo(7, within(EXACT));
    assertThat(credits.model()).isEqualTo("shapley (ordered)");
  }

  @Test
  void aChannelTouchedTwiceSplitsItsShareBetweenItsTouches() {
    // a > b > a: a and b take 2 each of the 4; a's 2 are split between touches 1 and 3.
    Paths paths = Paths.builder().add(List.of("a", "b", "a"), 4, 0, 0).build();

    List<PositionCredit> positions = new Shapley(true).byPosition(paths);
    Credits plain = new Shapley(false).attribute(paths);

    assertThat(positions)
        .containsExactly(
            new PositionCredit("a", 1, 1, 0),
            new PositionCredit("a", 3, 1, 0),
            new PositionCredit("b", 2, 2, 0));
    assertThat(credit(plain, "a").conversions()).isCloseTo(2, within(EXACT));
  }

  @Test
  void orderWithinAJourneyDoesNotMatterToThePlainValue() {
    Paths forwards = Paths.builder().add(List.of("a", "b", "c"), 9, 0, 0).build();
    Paths backwards = Paths.builder().add(List.of("c", "b", "a"), 9, 0, 0).build();

    assertThat(new Shapley(false).attribute(forwards))
        .isEqualTo(new Shapley(false).attribute(backwards));
  }

  @Test
  void withoutAnyConversionEveryCreditIsZero() {
    Paths paths = Paths.builder().add(List.of("a", "b"), 0, 0, 7).build();

    assertThat(new Shapley(false).attribute(paths).byChannel())
        .allSatisfy(c -> assertThat(c.conversions()).isZero());
    assertThat(new Shapley(true).attribute(paths).byChannel())
        .allSatisfy(c -> assertThat(c.conversions()).isZero());
    assertThat(new Shapley(true).byPosition(paths)).isEmpty();
  }

  @Test
  void moreThanTwentyChannelsUseTheSimplifiedFormula() {
    // 25 channels: journey k touches channels 0..k, converts k + 1 times. Under the simplified
    // formula journey k gives each of its k + 1 channels exactly one conversion, so channel j
    // earns one per journey from j to 24: 25 − j.
    Paths.Builder builder = Paths.builder();
    for (int k = 0; k < 25; k++) {
      List<String> path = new ArrayList<>();
      for (int j = 0; j <= k; j++) {
        path.add("ch" + (char) ('A' + j));
      }
      builder.add(path, k + 1, 0, 1);
    }
    Paths paths = builder.build();

    Credits credits = new Shapley(false).attribute(paths);

    assertThat(Shapley.convertingChannels(paths)).isGreaterThan(Shapley.MAX_COALITION_CHANNELS);
    for (int j = 0; j < 25; j++) {
      assertThat(credit(credits, "ch" + (char) ('A' + j)).conversions())
          .isCloseTo(25 - j, within(EXACT));
    }
    assertThat(PathsFixtures.sumConversions(credits)).isCloseTo(325, within(EXACT));
  }

  @Test
  void twentyChannelsAreStillComputedOverEveryCoalition() {
    // Same shape as above, 20 channels: the coalition computation must give 20 − j.
    Paths.Builder builder = Paths.builder();
    for (int k = 0; k < 20; k++) {
      List<String> path = new ArrayList<>();
      for (int j = 0; j <= k; j++) {
        path.add("ch" + (char) ('A' + j));
      }
      builder.add(path, k + 1, 0, 0);
    }
    Paths paths = builder.build();

    double[][] byDefinition = Shapley.overCoalitions(paths);

    for (int j = 0; j < 20; j++) {
      assertThat(byDefinition[0][j]).isCloseTo(20 - j, within(1e-7));
    }
  }
}
