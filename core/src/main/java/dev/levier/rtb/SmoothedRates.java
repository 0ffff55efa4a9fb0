package dev.levier.rtb;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Click and conversion rates learnt from what happened, smoothed the Bayesian way so that a new
 * placement is not judged on three impressions. Each rate is the mean of a beta distribution whose
 * prior is the rate one level up: the network's prior, then the format, then the format on one
 * placement, then within one audience segment. A level with {@code n} trials and {@code k}
 * successes gives {@code (k + m·s) / (n + s)}, where {@code m} is the level above and {@code s} the
 * prior's strength in trials; with no trials it is the level above, and with many it tends to what
 * was seen.
 *
 * <p>Counters are lock-free adders: wins, clicks and conversions are counted from the event loop.
 * What was learnt outlives the process through {@link #unsaved}, {@link #saved} and {@link #load}:
 * the counts are stored as increments, so that several nodes add to the same stored counts.
 */
public final class SmoothedRates {
  private final double priorClickRate;
  private final double priorConversionRate;
  private final double strength;
  private final ConcurrentHashMap<String, Counts> counts = new ConcurrentHashMap<>();

  /**
   * @param priorClickRate the click rate assumed before anything is seen, such as 0.001
   * @param priorConversionRate the conversion rate of a click assumed before anything is seen
   * @param strength how many trials the prior weighs, such as 1000 impressions
   */
  public SmoothedRates(double priorClickRate, double priorConversionRate, double strength) {
    if (!(priorClickRate > 0 && priorClickRate < 1)
        || !(priorConversionRate > 0 && priorConversionRate < 1)
        || !(strength > 0)) {
      throw new IllegalArgumentException(
          "priors must be within (0, 1) and the strength above zero");
    }
    this.priorClickRate = priorClickRate;
    this.priorConversionRate = priorConversionRate;
    this.strength = strength;
  }

  /** The levels of an impression, from the widest to the narrowest: format, placement, segment. */
  public static List<String> levels(String format, String placement, String segment) {
    String f = "f:" + format;
    String p = f + "|p:" + placement;
    return segment.isEmpty() ? List.of(f, p) : List.of(f, p, p + "|s:" + segment);
  }

  /** The predicted rates at the narrowest of the levels. */
  public Prediction predict(List<String> levels) {
    double click = priorClickRate;
    double conversion = priorConversionRate;
    for (String level : levels) {
      Counts c = counts.get(level);
      if (c != null) {
        long impressions = c.impressions.sum();
        long clicks = Math.min(c.clicks.sum(), impressions);
        long conversions = Math.min(c.conversions.sum(), clicks);
        click = smoothed(clicks, impressions, click, strength);
        conversion = smoothed(conversions, clicks, conversion, strength / 10);
      }
    }
    return new Prediction(click, conversion);
  }

  /** The beta-smoothed rate of {@code successes} in {@code trials} around the {@code prior}. */
  public static double smoothed(long successes, long trials, double prior, double strength) {
    return (successes + prior * strength) / (trials + strength);
  }

  public void impression(List<String> levels) {
    for (String level : levels) {
      counts.computeIfAbsent(level, k -> new Counts()).impressions.increment();
    }
  }

  public void click(List<String> levels) {
    for (String level : levels) {
      counts.computeIfAbsent(level, k -> new Counts()).clicks.increment();
    }
  }

  public void conversion(List<String> levels) {
    for (String level : levels) {
      counts.computeIfAbsent(level, k -> new Counts()).conversions.increment();
    }
  }

  /** What one level counted: absolute counts when loaded, increments when saved. */
  public record Count(String level, long impressions, long clicks, long conversions) {}

  /** Adds counts stored earlier (at start); they are not saved again. */
  public void load(Count count) {
    Counts c = counts.computeIfAbsent(count.level(), k -> new Counts());
    synchronized (c) {
      c.impressions.add(count.impressions());
      c.clicks.add(count.clicks());
      c.conversions.add(count.conversions());
      c.savedImpressions += count.impressions();
      c.savedClicks += count.clicks();
      c.savedConversions += count.conversions();
    }
  }

  /**
   * What each level counted since it was last {@link #saved}, the levels that counted nothing left
   * out.
   */
  public List<Count> unsaved() {
    List<Count> out = new java.util.ArrayList<>();
    counts.forEach(
        (level, c) -> {
          synchronized (c) {
            long impressions = c.impressions.sum() - c.savedImpressions;
            long clicks = c.clicks.sum() - c.savedClicks;
            long conversions = c.conversions.sum() - c.savedConversions;
            if (impressions != 0 || clicks != 0 || conversions != 0) {
              out.add(new Count(level, impressions, clicks, conversions));
            }
          }
        });
    return out;
  }

  /** The increments {@link #unsaved} gave are stored. */
  public void saved(List<Count> increments) {
    for (Count count : increments) {
      Counts c = counts.get(count.level());
      if (c != null) {
        synchronized (c) {
          c.savedImpressions += count.impressions();
          c.savedClicks += count.clicks();
          c.savedConversions += count.conversions();
        }
      }
    }
  }

  private static final class Counts {
    final LongAdder impressions = new LongAdder();
    final LongAdder clicks = new LongAdder();
    final LongAdder conversions = new LongAdder();
    // What storage already holds of the counts above; read and written by the saver only.
    long savedImpressions;
    long savedClicks;
    long savedConversions;
  }
}
