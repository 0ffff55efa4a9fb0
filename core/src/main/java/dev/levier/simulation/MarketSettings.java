package dev.levier.simulation;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What to simulate: how many customers, over how many days from {@code start}, drawn from which
 * seed. The same settings give the same market, step for step.
 *
 * @param customers shoppers in the market, 50 to 1,000,000
 * @param days length of the simulated period, 1 to 366
 * @param seed the random seed
 * @param start the first instant of the period, a whole minute
 */
public record MarketSettings(int customers, int days, long seed, Instant start) {
  public MarketSettings {
    if (customers < 50 || customers > 1_000_000) {
      throw new IllegalArgumentException("customers: must be from 50 to 1000000, was " + customers);
    }
    if (days < 1 || days > 366) {
      throw new IllegalArgumentException("days: must be from 1 to 366, was " + days);
    }
    if (!start.truncatedTo(ChronoUnit.MINUTES).equals(start)) {
      throw new IllegalArgumentException("start: must be a whole minute, was " + start);
    }
  }

  /** The end of the period, exclusive. */
  public Instant end() {
    return start.plus(days, ChronoUnit.DAYS);
  }
}
