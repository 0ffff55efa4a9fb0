package dev.levier.rtb;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A day of auctions against one budget: requests arrive at random through the day, some bids win
 * and are billed at a random price up to the bid, the rest lose or are never heard of again.
 */
class PacingSimulationTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static final Instant MIDNIGHT = Instant.parse("2026-03-03T23:00:00Z");
  private static final long DAILY = 100_000_000L; // 100.00 a day
  private static final long MAX_BID_CPM = 10_000_000L; // 10.00 CPM

  @Test
  void evenPacingFollowsTheCurveWithinTenPercentAllDay() {
    Budget budget = new Budget(DAILY, DAILY * 30, Pacing.EVEN, PARIS, 0, 0, MIDNIGHT);
    Random random = new Random(7);
    // Four times the supply needed to spend the budget, evenly spread over the day.
    int requests = 200_000;
    long step = Duration.ofDays(1).toMillis() / requests;
    long spent = 0;
    for (int i = 0; i < requests; i++) {
      Instant now = MIDNIGHT.plusMillis(i * step);
      long bid = Micros.perImpression(2_000_000 + random.nextInt(8_000_000));
      if (budget.reserve(bid, now)) {
        if (random.nextDouble() < 0.5) {
          long paid = (long) (bid * (0.5 + random.nextDouble() / 2));
          budget.spend(bid, paid, now);
          spent += paid;
        } else {
          budget.release(bid);
        }
      }
      if (i % (requests / 24) == 0 && i > 0) {
        double curve = DAILY * ((double) i / requests);
        assertThat(Math.abs(spent - curve))
            .as("hour %d: spent %d, curve %.0f", i / (requests / 24), spent, curve)
            .isLessThanOrEqualTo(DAILY * 0.10);
      }
    }
    assertThat(spent).isLessThanOrEqualTo(DAILY).isGreaterThan((long) (DAILY * 0.9));
  }

  @Test
  void manyThreadsBiddingAtOnceNeverPassTheDailyBudget() throws Exception {
    Budget budget = new Budget(DAILY, DAILY * 30, Pacing.ASAP, PARIS, 0, 0, MIDNIGHT);
    AtomicLong spent = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    for (int t = 0; t < 8; t++) {
      int seed = t;
      pool.execute(
          () -> {
            Random random = new Random(seed);
            for (int i = 0; i < 200_000; i++) {
              Instant now = MIDNIGHT.plusSeconds(3600);
              long bid = Micros.perImpression(1 + random.nextInt((int) MAX_BID_CPM));
              if (budget.reserve(bid, now)) {
                if (random.nextBoolean()) {
                  long paid = bid - random.nextInt((int) Math.max(1, bid / 2));
                  budget.spend(bid, paid, now);
                  spent.addAndGet(paid);
                } else {
                  budget.release(bid);
                }
              }
            }
          });
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    assertThat(spent.get())
        .isEqualTo(budget.spentToday(MIDNIGHT.plusSeconds(3600)))
        .isLessThanOrEqualTo(DAILY + DAILY / 100 + Micros.perImpression(MAX_BID_CPM))
        .isGreaterThan(DAILY * 99 / 100);
    assertThat(budget.reserve(Micros.perImpression(MAX_BID_CPM), MIDNIGHT.plusSeconds(3600)))
        .isFalse();
    // A new day in the line item's time zone starts from nothing.
    assertThat(budget.reserve(1_000, MIDNIGHT.plus(Duration.ofDays(1)))).isTrue();
  }
}
