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
 * visitors who clicked are kept, each with their last click, and a click converts once.
 */
public final class ProgrammaticClicks implements ConversionListener {

  /** How long after a click a sale still counts as its conversion. */
  static final Duration WINDOW = Duration.ofDays(30);

  /** How many visitors' last clicks are kept. */
  static final int MAX_VISITORS = 200_000;

  private record Click(List<String> levels, Instant at) {}

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

  private static @Nullable Click converts(@Nullable Click click, Instant orderedAt) {
    if (click == null || orderedAt.isBefore(click.at())) {
      return null;
    }
    return Duration.between(click.at(), orderedAt).compareTo(WINDOW) <= 0 ? click : null;
  }
}
