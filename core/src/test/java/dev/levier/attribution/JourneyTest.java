package dev.levier.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JourneyTest {

  private static final Instant ORDER = Instant.parse("2026-11-20T12:00:00Z");
  private static final Duration WINDOW = Duration.ofDays(30);

  private static JourneyTouch touch(String channel, int daysBefore) {
    return new JourneyTouch(channel, ORDER.minus(Duration.ofDays(daysBefore)), true);
  }

  @Test
  void touchesAreOrderedByTimeAndCutAtTheLookbackWindow() {
    Journey journey =
        Journey.of(
            ORDER,
            WINDOW,
            List.of(
                touch("voucher", 0),
                touch("blog", 10),
                touch("old", 31),
                new JourneyTouch("later", ORDER.plusSeconds(1), true),
                touch("edge", 30),
                touch("blog", 10)));

    assertThat(journey.channels()).containsExactly("edge", "blog", "voucher");
    assertThat(journey.touches()).hasSize(3);
  }

  @Test
  void rolesFollowFirstAndLastTouches() {
    Journey journey =
        Journey.of(
            ORDER, WINDOW, List.of(touch("blog", 9), touch("comparison", 5), touch("voucher", 1)));

    assertThat(journey.roleOf("blog")).isEqualTo(JourneyRole.INTRODUCER);
    assertThat(journey.roleOf("comparison")).isEqualTo(JourneyRole.ASSIST);
    assertThat(journey.roleOf("voucher")).isEqualTo(JourneyRole.CLOSER);
    assertThat(journey.roleOf("nobody")).isNull();
  }

  @Test
  void aPublisherAloneOnTheJourneyClosedIt() {
    Journey journey = Journey.of(ORDER, WINDOW, List.of(touch("blog", 3)));

    assertThat(journey.roleOf("blog")).isEqualTo(JourneyRole.CLOSER);
    assertThat(journey.shares(PositionBased.DEFAULT)).containsExactly(Map.entry("blog", 1.0));
  }

  @Test
  void positionSharesGoToChannelsInTheOrderOfTheirFirstTouch() {
    Journey journey =
        Journey.of(
            ORDER, WINDOW, List.of(touch("blog", 9), touch("comparison", 5), touch("voucher", 1)));

    Map<String, Double> shares = journey.shares(PositionBased.DEFAULT);

    assertThat(shares.keySet()).containsExactly("blog", "comparison", "voucher");
    assertThat(shares.get("blog")).isCloseTo(0.4, within(1e-12));
    assertThat(shares.get("comparison")).isCloseTo(0.2, within(1e-12));
    assertThat(shares.get("voucher")).isCloseTo(0.4, within(1e-12));
  }

  @Test
  void timeDecayUsesTheRealAgeOfEachTouch() {
    Journey journey = Journey.of(ORDER, WINDOW, List.of(touch("blog", 7), touch("voucher", 0)));

    Map<String, Double> shares = journey.shares(new TimeDecay(7));

    // 2^-1 against 2^0: one third and two thirds.
    assertThat(shares.get("blog")).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(shares.get("voucher")).isCloseTo(2.0 / 3, within(1e-12));
  }

  @Test
  void learntWeightsShareTheConversionBetweenTheChannelsTouched() {
    Journey journey = Journey.of(ORDER, WINDOW, List.of(touch("blog", 7), touch("voucher", 0)));

    Map<String, Double> shares =
        journey.sharesByWeight(Map.of("blog", 30.0, "voucher", 10.0, "email", 60.0));

    assertThat(shares).isNotNull();
    assertThat(shares.get("blog")).isCloseTo(0.75, within(1e-12));
    assertThat(shares.get("voucher")).isCloseTo(0.25, within(1e-12));
    assertThat(journey.sharesByWeight(Map.of("email", 1.0))).isNull();
  }

  @Test
  void aLookbackMustBePositive() {
    assertThatThrownBy(() -> Journey.of(ORDER, Duration.ZERO, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lookback");
  }
}
