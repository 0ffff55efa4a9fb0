package dev.levier.conversion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CustomerHistoryTest {

  private static final Instant ORDER = Instant.parse("2026-03-29T12:00:00Z");

  @Test
  void noEarlierOrderMeansNew() {
    assertThat(CustomerHistory.status(null, ORDER, 365)).isEqualTo(CustomerStatus.NEW);
  }

  @Test
  void exactlyTheLapsedPeriodIsStillReturning() {
    Instant exactly = ORDER.minus(Duration.ofDays(365));

    assertThat(CustomerHistory.status(exactly, ORDER, 365)).isEqualTo(CustomerStatus.RETURNING);
    assertThat(CustomerHistory.status(exactly.minusNanos(1), ORDER, 365))
        .isEqualTo(CustomerStatus.LAPSED);
    assertThat(CustomerHistory.status(exactly.plusNanos(1), ORDER, 365))
        .isEqualTo(CustomerStatus.RETURNING);
  }

  @Test
  void anEarlierOrderAtTheSameInstantIsReturning() {
    assertThat(CustomerHistory.status(ORDER, ORDER, 1)).isEqualTo(CustomerStatus.RETURNING);
  }

  @Test
  void daysAre24HoursWhateverTheCalendar() {
    // 2026-03-29 is the day clocks change in Europe; a day is 24 hours on the UTC line anyway.
    Instant dayBefore = Instant.parse("2026-03-28T12:00:00Z");

    assertThat(CustomerHistory.status(dayBefore, ORDER, 1)).isEqualTo(CustomerStatus.RETURNING);
    assertThat(CustomerHistory.status(dayBefore.minusSeconds(1), ORDER, 1))
        .isEqualTo(CustomerStatus.LAPSED);
  }

  @Test
  void refusesAnEarlierOrderThatIsLater() {
    assertThatThrownBy(() -> CustomerHistory.status(ORDER.plusSeconds(1), ORDER, 30))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the last earlier order (2026-03-29T12:00:01Z) is after the order being classified"
                + " (2026-03-29T12:00:00Z)");
  }

  @Test
  void refusesALapsedPeriodOutOfRange() {
    assertThatThrownBy(() -> CustomerHistory.status(null, ORDER, 0))
        .hasMessage("lapsedAfterDays must be between 1 and 10000, was 0");
    assertThatThrownBy(() -> CustomerHistory.status(null, ORDER, 10_001))
        .hasMessage("lapsedAfterDays must be between 1 and 10000, was 10001");
    assertThat(CustomerHistory.status(ORDER.minus(Duration.ofDays(10_000)), ORDER, 10_000))
        .isEqualTo(CustomerStatus.RETURNING);
  }

  @Test
  void statusesHaveLowerCaseWireNames() {
    assertThat(CustomerStatus.NEW).hasToString("new");
    assertThat(CustomerStatus.RETURNING).hasToString("returning");
    assertThat(CustomerStatus.LAPSED).hasToString("lapsed");
  }
}
