package dev.levier.rtb;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * First-price bid shading. In a first-price auction the winner pays its bid, so bidding the full
 * value leaves no margin. Shading bids the price {@code b} that maximises the expected surplus
 * {@code (value − b) × W(b)}, where {@code W(b)} is the win rate observed at the price level of
 * {@code b}. Price levels are 5% apart on a log scale, from 1 micro; each counts bids and wins.
 *
 * <p>A level's rate is smoothed towards one half (two trials' weight) and made non-decreasing with
 * the price, since a higher bid never loses where a lower one won. Until the levels the candidates
 * fall in have seen {@link #MIN_OBSERVATIONS} bids together, the value itself is bid: shading on no
 * evidence would only lose auctions.
 *
 * <p>The counts outlive the process through {@link #unsaved}, {@link #saved} and {@link #load}, as
 * increments by level.
 */
public final class BidShading {
  static final int MIN_OBSERVATIONS = 100;
  private static final int LEVELS = 512;
  private static final double STEP = Math.log(1.05);
  private static final double[] CANDIDATES = {0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0};

  private final AtomicLongArray bids = new AtomicLongArray(LEVELS);
  private final AtomicLongArray wins = new AtomicLongArray(LEVELS);
  // What storage already holds, by level; read and written by the saver only.
  private final long[] savedBids = new long[LEVELS];
  private final long[] savedWins = new long[LEVELS];

  /** Bids and wins counted at one price level: absolute when loaded, increments when saved. */
  public record Count(int level, long bids, long wins) {}

  /**
   * Adds counts stored earlier (at start); they are not saved again. Unknown levels are ignored.
   */
  public synchronized void load(Count count) {
    int level = count.level();
    if (level < 0 || level >= LEVELS) {
      return;
    }
    bids.addAndGet(level, count.bids());
    wins.addAndGet(level, count.wins());
    savedBids[level] += count.bids();
    savedWins[level] += count.wins();
  }

  /** What each level counted since it was last {@link #saved}. */
  public synchronized java.util.List<Count> unsaved() {
    java.util.List<Count> out = new java.util.ArrayList<>();
    for (int i = 0; i < LEVELS; i++) {
      long b = bids.get(i) - savedBids[i];
      long w = wins.get(i) - savedWins[i];
      if (b != 0 || w != 0) {
        out.add(new Count(i, b, w));
      }
    }
    return out;
  }

  /** The increments {@link #unsaved} gave are stored. */
  public synchronized void saved(java.util.List<Count> increments) {
    for (Count count : increments) {
      savedBids[count.level()] += count.bids();
      savedWins[count.level()] += count.wins();
    }
  }

  /** The price level of a CPM. */
  static int level(long cpmMicros) {
    if (cpmMicros <= 1) {
      return 0;
    }
    return Math.min(LEVELS - 1, (int) (Math.log((double) cpmMicros) / STEP));
  }

  /** Counts a bid at a price, and whether it won. */
  public void observe(long bidCpmMicros, boolean won) {
    int level = level(bidCpmMicros);
    bids.incrementAndGet(level);
    if (won) {
      wins.incrementAndGet(level);
    }
  }

  /** Counts a win of a bid already counted by {@link #bid}. */
  public void won(long bidCpmMicros) {
    wins.incrementAndGet(level(bidCpmMicros));
  }

  /** Counts a bid whose outcome comes later through {@link #won}. */
  public void bid(long bidCpmMicros) {
    bids.incrementAndGet(level(bidCpmMicros));
  }

  /**
   * Takes back a bid counted by {@link #bid} that was never sent to compete: the answer to a test
   * auction, or one too late to be read. Counted, it would teach that such prices lose.
   */
  public void withdrawn(long bidCpmMicros) {
    bids.decrementAndGet(level(bidCpmMicros));
  }

  /**
   * The bid for an impression worth {@code valueCpm}, at least {@code floorCpm}; the value itself
   * when the floor leaves no room or too little has been seen.
   */
  public long shade(long valueCpm, long floorCpm) {
    if (valueCpm <= floorCpm) {
      return valueCpm;
    }
    int low = level(Math.max(floorCpm, valueCpm / 2));
    int high = level(valueCpm);
    long seen = 0;
    for (int i = low; i <= high; i++) {
      seen += bids.get(i);
    }
    if (seen < MIN_OBSERVATIONS) {
      return valueCpm;
    }
    long best = valueCpm;
    double bestSurplus = -1;
    for (double fraction : CANDIDATES) {
      long candidate = Math.max(floorCpm, Math.round(valueCpm * fraction));
      double surplus = (valueCpm - candidate) * winRate(candidate);
      if (surplus > bestSurplus) {
        bestSurplus = surplus;
        best = candidate;
      }
    }
    return best;
  }

  /** The smoothed, non-decreasing win rate at a price. */
  double winRate(long cpmMicros) {
    int top = level(cpmMicros);
    double rate = 0;
    for (int i = 0; i <= top; i++) {
      long n = bids.get(i);
      if (n > 0) {
        rate = Math.max(rate, SmoothedRates.smoothed(Math.min(wins.get(i), n), n, 0.5, 2));
      }
    }
    return rate;
  }
}
