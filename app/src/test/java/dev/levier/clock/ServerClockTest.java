package dev.levier.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levier.errors.ConflictException;
import dev.levier.errors.ValidationException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ServerClockTest {
  private static final Instant SYSTEM = Instant.parse("2026-11-26T10:00:00Z");
  private static final Instant OCTOBER = Instant.parse("2026-10-01T00:00:00Z");

  private static ServerClock simulated() {
    return ServerClock.simulated(Clock.fixed(SYSTEM, ZoneOffset.UTC));
  }

  @Test
  void theSystemClockCannotBeSet() {
    ServerClock clock = ServerClock.system();
    assertThat(clock.settable()).isFalse();
    assertThatThrownBy(() -> clock.set(OCTOBER))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("clock=simulated");
  }

  @Test
  void aSimulatedClockRunsWithTheSystemUntilSetThenStaysWhereItWasSet() {
    ServerClock clock = simulated();
    assertThat(clock.instant()).isEqualTo(SYSTEM);
    assertThat(clock.isStopped()).isFalse();
    assertThat(clock.set(OCTOBER)).isEqualTo(OCTOBER);
    assertThat(clock.instant()).isEqualTo(OCTOBER);
    assertThat(clock.isStopped()).isTrue();
    assertThat(clock.set(OCTOBER.plusSeconds(60))).isEqualTo(OCTOBER.plusSeconds(60));
  }

  @Test
  void onceSetItOnlyMovesForward() {
    ServerClock clock = simulated();
    clock.set(OCTOBER);
    assertThatThrownBy(() -> clock.set(OCTOBER.minusSeconds(1)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("must not be before the clock's time, 2026-10-01T00:00:00Z");
    assertThat(clock.instant()).isEqualTo(OCTOBER);
  }

  @Test
  void itRunsWithTheSystemAgainOnlyOnceTheSystemHasCaughtUp() {
    ServerClock clock = simulated();
    clock.set(SYSTEM.plusSeconds(3600));
    assertThatThrownBy(() -> clock.set(null)).isInstanceOf(ValidationException.class);
    ServerClock past = simulated();
    past.set(OCTOBER);
    assertThat(past.set(null)).isEqualTo(SYSTEM);
    assertThat(past.isStopped()).isFalse();
    assertThat(past.instant()).isEqualTo(SYSTEM);
  }
}
