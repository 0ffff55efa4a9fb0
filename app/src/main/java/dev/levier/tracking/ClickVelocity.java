package dev.levier.tracking;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts clicks per key (an address, a visitor) over the current minute, to flag sources that click
 * faster than people do. Keys are 64-bit digests ({@link #key(IpAddress)}, {@link #key(String)}),
 * so an entry costs about 64 bytes whatever the key. Memory is bounded: past {@code maxKeys} keys,
 * new ones are not counted until the next sweep forgets those idle for a minute.
 */
public final class ClickVelocity {
  private final int limitPerMinute;
  private final int maxKeys;
  private final ConcurrentHashMap<Long, AtomicLong> windows = new ConcurrentHashMap<>();

  public ClickVelocity(int limitPerMinute, int maxKeys) {
    this.limitPerMinute = limitPerMinute;
    this.maxKeys = maxKeys;
  }

  /** The key of an address: its 128 bits folded into 64. */
  public static long key(IpAddress address) {
    return mix(address.high() * 0x9e37_79b9_7f4a_7c15L ^ address.low());
  }

  /** The key of a text such as a visitor id: FNV-1a over its characters, then mixed. */
  public static long key(String text) {
    long hash = 0xcbf2_9ce4_8422_2325L;
    for (int i = 0; i < text.length(); i++) {
      hash = (hash ^ text.charAt(i)) * 0x0000_0100_0000_01b3L;
    }
    return mix(hash);
  }

  /** The finaliser of SplitMix64: every input bit reaches every output bit. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58_476d_1ce4_e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d0_49bb_1331_11ebL;
    return z ^ (z >>> 31);
  }

  /**
   * Counts one click for the key at the given minute and says whether the key is over its limit in
   * that minute, adding {@code uncounted} clicks known to have happened in that minute without
   * being counted. The minute and the count share one long, so the update is one atomic step.
   */
  public boolean countAndCheck(long key, long minute, int uncounted) {
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
    return (next & 0xffffffffL) + uncounted > limitPerMinute;
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
