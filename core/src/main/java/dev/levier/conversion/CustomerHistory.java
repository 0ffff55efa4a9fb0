package dev.levier.conversion;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Decides a customer's status from their order history, which the caller looks up. */
public final class CustomerHistory {

  /** Long enough for any programme's setting (about 27 years), small enough to stay exact. */
  public static final int MAX_LAPSED_AFTER_DAYS = 10_000;

  private CustomerHistory() {}

  /**
   * The customer's status for an order placed at {@code orderedAt}.
   *
   * <ul>
   *   <li>{@link CustomerStatus#NEW} when there is no earlier order ({@code lastOrderBefore} is
   *       null);
   *   <li>{@link CustomerStatus#LAPSED} when the last earlier order is <em>more than</em> {@code
   *       lapsedAfterDays} days before this one;
   *   <li>{@link CustomerStatus#RETURNING} otherwise, including a gap of exactly {@code
   *       lapsedAfterDays} days, and an earlier order at the same instant.
   * </ul>
   *
   * <p>A day is exactly 24 hours on the UTC time line ({@link Duration#ofDays}), not a calendar
   * date in some time zone, so the answer does not depend on where the advertiser is and a daylight
   * saving change moves nothing. With 365 days, an order 365 days to the nanosecond after the last
   * one is returning, one nanosecond later it is lapsed.
   *
   * @param lastOrderBefore when this customer's latest earlier order was placed, or null if there
   *     is none; must not be after {@code orderedAt}
   * @param orderedAt when the order being classified was placed
   * @param lapsedAfterDays the programme's setting, 1 to {@value #MAX_LAPSED_AFTER_DAYS}
   * @throws IllegalArgumentException if {@code lapsedAfterDays} is out of range, or if {@code
   *     lastOrderBefore} is after {@code orderedAt} (the caller looked up the wrong order)
   */
  public static CustomerStatus status(
      @Nullable Instant lastOrderBefore, Instant orderedAt, int lapsedAfterDays) {
    Objects.requireNonNull(orderedAt, "orderedAt");
    if (lapsedAfterDays < 1 || lapsedAfterDays > MAX_LAPSED_AFTER_DAYS) {
      throw new IllegalArgumentException(
          "lapsedAfterDays must be between 1 and "
              + MAX_LAPSED_AFTER_DAYS
              + ", was "
              + lapsedAfterDays);
    }
    if (lastOrderBefore == null) {
      return CustomerStatus.NEW;
    }
    if (lastOrderBefore.isAfter(orderedAt)) {
      throw new IllegalArgumentException(
          "the last earlier order ("
              + lastOrderBefore
              + ") is after the order being classified ("
              + orderedAt
              + ")");
    }
    Duration gap = Duration.between(lastOrderBefore, orderedAt);
    return gap.compareTo(Duration.ofDays(lapsedAfterDays)) > 0
        ? CustomerStatus.LAPSED
        : CustomerStatus.RETURNING;
  }
}
