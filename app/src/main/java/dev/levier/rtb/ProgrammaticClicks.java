package dev.levier.rtb;

import dev.levier.conversion.Conversion;
import dev.levier.conversion.ConversionListener;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the bidder learns from sales: the placements whose ads were clicked, by visitor, so that a
 * sale of that visitor within {@link #WINDOW} counts as a conversion of the click at the levels the
 * bid was made for (format, placement, segment), and the predicted conversion rates move with what
 * really sells.
 *
 * <p>In memory, as the rest of the bidder's learning: the most recent {@value #MAX_VISITORS}
 * visitors who clicked are kept, each with their last click, and a click converts once. The clicks
 * are stored with the learnt counts ({@link RtbState}) and loaded at start, so that a sale after a
 * restart still counts.
 */
public final class ProgrammaticClicks implements ConversionListener {

  /** How long after a click a sale still counts as its conversion. */
  static final Duration WINDOW = Duration.ofDays(30);

  /** How many visitors' last clicks are kept. */
  static final int MAX_VISITORS = 200_000;

  /** A visitor's last ad click, at the levels its bid was made for. */
  record Click(List<String> levels, Instant at) {}

  private final SmoothedRates rates;
  private final java.util.concurrent.atomic.AtomicLong conversions =
      new java.util.concurrent.atomic.AtomicLong();

  private final Map<String, Click> byVisitor =
      new LinkedHashMap<>(1024, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Click> eldest) {
          return size() > MAX_VISITORS;
        }
      };

  /** Visitors whose last click changed (clicked, or converted) since the clicks were last saved. */
  private final java.util.Set<String> changed = new java.util.HashSet<>();

  public ProgrammaticClicks(SmoothedRates rates) {
    this.rates = rates;
  }

  /** The rates the bidder predicts with, and that clicks and sales teach. */
  public SmoothedRates rates() {
    return rates;
  }

  /** A visitor clicked an ad bought at these levels. */
  public void clicked(String visitorId, List<String> levels, Instant at) {
    rates.click(levels);
    synchronized (byVisitor) {
      byVisitor.remove(visitorId);
      byVisitor.put(visitorId, new Click(List.copyOf(levels), at));
      if (changed.size() < MAX_VISITORS) {
        changed.add(visitorId);
      }
    }
  }

  @Override
  public void stored(Conversion conversion) {
    String visitor = conversion.visitorId();
    if (visitor != null) {
      converted(visitor, conversion.orderedAt());
    }
  }

  /**
   * A visitor ordered: its last click, if it came within {@link #WINDOW} before, converted; returns
   * whether it did.
   */
  public boolean converted(String visitor, Instant orderedAt) {
    Click click;
    synchronized (byVisitor) {
      click = converts(byVisitor.get(visitor), orderedAt);
      if (click != null) {
        byVisitor.remove(visitor);
        changed.add(visitor);
      }
    }
    if (click == null) {
      return false;
    }
    rates.conversion(click.levels());
    conversions.incrementAndGet();
    return true;
  }

  /** How many sales were counted as conversions of ad clicks since the start. */
  public long conversions() {
    return conversions.get();
  }

  /** A click stored earlier, loaded at start (the oldest first, so the newest are kept). */
  void load(String visitorId, Click click) {
    synchronized (byVisitor) {
      byVisitor.put(visitorId, click);
    }
  }

  /**
   * The visitors whose last click changed since the last call, each with its click or null when it
   * converted (or was pushed out by newer ones): what storage must write or delete.
   */
  Map<String, @Nullable Click> changes() {
    synchronized (byVisitor) {
      Map<String, @Nullable Click> out = new java.util.HashMap<>();
      for (String visitor : changed) {
        out.put(visitor, byVisitor.get(visitor));
      }
      changed.clear();
      return out;
    }
  }

  /** Changes that could not be stored, to be tried again with the next ones. */
  void unsaved(java.util.Set<String> visitors) {
    synchronized (byVisitor) {
      changed.addAll(visitors);
    }
  }

  private static @Nullable Click converts(@Nullable Click click, Instant orderedAt) {
    if (click == null || orderedAt.isBefore(click.at())) {
      return null;
    }
    return Duration.between(click.at(), orderedAt).compareTo(WINDOW) <= 0 ? click : null;
  }
}
