package dev.levier.attribution;

import static dev.levier.attribution.PathsFixtures.credit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MarkovChainTest {

  private static final double EXACT = 1e-9;

  private static RemovalEffect effect(List<RemovalEffect> effects, String channel) {
    return effects.stream().filter(e -> e.channel().equals(channel)).findFirst().orElseThrow();
  }

  /**
   * The three-path example of S. Bryl, "Marketing Multi-Channel Attribution model with R (part 1:
   * Markov chain concept)", analyzecore.com, 2016-08-03, whose numbers are pinned by the tests of
   * JesseCastro/markovattribution, test/test.js: P(conversion) 1/3, 1/6 without C1; removal effects
   * C1 0.5, C2 1, C3 1; conversions 0.2, 0.4, 0.4; value (1000 on the converting path) 200, 400,
   * 400.
   */
  @Test
  void reproducesTheThreePathExampleOfBryl() {
    Paths paths =
        Paths.builder()
            .add(List.of("C1", "C2", "C3"), 1, 1000, 0)
            .add(List.of("C1"), 0, 0, 1)
            .add(List.of("C2", "C3"), 0, 0, 1)
            .build();
    MarkovChain model = new MarkovChain(1);

    List<RemovalEffect> effects = model.removalEffects(paths);
    Credits credits = model.attribute(paths);

    assertThat(effect(effects, "C1").conversions()).isCloseTo(0.5, within(EXACT));
    assertThat(effect(effects, "C2").conversions()).isCloseTo(1, within(EXACT));
    assertThat(effect(effects, "C3").conversions()).isCloseTo(1, within(EXACT));
    assertThat(credit(credits, "C1").conversions()).isCloseTo(0.2, within(EXACT));
    assertThat(credit(credits, "C2").conversions()).isCloseTo(0.4, within(EXACT));
    assertThat(credit(credits, "C3").conversions()).isCloseTo(0.4, within(EXACT));
    assertThat(credit(credits, "C1").value()).isCloseTo(200, within(1e-6));
    assertThat(credit(credits, "C2").value()).isCloseTo(400, within(1e-6));
    assertThat(credit(credits, "C3").value()).isCloseTo(400, within(1e-6));
    assertThat(model.describe()).isEqualTo("markov (order 1)");
  }

  /**
   * The four-path example of S. Puzyrov, "Markov Chain Attribution – Simple Explanation Of Removal
   * Effect", serhiipuzyrov.com, 2019-07: google ads 2 conversions, mailing 1, google ads > mailing
   * 1, google ads 0 (one journey without conversion). The article's transition table is start →
   * google ads 0.8, start → mailing 0.2, google ads → conv 0.5, → mailing 0.25, → null 0.25,
   * mailing → conv 1. The numbers below were derived by hand from that table, not read from the
   * article: P = 0.8 × (0.5 + 0.25 × 1) + 0.2 × 1 = 0.8; without google ads 0.2, so RE = 0.75;
   * without mailing 0.8 × 0.5 = 0.4, so RE = 0.5; the 4 conversions split 4 × 0.75 ÷ 1.25 = 2.4 and
   * 4 × 0.5 ÷ 1.25 = 1.6.
   */
  @Test
  void reproducesTheFourPathExampleOfPuzyrov() {
    Paths paths =
        Paths.builder()
            .add(List.of("google ads"), 2, 0, 0)
            .add(List.of("mailing"), 1, 0, 0)
            .add(List.of("google ads", "mailing"), 1, 0, 0)
            .add(List.of("google ads"), 0, 0, 1)
            .build();
    MarkovChain model = new MarkovChain(1);

    List<RemovalEffect> effects = model.removalEffects(paths);
    Credits credits = model.attribute(paths);

    assertThat(effect(effects, "google ads").conversions()).isCloseTo(0.75, within(EXACT));
    assertThat(effect(effects, "mailing").conversions()).isCloseTo(0.5, within(EXACT));
    assertThat(credit(credits, "google ads").conversions()).isCloseTo(2.4, within(EXACT));
    assertThat(credit(credits, "mailing").conversions()).isCloseTo(1.6, within(EXACT));
  }

  /**
   * Derived by hand: a > b converts once, c > b ends once without conversion. At order 1 the chain
   * forgets where b came from: P = 0.5, and removing a or c halves it (RE 0.5 each), removing b
   * stops everything (RE 1), so the conversion splits 0.25 / 0.5 / 0.25. At order 2 the states are
   * [a,b] (always converts) and [c,b] (never): removing c changes nothing (RE 0), removing a or b
   * stops everything, so the conversion splits 0.5 / 0.5 / 0.
   */
  @Test
  void secondOrderRemembersWhereTheJourneyCameFrom() {
    Paths paths =
        Paths.builder().add(List.of("a", "b"), 1, 0, 0).add(List.of("c", "b"), 0, 0, 1).build();

    Credits first = new MarkovChain(1).attribute(paths);
    Credits second = new MarkovChain(2).attribute(paths);

    assertThat(credit(first, "a").conversions()).isCloseTo(0.25, within(EXACT));
    assertThat(credit(first, "b").conversions()).isCloseTo(0.5, within(EXACT));
    assertThat(credit(first, "c").conversions()).isCloseTo(0.25, within(EXACT));
    assertThat(credit(second, "a").conversions()).isCloseTo(0.5, within(EXACT));
    assertThat(credit(second, "b").conversions()).isCloseTo(0.5, within(EXACT));
    assertThat(credit(second, "c").conversions()).isCloseTo(0, within(EXACT));
  }

  /**
   * Derived by hand: a converts once worth 100, b once worth 10. Both are alone on their paths, so
   * their conversion removal effects are equal (0.5 each). The expected value is 55; without a it
   * is 5 (RE 10/11), without b 50 (RE 1/11), so the 110 of value splits 100 / 10, not 55 / 55.
   */
  @Test
  void sharesValueByTheRemovalEffectOfExpectedValue() {
    Paths paths = Paths.builder().add(List.of("a"), 1, 100, 0).add(List.of("b"), 1, 10, 0).build();

    Credits credits = new MarkovChain(1).attribute(paths);
    List<RemovalEffect> effects = new MarkovChain(1).removalEffects(paths);

    assertThat(effect(effects, "a").value()).isCloseTo(10.0 / 11, within(EXACT));
    assertThat(effect(effects, "b").value()).isCloseTo(1.0 / 11, within(EXACT));
    assertThat(credit(credits, "a").conversions()).isCloseTo(1, within(EXACT));
    assertThat(credit(credits, "a").value()).isCloseTo(100, within(1e-6));
    assertThat(credit(credits, "b").value()).isCloseTo(10, within(1e-6));
  }

  @Test
  void withoutAnyConversionEveryCreditIsZeroNotNaN() {
    Paths paths =
        Paths.builder().add(List.of("a", "b"), 0, 0, 5).add(List.of("b"), 0, 0, 3).build();

    Credits credits = new MarkovChain(2).attribute(paths);

    assertThat(credits.byChannel())
        .allSatisfy(
            c -> {
              assertThat(c.conversions()).isZero();
              assertThat(c.value()).isZero();
            });
    assertThat(new MarkovChain(1).removalEffects(paths))
        .allSatisfy(e -> assertThat(e.conversions()).isZero());
  }

  @Test
  void aChannelThatOnlyLeadsToNullsHasNoRemovalEffect() {
    // Journeys through x never convert, so removing x loses nothing.
    Paths paths = Paths.builder().add(List.of("a"), 3, 30, 1).add(List.of("x"), 0, 0, 4).build();

    List<RemovalEffect> effects = new MarkovChain(1).removalEffects(paths);
    Credits credits = new MarkovChain(1).attribute(paths);

    assertThat(effect(effects, "x").conversions()).isZero();
    assertThat(credit(credits, "x").conversions()).isZero();
    assertThat(credit(credits, "a").conversions()).isCloseTo(3, within(EXACT));
  }

  @Test
  void repeatedTouchesDoNotChangeTheRemovalEffects() {
    // A touch repeated in a row is a self-loop, which leaves absorption probabilities alone.
    Paths once = Paths.builder().add(List.of("a", "b"), 2, 0, 1).add(List.of("b"), 1, 0, 2).build();
    Paths repeated =
        Paths.builder()
            .add(List.of("a", "a", "a", "b"), 2, 0, 1)
            .add(List.of("b", "b"), 1, 0, 2)
            .build();

    assertThat(new MarkovChain(1).attribute(repeated).byChannel())
        .usingElementComparator(
            (x, y) ->
                x.channel().equals(y.channel())
                        && Math.abs(x.conversions() - y.conversions()) < EXACT
                    ? 0
                    : 1)
        .containsExactlyElementsOf(new MarkovChain(1).attribute(once).byChannel());
  }

  @Test
  void largeChainsAreSolvedIterativelyToTheSameAnswer() {
    // 40 channels at order 2 give more states than the dense limit; a chain a_i > a_{i+1} > hub
    // converts when it reaches the hub, so the hub's removal effect is 1.
    Paths.Builder builder = Paths.builder();
    for (int i = 0; i < 40; i++) {
      for (int j = 0; j < 40; j++) {
        if (i != j) {
          builder.add(List.of("c" + i, "c" + j, "hub"), 1, 10, 1);
        }
      }
    }
    Paths paths = builder.build();

    List<RemovalEffect> effects = new MarkovChain(2).removalEffects(paths);

    assertThat(AbsorbingChain.of(paths, 2).states()).isGreaterThan(AbsorbingChain.DENSE_LIMIT);
    assertThat(effect(effects, "hub").conversions()).isCloseTo(1, within(EXACT));
    // Removing c0 stops the 78 of the 1560 paths that touch it: P falls by 5%, for every c_i.
    assertThat(effects)
        .filteredOn(e -> !e.channel().equals("hub"))
        .allSatisfy(e -> assertThat(e.conversions()).isCloseTo(0.05, within(EXACT)));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 5})
  void refusesAnOrderOutOfRange(int order) {
    assertThatThrownBy(() -> new MarkovChain(order))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("markov: the order must be between 1 and 4, not " + order);
  }
}
