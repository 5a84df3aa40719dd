package io.tributary.stream.testkit;

import io.tributary.stream.testkit.TestEvents.Event;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Test orders for the example source {@code orders}: valid ones spread evenly over whole UTC days,
 * and one of each kind of malformed record landing must keep with its reason.
 */
public final class Orders {
  private Orders() {}

  /** A batch of valid orders and what bronze must hold for it. */
  public record Batch(List<Event> events, long count, BigDecimal sumOfAmounts, long atLeast20) {
    public Batch plus(Batch other) {
      List<Event> all = new ArrayList<>(events);
      all.addAll(other.events);
      return new Batch(
          List.copyOf(all),
          count + other.count,
          sumOfAmounts.add(other.sumOfAmounts),
          atLeast20 + other.atLeast20);
    }
  }

  /** A malformed record and a fragment of the reason landing must give for it. */
  public record Malformed(String kind, Event event, String reason) {}

  /**
   * {@code count} valid orders with ids {@code <prefix>-<n>}, their event times spread over {@code
   * days} whole UTC days from {@code firstDay}, and amounts from 5.00 to 104.99.
   */
  public static Batch valid(String prefix, int count, Instant firstDay, int days) {
    List<Event> events = new ArrayList<>(count);
    BigDecimal sum = BigDecimal.ZERO;
    long atLeast20 = 0;
    long span = ChronoUnit.MILLIS.between(firstDay, firstDay.plus(days, ChronoUnit.DAYS));
    for (int i = 0; i < count; i++) {
      String id = prefix + "-" + i;
      BigDecimal amount = BigDecimal.valueOf(500 + (i * 7919L) % 10_000, 2);
      Instant eventTime = firstDay.plusMillis(span * i / count);
      sum = sum.add(amount);
      if (amount.compareTo(BigDecimal.valueOf(20)) >= 0) {
        atLeast20++;
      }
      events.add(
          new Event(
              id,
              "{\"order_id\":\""
                  + id
                  + "\",\"customer_id\":\"c-"
                  + (i % 97)
                  + "\",\"restaurant_id\":\"r-"
                  + (i % 13)
                  + "\",\"dish\":\"pho\",\"amount\":"
                  + amount.toPlainString()
                  + ",\"event_time\":\""
                  + eventTime
                  + "\"}"));
    }
    return new Batch(List.copyOf(events), count, sum, atLeast20);
  }

  /** One record of every malformed kind, with ids {@code <prefix>-bad-<kind>}. */
  public static List<Malformed> malformed(String prefix) {
    String at = "\"event_time\":\"2026-11-20T10:00:00Z\"";
    return List.of(
        new Malformed(
            "not JSON",
            new Event(
                prefix + "-bad-json", "{\"order_id\":\"" + prefix + "-bad-json\",\"amount\":"),
            "not valid JSON"),
        new Malformed(
            "JSON but not an object",
            new Event(prefix + "-bad-array", "[\"" + prefix + "-bad-array\", 12.5]"),
            "payload is a JSON array, not a JSON object"),
        new Malformed(
            "required field missing",
            new Event(
                prefix + "-bad-required", "{\"customer_id\":\"c-1\",\"amount\":3," + at + "}"),
            "order_id: required field is missing"),
        new Malformed(
            "value does not fit its type",
            new Event(
                prefix + "-bad-amount",
                "{\"order_id\":\"" + prefix + "-bad-amount\",\"amount\":\"abc\"," + at + "}"),
            "amount: 'abc' is not a DECIMAL(10,2)"),
        new Malformed(
            "event time missing",
            new Event(
                prefix + "-bad-no-time",
                "{\"order_id\":\"" + prefix + "-bad-no-time\",\"amount\":3}"),
            "event_time: required field is missing"),
        new Malformed(
            "event time unparseable",
            new Event(
                prefix + "-bad-time",
                "{\"order_id\":\""
                    + prefix
                    + "-bad-time\",\"amount\":3,\"event_time\":\"yesterday\"}"),
            "event_time: 'yesterday' is not a TIMESTAMP_LTZ(3)"),
        new Malformed("empty payload", new Event(prefix + "-bad-empty", ""), "payload is empty"),
        new Malformed("tombstone", new Event(prefix + "-bad-null", null), "payload is empty"));
  }

  /** The events of {@code malformed}, in order. */
  public static List<Event> events(List<Malformed> malformed) {
    return malformed.stream().map(Malformed::event).toList();
  }
}
