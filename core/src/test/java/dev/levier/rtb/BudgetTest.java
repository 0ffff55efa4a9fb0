package dev.levier.rtb;

import static dev.levier.rtb.RtbFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BudgetTest {

  @Test
  void newLimitsKeepWhatWasSpentAndReserved() {
    Budget budget = new Budget(10_000, 100_000, Pacing.ASAP, ZoneOffset.UTC, 50_000, 0, NOW);
    assertThat(budget.reserve(3_000, NOW)).isTrue();
    budget.spend(3_000, 3_000, NOW);
    assertThat(budget.reserve(2_000, NOW)).isTrue();

    // Lowered below today's spend: nothing more today, and the spend is still counted.
    budget.limit(2_500, 100_000, Pacing.ASAP);
    assertThat(budget.exhausted(NOW)).isTrue();
    assertThat(budget.reserve(1, NOW)).isFalse();
    assertThat(budget.spentToday(NOW)).isEqualTo(3_000);
    assertThat(budget.reserved()).as("the bid in flight keeps its reservation").isEqualTo(2_000);

    // Raised again: what is left is the new limit less spend and reservations.
    budget.limit(10_000, 100_000, Pacing.ASAP);
    assertThat(budget.reserve(5_001, NOW)).isFalse();
    assertThat(budget.reserve(5_000, NOW)).isTrue();

    // The flight's total counts earlier days too.
    budget.limit(20_000, 60_000, Pacing.ASAP);
    assertThat(budget.reserve(1, NOW)).isFalse();
  }

  @Test
  void pacingFollowsTheChange() {
    // 10:15 of a 20,000 day: the even curve allows about 8,541 plus the 0.5% slack.
    Budget budget = new Budget(20_000, 100_000, Pacing.ASAP, ZoneOffset.UTC, 0, 0, NOW);
    assertThat(budget.reserve(12_000, NOW)).isTrue();
    budget.release(12_000);
    budget.limit(20_000, 100_000, Pacing.EVEN);
    assertThat(budget.reserve(12_000, NOW)).isFalse();
    assertThat(budget.reserve(8_000, NOW)).isTrue();
  }
}
