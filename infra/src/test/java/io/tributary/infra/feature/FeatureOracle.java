package io.tributary.infra.feature;

import io.tributary.feature.aggregate.FeatureDefinition;
import io.tributary.feature.aggregate.TopValue;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The features of restaurant_activity computed the naive way, from the raw events, with the
 * platform's documented window rule (a read at t covers the slices [c - m + 1, c], c = t / slice, m
 * = window / slice): what every served value is compared against.
 */
final class FeatureOracle {
  /** One order as the test produced it. */
  record Order(
      String id,
      String customer,
      String restaurant,
      String dish,
      BigDecimal amount,
      Instant eventTime) {
    String json() {
      return "{\"order_id\":\""
          + id
          + "\",\"customer_id\":\""
          + customer
          + "\",\"restaurant_id\":\""
          + restaurant
          + "\",\"dish\":\""
          + dish
          + "\",\"amount\":"
          + amount.toPlainString()
          + ",\"event_time\":\""
          + eventTime
          + "\"}";
    }
  }

  private FeatureOracle() {}

  /** The events of {@code orders} that a read at {@code at} of a feature of {@code window} sees. */
  static List<Order> inWindow(List<Order> orders, Optional<Duration> window, Instant at) {
    if (window.isEmpty()) {
      return orders;
    }
    long slice = FeatureDefinition.defaultSlice(window.get()).toMillis();
    long m = window.get().toMillis() / slice;
    long c = Math.floorDiv(at.toEpochMilli(), slice);
    long first = c - m + 1;
    List<Order> seen = new ArrayList<>();
    for (Order order : orders) {
      long index = Math.floorDiv(order.eventTime().toEpochMilli(), slice);
      if (index >= first && index <= c) {
        seen.add(order);
      }
    }
    return seen;
  }

  static long count(List<Order> orders) {
    return orders.size();
  }

  static BigDecimal sum(List<Order> orders) {
    return orders.stream().map(Order::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  static BigDecimal avg(List<Order> orders) {
    return orders.isEmpty()
        ? null
        : sum(orders).divide(BigDecimal.valueOf(orders.size()), MathContext.DECIMAL64);
  }

  static BigDecimal max(List<Order> orders) {
    return orders.stream().map(Order::amount).max(Comparator.naturalOrder()).orElse(null);
  }

  static long distinctCustomers(List<Order> orders) {
    return new HashSet<>(orders.stream().map(Order::customer).toList()).size();
  }

  static List<TopValue> topDishes(List<Order> orders, int n) {
    Map<String, Long> counts = new HashMap<>();
    orders.forEach(o -> counts.merge(o.dish(), 1L, Long::sum));
    return counts.entrySet().stream()
        .sorted(
            Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue)
                .reversed()
                .thenComparing(Map.Entry::getKey))
        .limit(n)
        .map(e -> new TopValue(e.getKey(), e.getValue()))
        .toList();
  }

  static String lastDish(List<Order> orders) {
    return orders.stream()
        .max(Comparator.comparing(Order::eventTime))
        .map(Order::dish)
        .orElse(null);
  }
}
