package dev.levier.conversion;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Last-touch attribution: the latest qualifying touch of the most direct key gets all the credit.
 *
 * <p>Keys are tried in the order of {@link AttributionKey}: the click ID the advertiser handed
 * back, then the coupon code used, then a click by the same visitor, then a click tied to the same
 * customer. A more direct key wins over a later touch found by a weaker one, because it is better
 * evidence of what closed this sale: a click ID names the very click, a visitor match only says the
 * same browser clicked at some point.
 *
 * <p>A touch qualifies when it happened at or before the order and is not older than the window:
 * {@code orderedAt − window ≤ occurredAt ≤ orderedAt}. Both ends are inclusive, so a touch exactly
 * {@code window} old still counts and one a nanosecond older does not; a touch at the very instant
 * of the order counts. Touches after the order never count: a click cannot have caused a sale that
 * was already made. Among the qualifying touches of a key, the latest wins; of two at the same
 * instant, the one listed first. A key whose touches all fail falls through to the next key.
 *
 * <p>Neither commissionability nor fraud flags change the winner. Attribution answers who closed
 * the sale; handing the credit of a suspended partnership's click to an older touch would pay a
 * publisher who did not close it. Commissions read {@link Touch#commissionable()}, and {@link
 * FraudChecks} reads the flags.
 */
public final class LastTouchAttribution {

  /** Skipped touches noted per key; beyond this, their count is noted, so notes stay short. */
  static final int MAX_SKIP_NOTES = 5;

  /** The keys that find touches, in the order they are tried. */
  private static final List<AttributionKey> KEYS =
      List.of(
          AttributionKey.CLICK_ID,
          AttributionKey.COUPON,
          AttributionKey.VISITOR,
          AttributionKey.CUSTOMER);

  private LastTouchAttribution() {}

  /**
   * Finds the touch that gets the credit for an order.
   *
   * @param orderedAt when the order was placed
   * @param window how far back a touch may be, strictly positive (the programme's attribution
   *     window, 30 days for many)
   * @param byClickId touches found by the click ID sent with the conversion, of kind {@link
   *     TouchKind#CLICK}
   * @param byCoupon touches found by the coupon code, of kind {@link TouchKind#COUPON}
   * @param byVisitor touches found by the visitor, of kind {@link TouchKind#VISITOR_CLICK}
   * @param byCustomer touches found by the customer, of kind {@link TouchKind#CUSTOMER_CLICK}
   * @return the winner and the notes; {@link AttributionKey#NONE} when nothing qualifies
   * @throws IllegalArgumentException if the window is not positive, or a list holds a touch of
   *     another kind than its key finds (the caller mixed up the lookups)
   */
  public static Attribution attribute(
      Instant orderedAt,
      Duration window,
      List<Touch> byClickId,
      List<Touch> byCoupon,
      List<Touch> byVisitor,
      List<Touch> byCustomer) {
    Objects.requireNonNull(orderedAt, "orderedAt");
    Objects.requireNonNull(window, "window");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("the attribution window must be positive, was " + window);
    }
    List<List<Touch>> byKey = List.of(byClickId, byCoupon, byVisitor, byCustomer);
    for (int k = 0; k < byKey.size(); k++) {
      AttributionKey key = KEYS.get(k);
      for (Touch touch : byKey.get(k)) {
        if (touch.kind().key() != key) {
          throw new IllegalArgumentException(
              "a touch of kind " + touch.kind() + " was given among the touches found by " + key);
        }
      }
    }

    List<String> notes = new ArrayList<>();
    for (int k = 0; k < byKey.size(); k++) {
      AttributionKey key = KEYS.get(k);
      Touch winner = tryKey(key, byKey.get(k), orderedAt, window, notes);
      if (winner != null) {
        return new Attribution(key, winner, notes);
      }
    }
    notes.add("no touch qualified; the conversion is unattributed");
    return Attribution.unattributed(notes);
  }

  /** The latest qualifying touch of one key, or null; notes what was tried and skipped. */
  private static @Nullable Touch tryKey(
      AttributionKey key,
      List<Touch> touches,
      Instant orderedAt,
      Duration window,
      List<String> notes) {
    if (touches.isEmpty()) {
      notes.add(key.label() + ": nothing found");
      return null;
    }
    Touch best = null;
    int qualifying = 0;
    int skipped = 0;
    for (Touch touch : touches) {
      String skip = whySkipped(touch, orderedAt, window);
      if (skip != null) {
        skipped++;
        if (skipped <= MAX_SKIP_NOTES) {
          notes.add(skip);
        }
        continue;
      }
      qualifying++;
      if (best == null || touch.occurredAt().isAfter(best.occurredAt())) {
        best = touch;
      }
    }
    if (skipped > MAX_SKIP_NOTES) {
      int more = skipped - MAX_SKIP_NOTES;
      notes.add(
          key.label()
              + ": "
              + more
              + " more "
              + (more == 1 ? "touch was" : "touches were")
              + " skipped for the same reasons");
    }
    if (best == null) {
      notes.add(
          key.label()
              + ": none of the "
              + touches.size()
              + (touches.size() == 1 ? " touch" : " touches")
              + " qualified, trying the next key");
      return null;
    }
    StringBuilder won =
        new StringBuilder(key.label())
            .append(": ")
            .append(best.describe())
            .append(best.kind().isClick() ? " of publisher " + best.publisherId() : "")
            .append(", ")
            .append(before(best.occurredAt(), orderedAt))
            .append(", wins");
    if (qualifying > 1) {
      int others = qualifying - 1;
      won.append(" over ")
          .append(others)
          .append(others == 1 ? " other qualifying touch" : " other qualifying touches");
    }
    notes.add(won.toString());
    if (!best.commissionable()) {
      notes.add(
          best.describe() + " came through a partnership that is not commissionable at present");
    }
    return best;
  }

  /** Why a touch does not qualify, in words, or null if it does. */
  private static @Nullable String whySkipped(Touch touch, Instant orderedAt, Duration window) {
    if (touch.occurredAt().isAfter(orderedAt)) {
      return touch.describe()
          + " is "
          + Durations.words(Duration.between(orderedAt, touch.occurredAt()))
          + " after the order; touches after the order never count";
    }
    Duration age = Duration.between(touch.occurredAt(), orderedAt);
    if (age.compareTo(window) > 0) {
      return touch.describe()
          + " is "
          + Durations.words(age)
          + " old, outside the "
          + Durations.window(window);
    }
    return null;
  }

  private static String before(Instant touchAt, Instant orderedAt) {
    Duration age = Duration.between(touchAt, orderedAt);
    return age.isZero() ? "at the time of the order" : Durations.words(age) + " before the order";
  }
}
