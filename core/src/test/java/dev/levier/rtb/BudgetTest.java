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

  @Test
  void theEvenCurveFollowsTheLocalDayIncludingOneOfTwentyThreeHoursAndTheNextDay() {
    java.time.ZoneId paris = java.time.ZoneId.of("Europe/Paris");
    // 29 March 2026: clocks go from 02:00 to 03:00, a day of 23 hours. At 13:00 local, 12 hours
    // have gone by: 12/23 of 23,000,000 is 12,000,000, plus the 0.5% slack (115,000).
    java.time.Instant noonish =
        java.time.ZonedDateTime.of(2026, 3, 29, 13, 0, 0, 0, paris).toInstant();
    Budget budget = new Budget(23_000_000, 1_000_000_000, Pacing.EVEN, paris, 0, 0, noonish);
    assertThat(budget.evenLimit(noonish)).isEqualTo(12_115_000);
    assertThat(budget.reserve(12_115_000, noonish)).isTrue();
    assertThat(budget.reserve(1, noonish)).isFalse();
    budget.spend(12_115_000, 12_115_000, noonish);

    // Just before local midnight the day is nearly gone; just after, a new day starts from zero.
    java.time.Instant lastMinute =
        java.time.ZonedDateTime.of(2026, 3, 29, 23, 59, 0, 0, paris).toInstant();
    assertThat(budget.spentToday(lastMinute)).isEqualTo(12_115_000);
    java.time.Instant nextDay = lastMinute.plusSeconds(120);
    assertThat(budget.spentToday(nextDay)).isZero();
    // 00:01 of a 24-hour day: 1/1440 of the budget plus the slack.
    assertThat(budget.evenLimit(nextDay)).isEqualTo(23_000_000 / 1440 + 115_000);
  }
}
