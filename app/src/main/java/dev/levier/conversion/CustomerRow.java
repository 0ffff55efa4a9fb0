package dev.levier.conversion;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A customer identity's order history as the sale writer needs it: the first and latest orders, the
 * visitors (browsers) its orders came from, the one seen last at the end, at most {@link
 * #LINKED_VISITORS}: they stitch the customer's devices into one journey; and its latest orders
 * ({@link #recentOrders}), from which the writer derives the customer's status and finds duplicate
 * orders without an index of the sales by customer.
 */
record CustomerRow(
    long advertiserRow,
    String key,
    Instant firstOrderAt,
    Instant lastOrderAt,
    int orders,
    List<String> visitors,
    List<PastOrder> recentOrders) {

  /**
   * How many visitors a customer identity keeps, the latest: an identity seen on more browsers than
   * this is shared (a guest checkout's reference, a household's e-mail), and its oldest browsers
   * say little about who brought this sale. It bounds the row and each batch's lookups.
   */
  static final int LINKED_VISITORS = 64;

  /**
   * The orders an identity always keeps, the latest by the time they were placed: enough to give
   * the status of an order reported after a few later ones, and to find its twin however long
   * before the customer's latest order it was placed.
   */
  static final int KEPT_ORDERS = 16;

  /**
   * How far behind its latest order an identity keeps every order, beyond {@link #KEPT_ORDERS}:
   * twice the duplicate window, so that a busy customer's report up to one window late still sees
   * every order of its own window.
   */
  static final Duration KEPT_SPAN =
      Duration.ofMinutes(2L * FraudPolicy.DEFAULT_DUPLICATE_WINDOW_MINUTES);

  /** The most orders an identity keeps, whatever their times: it bounds the row. */
  static final int MAX_KEPT_ORDERS = 64;

  private static final Comparator<PastOrder> BY_TIME =
      Comparator.comparing(PastOrder::orderedAt).thenComparingLong(PastOrder::conversionRow);

  /**
   * One of the identity's orders: its conversion's row, when it was placed (to the millisecond) and
   * its total in minor units, stored as {@code millis/total/row}.
   */
  record PastOrder(long conversionRow, Instant orderedAt, long totalMinor) {
    PastOrder {
      orderedAt = Instant.ofEpochMilli(orderedAt.toEpochMilli());
    }

    static PastOrder parse(String stored) {
      String[] parts = stored.split("/", -1);
      if (parts.length != 3) {
        throw new IllegalStateException("a customer's stored order is malformed: " + stored);
      }
      return new PastOrder(
          Long.parseLong(parts[2]),
          Instant.ofEpochMilli(Long.parseLong(parts[0])),
          Long.parseLong(parts[1]));
    }

    String stored() {
      return orderedAt.toEpochMilli() + "/" + totalMinor + "/" + conversionRow;
    }
  }

  CustomerRow {
    visitors = List.copyOf(visitors);
    recentOrders = List.copyOf(recentOrders);
  }

  static CustomerRow first(
      long advertiserRow, String key, PastOrder order, @Nullable String visitor) {
    return new CustomerRow(
        advertiserRow,
        key,
        order.orderedAt(),
        order.orderedAt(),
        1,
        visitor == null ? List.of() : List.of(visitor),
        List.of(order));
  }

  /**
   * The row once {@code order}, from {@code visitor} if known, is added. An order already kept (the
   * signed report of an order a pixel reported) takes its place and is not counted again.
   */
  CustomerRow ordered(PastOrder order, @Nullable String visitor) {
    List<String> linked = visitors;
    if (visitor != null && (visitors.isEmpty() || !visitors.getLast().equals(visitor))) {
      // A browser seen again is the latest again: the oldest are the ones to go.
      List<String> grown = new ArrayList<>(visitors);
      grown.remove(visitor);
      grown.add(visitor);
      linked = grown.subList(Math.max(0, grown.size() - LINKED_VISITORS), grown.size());
    }
    List<PastOrder> kept = new ArrayList<>(recentOrders.size() + 1);
    boolean known = false;
    for (PastOrder past : recentOrders) {
      if (past.conversionRow() == order.conversionRow()) {
        known = true;
      } else {
        kept.add(past);
      }
    }
    kept.add(order);
    kept.sort(BY_TIME);
    Instant last = lastOrderAt.isAfter(order.orderedAt()) ? lastOrderAt : order.orderedAt();
    Instant first = firstOrderAt.isBefore(order.orderedAt()) ? firstOrderAt : order.orderedAt();
    return new CustomerRow(
        advertiserRow,
        key,
        first,
        last,
        known ? orders : orders + 1,
        linked,
        kept.subList(keptFrom(kept, last), kept.size()));
  }

  /**
   * Where the kept orders begin: the latest {@link #KEPT_ORDERS}, and every one within {@link
   * #KEPT_SPAN} of the latest, at most {@link #MAX_KEPT_ORDERS}. Each rule keeps a run of the
   * latest orders, so what is kept is always every order from the oldest kept on.
   */
  private static int keptFrom(List<PastOrder> sorted, Instant last) {
    Instant spanStart = last.minus(KEPT_SPAN);
    int withinSpan = sorted.size();
    while (withinSpan > 0 && !sorted.get(withinSpan - 1).orderedAt().isBefore(spanStart)) {
      withinSpan--;
    }
    int from = Math.min(Math.max(0, sorted.size() - KEPT_ORDERS), withinSpan);
    return Math.max(from, sorted.size() - MAX_KEPT_ORDERS);
  }

  /** Whether every order of the identity is kept: none has been let go. */
  boolean keepsEveryOrder() {
    return recentOrders.size() >= orders;
  }

  /**
   * The latest order placed at or before {@code at} other than {@code excludedRow}'s, among the
   * kept ones; {@code null} when none is kept, which {@link #mayHaveOrderBefore} tells apart from
   * none at all.
   */
  @Nullable Instant latestOrderAtOrBefore(Instant at, long excludedRow) {
    Instant precise = Instant.ofEpochMilli(at.toEpochMilli());
    Instant found = null;
    for (PastOrder past : recentOrders) {
      if (past.conversionRow() != excludedRow && !past.orderedAt().isAfter(precise)) {
        found = past.orderedAt();
      }
    }
    return found;
  }

  /**
   * Whether an order at or before {@code at} may exist that is not kept: some orders were let go,
   * and the first of all was placed at or before {@code at}.
   */
  boolean mayHaveOrderBefore(Instant at) {
    return !keepsEveryOrder() && !firstOrderAt.isAfter(at);
  }

  static List<String> visitorsOf(String stored) {
    return stored.isEmpty() ? List.of() : List.of(stored.split(" "));
  }

  static List<PastOrder> ordersOf(String stored) {
    if (stored.isEmpty()) {
      return List.of();
    }
    List<PastOrder> parsed = new ArrayList<>();
    for (String one : stored.split(" ", -1)) {
      parsed.add(PastOrder.parse(one));
    }
    parsed.sort(BY_TIME);
    return parsed;
  }

  String storedVisitors() {
    return String.join(" ", visitors);
  }

  String storedOrders() {
    StringBuilder out = new StringBuilder(recentOrders.size() * 32);
    for (PastOrder past : recentOrders) {
      if (!out.isEmpty()) {
        out.append(' ');
      }
      out.append(past.stored());
    }
    return out.toString();
  }
}
