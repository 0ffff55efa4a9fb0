package dev.levier.clock;

import dev.levier.errors.ConflictException;
import dev.levier.errors.ValidationException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;

/**
 * The clock every part of the server reads: the system clock, or, when the server was started with
 * {@code clock=simulated}, a clock that the admin may stop at a chosen instant and move forward
 * ({@code PUT /api/v1/clock}). {@code levier demo} plays a past month this way: a click is recorded
 * at the time the clock shows when it arrives, so the simulator sets the clock to each click's
 * minute before sending it.
 *
 * <p>The first setting may go anywhere (a simulation chooses its period, usually in the past); from
 * then on it only moves forward, since velocity counts and experiments' windows expect time to:
 * back on the system clock, it may not go back either.
 */
public final class ServerClock extends Clock {
  private final Clock system;
  private final boolean settable;
  private volatile @Nullable Instant stopped;
  private boolean everSet;

  private ServerClock(Clock system, boolean settable) {
    this.system = system;
    this.settable = settable;
  }

  /** The system clock, which no request can change. */
  public static ServerClock system() {
    return new ServerClock(Clock.systemUTC(), false);
  }

  /** A clock that runs with the system's until the admin sets it. */
  public static ServerClock simulated() {
    return new ServerClock(Clock.systemUTC(), true);
  }

  /** A settable clock over another clock, for tests. */
  public static ServerClock simulated(Clock system) {
    return new ServerClock(system, true);
  }

  @Override
  public Instant instant() {
    Instant at = stopped;
    return at == null ? system.instant() : at;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    // Every reader works in UTC instants; a zoned view would be a second clock to keep in step.
    throw new UnsupportedOperationException("the server clock is in UTC");
  }

  /** Whether the admin may set it. */
  public boolean settable() {
    return settable;
  }

  /** Whether it is stopped at a set instant rather than running with the system clock. */
  public boolean isStopped() {
    return stopped != null;
  }

  /**
   * Stops the clock at {@code at}, or lets it run with the system clock again when null, and
   * returns the time it now shows.
   *
   * @throws ConflictException when the server runs on the system clock
   * @throws ValidationException when the clock would go back in time
   */
  public synchronized Instant set(@Nullable Instant at) {
    if (!settable) {
      throw new ConflictException(
          "the server runs on the system clock; start it with clock=simulated to set it");
    }
    Instant current = instant();
    Instant next = at == null ? system.instant() : at;
    if (everSet && next.isBefore(current)) {
      throw ValidationException.of(
          "now",
          at == null
              ? "the clock shows "
                  + current
                  + ", after the system clock; set it until the system clock has caught up"
              : "must not be before the clock's time, " + current);
    }
    everSet = true;
    stopped = at;
    return next;
  }
}
