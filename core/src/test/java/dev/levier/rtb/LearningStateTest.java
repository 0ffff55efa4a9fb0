package dev.levier.rtb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the rates and the shading statistics hand to storage: increments since the last save, none
 * twice, and counts loaded at start that predict as before and are not saved again.
 */
class LearningStateTest {
  private static final List<String> LEVELS = SmoothedRates.levels("banner", "site/top", "");

  @Test
  void ratesAreSavedAsIncrementsAndLoadedBackToTheSamePrediction() {
    SmoothedRates rates = new SmoothedRates(0.001, 0.02, 1000);
    for (int i = 0; i < 500; i++) {
      rates.impression(LEVELS);
    }
    rates.click(LEVELS);
    List<SmoothedRates.Count> first = rates.unsaved();
    assertThat(first)
        .containsExactlyInAnyOrder(
            new SmoothedRates.Count("f:banner", 500, 1, 0),
            new SmoothedRates.Count("f:banner|p:site/top", 500, 1, 0));
    rates.saved(first);
    assertThat(rates.unsaved()).isEmpty();
    rates.click(LEVELS);
    assertThat(rates.unsaved()).contains(new SmoothedRates.Count("f:banner", 0, 1, 0));

    // A new process loads the stored sums: it predicts the same, and saves only what comes next.
    SmoothedRates restarted = new SmoothedRates(0.001, 0.02, 1000);
    restarted.load(new SmoothedRates.Count("f:banner", 500, 2, 0));
    restarted.load(new SmoothedRates.Count("f:banner|p:site/top", 500, 2, 0));
    assertThat(restarted.predict(LEVELS)).isEqualTo(rates.predict(LEVELS));
    assertThat(restarted.unsaved()).isEmpty();
  }

  @Test
  void shadingCountsAreSavedAsIncrementsAndLoadedBack() {
    BidShading shading = new BidShading();
    for (int i = 0; i < 200; i++) {
      shading.observe(2_000_000, i % 4 == 0);
    }
    List<BidShading.Count> saved = shading.unsaved();
    int level = BidShading.level(2_000_000);
    assertThat(saved).containsExactly(new BidShading.Count(level, 200, 50));
    shading.saved(saved);
    assertThat(shading.unsaved()).isEmpty();

    BidShading restarted = new BidShading();
    restarted.load(new BidShading.Count(level, 200, 50));
    restarted.load(new BidShading.Count(10_000, 1, 1));
    assertThat(restarted.shade(3_000_000, 0)).isEqualTo(shading.shade(3_000_000, 0));
    assertThat(restarted.winRate(2_000_000)).isEqualTo(shading.winRate(2_000_000));
    assertThat(restarted.unsaved()).isEmpty();
  }
}
