package io.tributary.stream.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.catalog.LakeCatalog;
import io.tributary.stream.job.LaunchedJob;
import io.tributary.stream.pipeline.Pipelines;
import io.tributary.stream.source.Sources;
import io.tributary.stream.testkit.Examples;
import io.tributary.stream.testkit.LakeRows;
import io.tributary.stream.testkit.Landed;
import io.tributary.stream.testkit.TestEvents;
import io.tributary.stream.testkit.TestEvents.Event;
import io.tributary.stream.testkit.TestStack;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replay equals stream, on a real broker, a Flink MiniCluster and the lake, with the example
 * pipelines: a filter ({@code big_orders}) and a daily window aggregation ({@code daily_revenue})
 * stream three days of orders, some of them late within the pipelines' lateness (1 h). The replay
 * of the middle day writes exactly the rows the streaming jobs wrote for it; a second replay
 * changes nothing; orders that arrive later than the lateness are left out by the stream and
 * brought in, and counted, by the next replay; other days are never touched.
 */
class PipelineReplayIT {
  /** Recent days, so that Kafka's retention (7 days) keeps the test's records. */
  private static final LocalDate DAY1 = LocalDate.now(ZoneOffset.UTC).minusDays(6);

  private static final LocalDate DAY2 = DAY1.plusDays(1);
  private static final LocalDate DAY3 = DAY1.plusDays(2);
  private static final LocalDate DAY4 = DAY1.plusDays(3);
  private static final TableIdentifier BIG_ORDERS = TableIdentifier.of("silver", "big_orders");
  private static final TableIdentifier DAILY_REVENUE = TableIdentifier.of("gold", "daily_revenue");
  private static final int ORDERS = 900;
  private static final int RESTAURANTS = 13;

  @RegisterExtension static final TestStack STACK = new TestStack();
  private static final Sources SOURCES = Examples.sources();
  private static final Pipelines PIPELINES = Examples.pipelines();
  private static Map<String, LaunchedJob> streaming;

  /** The example pipelines stream, as {@code up} starts them. */
  @BeforeAll
  static void startPipelines() throws Exception {
    STACK.broker().createTopics(SOURCES.all());
    streaming = STACK.launchPipelines(SOURCES.all(), PIPELINES.all());
  }

  @Test
  void replayOfADayEqualsTheStreamAndAddsOnlyTheOrdersLaterThanTheLateness() throws Exception {
    LakeCatalog lake = STACK.lake();
    List<Order> orders = threeDaysOfOrders();
    List<Event> events = new ArrayList<>(orders.stream().map(Order::event).toList());
    // moves every watermark past the end of day 3, so the stream closes its windows
    events.add(new Order("closing-0", DAY4.atStartOfDay().plusHours(2), "1.00", 0).event().to(0));
    events.add(new Order("closing-1", DAY4.atStartOfDay().plusHours(2), "1.00", 1).event().to(1));
    TestEvents.publish(STACK.broker().bootstrapServers(), "src.orders", events);

    long big = orders.stream().filter(Order::isBig).count();
    Landed.awaitCount(lake, BIG_ORDERS, big);
    Landed.awaitCount(lake, DAILY_REVENUE, 3L * RESTAURANTS);
    List<String> streamedBig = rows(lake, BIG_ORDERS, DAY2);
    List<String> streamedRevenue = rows(lake, DAILY_REVENUE, DAY2);
    List<String> otherDays = otherDays(lake);
    assertThat(streamedBig)
        .as("big orders the stream wrote for day 2, late ones within the lateness included")
        .hasSize((int) orders.stream().filter(o -> o.isBig() && o.day().equals(DAY2)).count());
    assertThat(revenueOf(lake, DAY2))
        .as("day 2 revenue the stream wrote")
        .isEqualByComparingTo(sum(orders, DAY2));

    ReplayReport bigReplay = replay("big_orders", DAY2);
    ReplayReport revenueReplay = replay("daily_revenue", DAY2);

    assertThat(rows(lake, BIG_ORDERS, DAY2)).containsExactlyInAnyOrderElementsOf(streamedBig);
    assertThat(rows(lake, DAILY_REVENUE, DAY2))
        .containsExactlyInAnyOrderElementsOf(streamedRevenue);
    assertThat(bigReplay.rowsBefore()).isEqualTo(streamedBig.size());
    assertThat(bigReplay.rowsWritten()).isEqualTo(streamedBig.size());
    assertThat(bigReplay.lateEvents()).isZero();
    assertThat(revenueReplay.rowsWritten()).isEqualTo(RESTAURANTS);
    assertThat(revenueReplay.lateEvents()).isZero();

    ReplayReport again = replay("big_orders", DAY2);
    replay("daily_revenue", DAY2);
    assertThat(again.rowsWritten()).isEqualTo(streamedBig.size());
    assertThat(rows(lake, BIG_ORDERS, DAY2)).containsExactlyInAnyOrderElementsOf(streamedBig);
    assertThat(rows(lake, DAILY_REVENUE, DAY2))
        .containsExactlyInAnyOrderElementsOf(streamedRevenue);
    assertThat(otherDays(lake)).as("days 1 and 3").containsExactlyInAnyOrderElementsOf(otherDays);

    // ten big orders of day 2 at noon, arriving on day 4: a day and a half later than the lateness
    List<Order> late = new ArrayList<>();
    List<Event> lateEvents = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Order order = new Order("late-" + i, DAY2.atStartOfDay().plusHours(12), "50.00", 1);
      late.add(order);
      lateEvents.add(
          order.event().to(0).at(instant(DAY4.atStartOfDay().plusHours(2).plusMinutes(30))));
    }
    Order marker = new Order("marker", DAY4.atStartOfDay().plusHours(3), "99.00", 2);
    lateEvents.add(marker.event().to(0));
    TestEvents.publish(STACK.broker().bootstrapServers(), "src.orders", lateEvents);
    // the marker comes after the late orders in partition 0: once it is in, they were seen
    await("the marker order in silver.big_orders")
        .atMost(Duration.ofMinutes(2))
        .until(() -> rows(lake, BIG_ORDERS, DAY4).stream().anyMatch(r -> r.startsWith("marker|")));
    assertThat(rows(lake, BIG_ORDERS, DAY2))
        .as("the stream leaves out orders later than the lateness")
        .containsExactlyInAnyOrderElementsOf(streamedBig);

    ReplayReport corrected = replay("big_orders", DAY2);
    replay("daily_revenue", DAY2);

    assertThat(corrected.lateEvents()).isEqualTo(10);
    assertThat(corrected.rowsBefore()).isEqualTo(streamedBig.size());
    assertThat(corrected.rowsWritten()).isEqualTo(streamedBig.size() + 10);
    List<String> expectedBig = new ArrayList<>(streamedBig);
    late.forEach(o -> expectedBig.add(o.bigOrderRow()));
    assertThat(rows(lake, BIG_ORDERS, DAY2)).containsExactlyInAnyOrderElementsOf(expectedBig);
    assertThat(revenueOf(lake, DAY2))
        .isEqualByComparingTo(sum(orders, DAY2).add(new BigDecimal("500.00")));
    assertThat(otherDays(lake)).as("days 1 and 3").containsExactlyInAnyOrderElementsOf(otherDays);
  }

  private static ReplayReport replay(String pipeline, LocalDate day) throws InterruptedException {
    return DayReplay.builder()
        .pipeline(PIPELINES.get(pipeline))
        .sources(SOURCES.all())
        .kafka(STACK.kafka())
        .lake(STACK.lake())
        .flinkRest(STACK.flinkRest())
        .streamingJob(Optional.of(streaming.get(pipeline).id().toHexString()))
        .build()
        .replay(day);
  }

  /** 900 orders evenly over days 1 to 3; every 25th is half an hour late (within the 1 h). */
  private static List<Order> threeDaysOfOrders() {
    List<Order> orders = new ArrayList<>();
    long spacing = Duration.ofDays(3).toMillis() / ORDERS;
    for (int i = 0; i < ORDERS; i++) {
      java.time.LocalDateTime arrival = DAY1.atStartOfDay().plus(Duration.ofMillis(spacing * i));
      java.time.LocalDateTime eventTime = i % 25 == 7 ? arrival.minusMinutes(30) : arrival;
      String amount = BigDecimal.valueOf(500 + (i * 7919L) % 5000, 2).toPlainString();
      Order order = new Order("o-" + i, eventTime, amount, i % RESTAURANTS);
      orders.add(order.withArrival(arrival.plusSeconds(3)));
    }
    return orders;
  }

  /** One order and when it reaches Kafka. */
  private record Order(
      String id,
      java.time.LocalDateTime eventTime,
      String amount,
      int restaurant,
      Instant arrival) {
    Order(String id, java.time.LocalDateTime eventTime, String amount, int restaurant) {
      this(id, eventTime, amount, restaurant, instant(eventTime.plusSeconds(3)));
    }

    Order withArrival(java.time.LocalDateTime when) {
      return new Order(id, eventTime, amount, restaurant, instant(when));
    }

    LocalDate day() {
      return eventTime.toLocalDate();
    }

    boolean isBig() {
      return new BigDecimal(amount).compareTo(new BigDecimal("20")) >= 0;
    }

    Event event() {
      return new Event(
              id,
              "{\"order_id\":\""
                  + id
                  + "\",\"customer_id\":\"c-"
                  + (id.hashCode() & 63)
                  + "\",\"restaurant_id\":\"r-"
                  + restaurant
                  + "\",\"dish\":\"pho\",\"amount\":"
                  + amount
                  + ",\"event_time\":\""
                  + instant(eventTime)
                  + "\"}")
          .at(arrival);
    }

    /** The row silver.big_orders holds for it, as {@link #rows} renders rows. */
    String bigOrderRow() {
      return String.join(
          "|",
          id,
          "c-" + (id.hashCode() & 63),
          "r-" + restaurant,
          "pho",
          new BigDecimal(amount).toPlainString(),
          instant(eventTime).atOffset(ZoneOffset.UTC).toString(),
          day().toString());
    }
  }

  private static Instant instant(java.time.LocalDateTime time) {
    return time.toInstant(ZoneOffset.UTC);
  }

  private static BigDecimal sum(List<Order> orders, LocalDate day) {
    return orders.stream()
        .filter(o -> o.day().equals(day))
        .map(o -> new BigDecimal(o.amount()))
        .reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  private static BigDecimal revenueOf(LakeCatalog lake, LocalDate day) {
    return LakeRows.read(lake, DAILY_REVENUE).stream()
        .filter(r -> day.toString().equals(r.getField("ds")))
        .map(r -> (BigDecimal) r.getField("revenue"))
        .reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  /** The table's rows of {@code day}, each rendered as its values joined by '|'. */
  private static List<String> rows(LakeCatalog lake, TableIdentifier table, LocalDate day) {
    return LakeRows.read(lake, table).stream()
        .filter(r -> day.toString().equals(r.getField("ds")))
        .map(PipelineReplayIT::render)
        .toList();
  }

  private static List<String> otherDays(LakeCatalog lake) {
    List<String> rows = new ArrayList<>();
    for (TableIdentifier table : List.of(BIG_ORDERS, DAILY_REVENUE)) {
      for (LocalDate day : List.of(DAY1, DAY3)) {
        rows(lake, table, day).forEach(r -> rows.add(table + " " + r));
      }
    }
    return rows;
  }

  private static String render(Record record) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < record.size(); i++) {
      Object value = record.get(i);
      values.add(
          value instanceof BigDecimal decimal ? decimal.toPlainString() : Objects.toString(value));
    }
    return values.stream().collect(Collectors.joining("|"));
  }
}
