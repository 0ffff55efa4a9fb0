package dev.levier.rtb;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Impressions per user and line item, by hour, day (UTC) and flight, in memory. An impression is
 * counted when the bid is made and taken back when it loses, so concurrent requests cannot pass a
 * cap between a bid and its win notice. At most {@code maxKeys} pairs are kept; past that, pairs
 * idle for a day are swept first, and a new pair is refused (no bid) rather than forgetting one.
 */
public final class FrequencyCounter {
  private final int maxKeys;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

  public FrequencyCounter(int maxKeys) {
    this.maxKeys = maxKeys;
  }

  /** Counts one impression if the caps allow it; false (and nothing counted) if one is reached. */
  public boolean tryCount(String lineItemId, String user, FrequencyCaps caps, Instant now) {
    String key = lineItemId + '\n' + user;
    Window window = windows.get(key);
    if (window == null) {
      if (windows.size() >= maxKeys) {
        sweep(now);
        if (windows.size() >= maxKeys) {
          return false;
        }
      }
      window = windows.computeIfAbsent(key, k -> new Window());
    }
    return window.tryCount(caps, now.getEpochSecond());
  }

  /** Takes back an impression counted for a bid that lost. */
  public void uncount(String lineItemId, String user, Instant now) {
    Window window = windows.get(lineItemId + '\n' + user);
    if (window != null) {
      window.uncount(now.getEpochSecond());
    }
  }

  /** Forgets pairs not seen for a day; their flight counts go with them. */
  public void sweep(Instant now) {
    long day = now.getEpochSecond() / 86_400;
    windows.values().removeIf(w -> w.idleSince(day));
  }

  public int size() {
    return windows.size();
  }

  private static final class Window {
    private long hour = -1;
    private long day = -1;
    private int inHour;
    private int inDay;
    private int inFlight;

    synchronized boolean tryCount(FrequencyCaps caps, long epochSecond) {
      roll(epochSecond);
      if ((caps.perHour() > 0 && inHour >= caps.perHour())
          || (caps.perDay() > 0 && inDay >= caps.perDay())
          || (caps.perFlight() > 0 && inFlight >= caps.perFlight())) {
        return false;
      }
      inHour++;
      inDay++;
      inFlight++;
      return true;
    }

    synchronized void uncount(long epochSecond) {
      roll(epochSecond);
      inHour = Math.max(0, inHour - 1);
      inDay = Math.max(0, inDay - 1);
      inFlight = Math.max(0, inFlight - 1);
    }

    synchronized boolean idleSince(long today) {
      return day < today - 1;
    }

    private void roll(long epochSecond) {
      long h = epochSecond / 3600;
      long d = epochSecond / 86_400;
      if (h != hour) {
        hour = h;
        inHour = 0;
      }
      if (d != day) {
        day = d;
        inDay = 0;
      }
    }
  }
}
