package dev.levier.conversion;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A customer identity's order history as the sale writer needs it: the latest order, and the
 * visitors (browsers) its orders came from, the one seen last at the end, at most {@link
 * #LINKED_VISITORS}: they stitch the customer's devices into one journey.
 */
record CustomerRow(
    long advertiserRow, String key, Instant lastOrderAt, int orders, List<String> visitors) {

  /**
   * How many visitors a customer identity keeps, the latest: an identity seen on more browsers than
   * this is shared (a guest checkout's reference, a household's e-mail), and its oldest browsers
   * say little about who brought this sale. It bounds the row and each batch's lookups.
   */
  static final int LINKED_VISITORS = 64;

  CustomerRow {
    visitors = List.copyOf(visitors);
  }

  static CustomerRow first(
      long advertiserRow, String key, Instant orderedAt, @Nullable String visitor) {
    return new CustomerRow(
        advertiserRow, key, orderedAt, 1, visitor == null ? List.of() : List.of(visitor));
  }

  /** The row once an order at {@code orderedAt}, from {@code visitor} if known, is added. */
  CustomerRow ordered(Instant orderedAt, @Nullable String visitor) {
    List<String> linked = visitors;
    if (visitor != null && (visitors.isEmpty() || !visitors.getLast().equals(visitor))) {
      // A browser seen again is the latest again: the oldest are the ones to go.
      List<String> grown = new ArrayList<>(visitors);
      grown.remove(visitor);
      grown.add(visitor);
      linked = grown.subList(Math.max(0, grown.size() - LINKED_VISITORS), grown.size());
    }
    Instant last = lastOrderAt.isAfter(orderedAt) ? lastOrderAt : orderedAt;
    return new CustomerRow(advertiserRow, key, last, orders + 1, linked);
  }

  static List<String> visitorsOf(String stored) {
    return stored.isEmpty() ? List.of() : List.of(stored.split(" "));
  }

  String storedVisitors() {
    return String.join(" ", visitors);
  }
}
