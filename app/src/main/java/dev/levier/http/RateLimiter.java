package dev.levier.http;

import dev.levier.errors.RateLimitedException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A token bucket per API key: each key may send {@code perSecond} requests a second on average and
 * {@code burst} at once. One busy client cannot starve the others of the server's workers.
 */
public final class RateLimiter {
  private static final int MAX_TRACKED_KEYS = 10_000;

  private final double perSecond;
  private final double burst;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  public RateLimiter(int perSecond, int burst) {
    if (perSecond < 1 || burst < 1) {
      throw new IllegalArgumentException("rate and burst must be at least 1");
    }
    this.perSecond = perSecond;
    this.burst = burst;
  }

  /** Takes one token for the key, or throws with the wait until the next one. */
  public void acquire(String key, long nowNanos) {
    if (buckets.size() > MAX_TRACKED_KEYS) {
      // Full buckets hold no state worth keeping: their keys have been idle long enough.
      buckets.values().removeIf(bucket -> bucket.isFull(nowNanos));
    }
    Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(nowNanos));
    double waitSeconds = bucket.take(nowNanos);
    if (waitSeconds > 0) {
      throw new RateLimitedException(
          "more than "
              + (long) perSecond
              + " requests a second (bursts of "
              + (long) burst
              + ") with this key; slow down",
          (int) Math.max(1, Math.ceil(waitSeconds)));
    }
  }

  private final class Bucket {
    private double tokens = burst;
    private long updatedNanos;

    Bucket(long nowNanos) {
      this.updatedNanos = nowNanos;
    }

    /** Takes a token and returns 0, or returns how long until one is available. */
    synchronized double take(long nowNanos) {
      refill(nowNanos);
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return (1 - tokens) / perSecond;
    }

    synchronized boolean isFull(long nowNanos) {
      refill(nowNanos);
      return tokens >= burst;
    }

    private void refill(long nowNanos) {
      double elapsed = (nowNanos - updatedNanos) / (double) TimeUnit.SECONDS.toNanos(1);
      if (elapsed > 0) {
        tokens = Math.min(burst, tokens + elapsed * perSecond);
        updatedNanos = nowNanos;
      }
    }
  }
}
