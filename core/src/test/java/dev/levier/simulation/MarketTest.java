package dev.levier.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levier.network.PublisherType;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MarketTest {
  private static final Instant START = Instant.parse("2026-10-01T00:00:00Z");

  private static Market market(int customers, long seed) {
    return Market.generate(new MarketSettings(customers, 30, seed, START));
  }

  @Test
  void aSeedGivesTheSameMarketEveryTime() {
    assertThat(market(2000, 7).steps()).isEqualTo(market(2000, 7).steps());
    assertThat(market(2000, 7).steps()).isNotEqualTo(market(2000, 8).steps());
  }

  @Test
  void stepsAreInTimeOrderInsideThePeriod() {
    Market market = market(3000, 1);
    Instant previous = START;
    for (Step step : market.steps()) {
      assertThat(step.at()).isAfterOrEqualTo(previous).isBefore(market.settings().end());
      previous = step.at();
    }
  }

  @Test
  void honestOrdersComeMinutesAfterTheirClickAndUseOnlyTheClickersOwnCode() {
    Market market = market(5000, 3);
    Map<Long, Step.Click> clicks = new HashMap<>();
    int honest = 0;
    for (Step step : market.steps()) {
      if (step instanceof Step.Click click) {
        clicks.put(click.id(), click);
        assertThat(click.burst())
            .isEqualTo(
                market.publishers().get(click.publisher()).fraud() == PlantedFraud.CLICK_SPAM
                    ? 40
                    : 1);
      }
      if (step instanceof Step.Order order && order.fraud() == null) {
        honest++;
        Step.Click click = clicks.get(order.lastClick());
        if (click != null) {
          assertThat(Duration.between(click.at(), order.at())).isGreaterThan(Duration.ofMinutes(1));
          assertThat(order.couponPublisher()).isIn(-1, click.publisher());
        } else {
          assertThat(order.couponPublisher()).isEqualTo(-1);
        }
      }
    }
    assertThat(honest).isGreaterThan(1000);
  }

  @Test
  void everyKindOfFraudIsPlantedOnItsOwnOrders() {
    Market market = market(4000, 5);
    GroundTruth truth = GroundTruth.of(market, id -> true);
    for (PlantedFraud kind : PlantedFraud.values()) {
      assertThat(truth.planted().get(kind)).as(kind.name()).hasSizeGreaterThanOrEqualTo(15);
    }
  }

  /**
   * The market's ladder, once the demo's experiments have held half the reward sites' visitors out
   * of the reward: each type's incremental revenue at least one and a half times the next one's, so
   * that an estimate ranks them by what they bring, not by chance.
   */
  @Test
  void publisherTypesBringClearlyDifferentIncrementalRevenue() {
    Market market = market(20_000, 11);
    java.util.Set<String> decidedByReward = new java.util.HashSet<>();
    for (Step step : market.steps()) {
      if (step instanceof Step.Order order && order.rewardClick() >= 0) {
        decidedByReward.add(order.orderId());
      }
    }
    Map<PublisherType, Long> by =
        GroundTruth.of(
                market, id -> !decidedByReward.contains(id) || Math.floorMod(id.hashCode(), 2) == 0)
            .incrementalEuroCents();
    List<PublisherType> ladder =
        List.of(
            PublisherType.CONTENT,
            PublisherType.INFLUENCER,
            PublisherType.VOUCHER,
            PublisherType.CASHBACK,
            PublisherType.EMAIL,
            PublisherType.COMPARISON);
    assertThat(by.keySet()).containsExactlyInAnyOrderElementsOf(ladder);
    for (int i = 1; i < ladder.size(); i++) {
      assertThat(by.get(ladder.get(i - 1)) * 2)
          .as(ladder.get(i - 1) + " over " + ladder.get(i) + ": " + by)
          .isGreaterThan(by.get(ladder.get(i)) * 3);
    }
  }

  @Test
  void settingsAreCheckedWhenBuilt() {
    assertThatThrownBy(() -> new MarketSettings(10, 30, 1, START))
        .hasMessage("customers: must be from 50 to 1000000, was 10");
    assertThatThrownBy(() -> new MarketSettings(100, 30, 1, START.plusSeconds(1)))
        .hasMessageStartingWith("start: must be a whole minute");
  }
}
