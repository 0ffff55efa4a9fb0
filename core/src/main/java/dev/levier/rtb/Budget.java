package dev.levier.rtb;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * One line item's money in memory: what it spent today and over its flight, and what its bids in
 * flight could still cost. A bid is made only when its price fits, so the bids of many event loops
 * together never promise more than the budget; the clearing price of a won bid is at most the bid,
 * so billed spend stays within the daily budget. (Reservations that lapse without a notice are
 * released; a billing notice arriving after that is still counted, which is how spend can pass the
 * budget by a little: see docs/rtb.md.)
 *
 * <p>With {@link Pacing#EVEN} the spend allowed by a moment of the day is the budget times the part
 * of the day gone by in the line item's time zone, plus {@link #EVEN_SLACK_PER_MILLE} per mille of
 * the budget so that bidding can start at midnight; ahead of the curve the line item waits.
 */
public final class Budget {
  static final long EVEN_SLACK_PER_MILLE = 5;

  private long dailyMicros;
  private long totalMicros;
  private Pacing pacing;
  private final ZoneId zone;
  private long spentBeforeToday;
  private long spentToday;
  private long reserved;
  private LocalDate day;

  // The current day's bounds as epoch milliseconds, so that a bid within the day needs no time-zone
  // arithmetic (the day's length varies on the days clocks change).
  private long dayStartMillis;
  private long dayEndMillis;

  /**
   * @param spentBeforeToday flight spend of earlier days, as stored
   * @param spentToday spend of the current day, as stored
   */
  public Budget(
      long dailyMicros,
      long totalMicros,
      Pacing pacing,
      ZoneId zone,
      long spentBeforeToday,
      long spentToday,
      Instant now) {
    this.dailyMicros = dailyMicros;
    this.totalMicros = totalMicros;
    this.pacing = pacing;
    this.zone = zone;
    this.spentBeforeToday = spentBeforeToday;
    this.spentToday = spentToday;
    startDay(LocalDate.ofInstant(now, zone));
  }

  /**
   * New limits for an edited line item. What was spent and what bids in flight reserved stay
   * counted, so a daily budget lowered below today's spend stops bidding for the rest of the day.
   */
  public synchronized void limit(long dailyMicros, long totalMicros, Pacing pacing) {
    this.dailyMicros = dailyMicros;
    this.totalMicros = totalMicros;
    this.pacing = pacing;
  }

  /** Sets aside the price of a bid if it fits; false if the bid must not be made. */
  public synchronized boolean reserve(long costMicros, Instant now) {
    roll(now);
    long committed = spentToday + reserved + costMicros;
    if (committed > dailyMicros || spentBeforeToday + committed > totalMicros) {
      return false;
    }
    if (pacing == Pacing.EVEN && committed > evenLimit(now)) {
      return false;
    }
    reserved += costMicros;
    return true;
  }

  /** A bid's reservation ends without spend: lost, or no notice came. */
  public synchronized void release(long reservedMicros) {
    reserved = Math.max(0, reserved - reservedMicros);
  }

  /** A billing notice: the reservation ends and the price paid is spent. */
  public synchronized void spend(long reservedMicros, long paidMicros, Instant now) {
    roll(now);
    reserved = Math.max(0, reserved - reservedMicros);
    spentToday += paidMicros;
  }

  public synchronized long spentToday(Instant now) {
    roll(now);
    return spentToday;
  }

  public synchronized long reserved() {
    return reserved;
  }

  /** Whether nothing more can be bought today or in the flight. */
  public synchronized boolean exhausted(Instant now) {
    roll(now);
    return spentToday >= dailyMicros || spentBeforeToday + spentToday >= totalMicros;
  }

  /** The spend the even curve allows by {@code now}; called with the lock held. */
  long evenLimit(Instant now) {
    long dayMillis = dayEndMillis - dayStartMillis;
    long gone = now.toEpochMilli() - dayStartMillis;
    double fraction = Math.min(1.0, Math.max(0.0, (double) gone / dayMillis));
    return (long) (dailyMicros * fraction) + dailyMicros * EVEN_SLACK_PER_MILLE / 1000;
  }

  private void roll(Instant now) {
    long millis = now.toEpochMilli();
    if (millis >= dayStartMillis && millis < dayEndMillis) {
      return;
    }
    LocalDate today = LocalDate.ofInstant(now, zone);
    if (today.isAfter(day)) {
      spentBeforeToday += spentToday;
      spentToday = 0;
      startDay(today);
    }
  }

  private void startDay(LocalDate today) {
    day = today;
    dayStartMillis = today.atStartOfDay(zone).toInstant().toEpochMilli();
    dayEndMillis = today.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
  }
}
