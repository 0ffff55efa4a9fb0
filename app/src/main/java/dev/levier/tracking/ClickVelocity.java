package dev.levier.tracking;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts clicks per key (an address, a visitor) over the current minute, to flag sources that click
 * faster than people do. Counting is exact per key; memory is bounded: past {@code maxKeys} keys,
 * new ones are not counted until the next sweep forgets those idle for a minute.
 */
public final class ClickVelocity {
  private final int limitPerMinute;
  private final int maxKeys;
  private final ConcurrentHashMap<String, AtomicLong> windows = new ConcurrentHashMap<>();

  public ClickVelocity(int limitPerMinute, int maxKeys) {
    this.limitPerMinute = limitPerMinute;
    this.maxKeys = maxKeys;
  }

  /**
   * Counts one click for the key at the given minute and says whether the key is over its limit in
   * that minute. The minute and the count share one long, so the update is one atomic step.
   */
  public boolean countAndCheck(String key, long minute) {
    AtomicLong window = windows.get(key);
    if (window == null) {
      if (windows.size() >= maxKeys) {
        return false;
      }
      window = windows.computeIfAbsent(key, k -> new AtomicLong());
    }
    long packed;
    long next;
    do {
      packed = window.get();
      long count = (packed >>> 32) == (minute & 0xffffffffL) ? (packed & 0xffffffffL) : 0;
      next = ((minute & 0xffffffffL) << 32) | Math.min(count + 1, 0xffffffffL);
    } while (!window.compareAndSet(packed, next));
    return (next & 0xffffffffL) > limitPerMinute;
  }

  /** Forgets keys that have not clicked in the current or the previous minute. */
  public void sweep(long minute) {
    windows.values().removeIf(window -> (window.get() >>> 32) < ((minute - 1) & 0xffffffffL));
  }

  /** Keys being counted now. */
  public int size() {
    return windows.size();
  }
}
