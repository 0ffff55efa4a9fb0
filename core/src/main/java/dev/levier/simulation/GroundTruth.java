package dev.levier.simulation;

import dev.levier.network.PublisherType;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What is true of the orders that were placed: per honest publisher type, the revenue that would
 * not exist without it; and which orders carry which planted fraud.
 *
 * <p>An order's revenue is what the customer kept: the lines less the unit sent back, nothing once
 * cancelled. It is summed in euro cents at the market's fixed rates, so that advertisers in other
 * currencies add up.
 *
 * @param incrementalEuroCents by publisher type, the net revenue of the orders it caused
 * @param netEuroCents the net revenue of every order placed, fraud included
 * @param orders orders placed
 * @param planted by kind, the ids of the placed orders that carry it
 */
public record GroundTruth(
    Map<PublisherType, Long> incrementalEuroCents,
    long netEuroCents,
    int orders,
    Map<PlantedFraud, Set<String>> planted) {

  /** The truth of a market whose orders for which {@code placed} holds were placed. */
  public static GroundTruth of(Market market, Predicate<String> placed) {
    Map<String, Step.Order> orders = new HashMap<>();
    Map<String, Long> returned = new HashMap<>();
    Set<String> cancelled = new HashSet<>();
    for (Step step : market.steps()) {
      switch (step) {
        case Step.Order o when placed.test(o.orderId()) -> orders.put(o.orderId(), o);
        case Step.Return r when orders.containsKey(r.orderId()) ->
            returned.merge(
                r.orderId(),
                orders.get(r.orderId()).lines().get(r.lineNo() - 1).unitPriceMinor(),
                Long::sum);
        case Step.Cancel c when orders.containsKey(c.orderId()) -> cancelled.add(c.orderId());
        default -> {}
      }
    }
    Map<PublisherType, Long> incremental = new EnumMap<>(PublisherType.class);
    for (SimPublisher publisher : market.publishers()) {
      if (publisher.fraud() == null) {
        incremental.put(publisher.type(), 0L);
      }
    }
    Map<PlantedFraud, Set<String>> planted = new LinkedHashMap<>();
    for (PlantedFraud kind : PlantedFraud.values()) {
      planted.put(kind, new HashSet<>());
    }
    long net = 0;
    for (Step.Order order : orders.values()) {
      long kept =
          cancelled.contains(order.orderId())
              ? 0
              : order.totalMinor() - returned.getOrDefault(order.orderId(), 0L);
      long cents = market.euroCents(order.advertiser(), kept);
      net += cents;
      PlantedFraud fraud = order.fraud();
      if (fraud != null) {
        planted.computeIfAbsent(fraud, k -> new HashSet<>()).add(order.orderId());
      }
      if (order.cause() >= 0) {
        incremental.merge(market.publishers().get(order.cause()).type(), cents, Long::sum);
      }
    }
    return new GroundTruth(incremental, net, orders.size(), planted);
  }
}
