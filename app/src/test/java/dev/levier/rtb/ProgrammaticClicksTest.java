package dev.levier.rtb;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgrammaticClicksTest {

  private static final Instant CLICKED = Instant.parse("2026-11-02T10:00:00Z");
  private static final List<String> LEVELS = SmoothedRates.levels("banner", "news.example", "");
  private static final List<String> ELSEWHERE = SmoothedRates.levels("video", "blog.example", "");

  private static ProgrammaticClicks clickedOnce() {
    ProgrammaticClicks clicks = new ProgrammaticClicks(Rtb.learningRates());
    clicks.rates().impression(LEVELS);
    clicks.clicked("visitor-1", LEVELS, CLICKED);
    return clicks;
  }

  @Test
  void aSaleOfTheVisitorWithinTheWindowRaisesThePlacementsConversionRateOnce() {
    ProgrammaticClicks clicks = clickedOnce();
    double before = clicks.rates().predict(LEVELS).conversionRate();

    boolean first = clicks.converted("visitor-1", CLICKED.plus(Duration.ofDays(3)));
    boolean again = clicks.converted("visitor-1", CLICKED.plus(Duration.ofDays(4)));

    assertThat(first).isTrue();
    assertThat(again).isFalse();
    assertThat(clicks.rates().predict(LEVELS).conversionRate()).isGreaterThan(before);
    assertThat(clicks.rates().predict(ELSEWHERE).conversionRate())
        .isEqualTo(Rtb.learningRates().predict(ELSEWHERE).conversionRate());
  }

  @Test
  void aSaleBeforeTheClickAfterTheWindowOrOfAnotherVisitorTeachesNothing() {
    ProgrammaticClicks clicks = clickedOnce();
    double before = clicks.rates().predict(LEVELS).conversionRate();

    boolean earlier = clicks.converted("visitor-1", CLICKED.minusSeconds(1));
    boolean someoneElse = clicks.converted("visitor-2", CLICKED.plusSeconds(60));
    boolean late = clicks.converted("visitor-1", CLICKED.plus(Duration.ofDays(31)));

    assertThat(earlier).isFalse();
    assertThat(someoneElse).isFalse();
    assertThat(late).isFalse();
    assertThat(clicks.rates().predict(LEVELS).conversionRate()).isEqualTo(before);
  }
}
