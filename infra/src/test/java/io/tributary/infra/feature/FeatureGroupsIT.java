package io.tributary.infra.feature;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.feature.aggregate.Aggregation;
import io.tributary.feature.aggregate.FeatureDefinition;
import io.tributary.feature.aggregate.FeatureState;
import io.tributary.feature.dynamodb.FeatureItem;
import io.tributary.feature.dynamodb.FeatureRead;
import io.tributary.feature.dynamodb.FeatureStatus;
import io.tributary.feature.dynamodb.GroupPointer;
import io.tributary.feature.dynamodb.OnlineStore;
import io.tributary.gateway.TestHttp;
import io.tributary.gateway.feature.FeatureGroupStatus;
import io.tributary.infra.feature.FeatureOracle.Order;
import io.tributary.infra.local.LocalConfig;
import io.tributary.infra.local.LocalPlatform;
import io.tributary.infra.local.PlatformProcess;
import io.tributary.infra.local.TestPlatforms;
import io.tributary.serving.ServingResponse;
import io.tributary.serving.testkit.OpenApiResponses;
import io.tributary.stream.job.LaunchedJob;
import io.tributary.stream.testkit.TestEvents;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feature groups on the real embedded stack (KRaft broker, Flink MiniCluster, dynalite): every
 * served value of restaurant_activity equals the naive computation over the same events, through
 * the platform's JVM killed in mid-stream (and started again on its data), events later than the
 * lateness, a forged older write, a backfill while the stream runs, a restart, and a change of the
 * group deployed while it is read.
 */
class FeatureGroupsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String GROUP = "restaurant_activity";
  private static final Instant BASE = Instant.parse("2026-11-20T08:00:00Z");
  private static final List<String> DISHES =
      List.of("pho", "ramen", "pizza", "curry", "tacos", "salad");
  private static final int RESTAURANTS = 20;

  /** The restaurants that get events later than the lateness. */
  private static final List<String> LATE = List.of("r-0", "r-1", "r-2", "r-3");

  private static final String YAML =
      """
      name: restaurant_activity
      owner: growth
      description: live ordering activity per restaurant
      entity: restaurant_id
      source: orders
      filter: amount > 0
      max_age: 3d
      features:
        - {name: orders_10m,    agg: count,          window: 10m}
        - {name: revenue_1h,    agg: sum,            column: amount,      window: 1h}
        - {name: avg_order_1d,  agg: avg,            column: amount,      window: 1d}
        - {name: max_order_7d,  agg: max,            column: amount,      window: 7d}
        - {name: customers_1d,  agg: count_distinct, column: customer_id, window: 1d}
        - {name: top_dishes_1d, agg: top_n,          column: dish, n: 3,  window: 1d}
        - {name: last_dish,     agg: last,           column: dish}
        - {name: orders_total,  agg: count}
      """;

  @TempDir Path dataDir;
  @TempDir Path features;
  @TempDir Path changedFeatures;

  private final Random random = new Random(14);
  private final java.util.Set<Long> usedTimes = new java.util.HashSet<>();

  @Test
  void servedValuesEqualTheComputationFromTheLogThroughCrashLateEventsBackfillAndChange()
      throws Exception {
    Files.writeString(features.resolve(GROUP + ".yaml"), YAML);
    LocalConfig config = TestPlatforms.config(dataDir).withFeatures(List.of(features));
    List<Order> first = orders("a", 2_000, BASE, Duration.ofHours(5), 0);
    List<Order> second = orders("b", 600, BASE.plus(Duration.ofHours(5)), Duration.ofHours(1), 0);
    List<Order> all = concat(first, second);
    // far behind the watermark once the stream has read everything above
    List<Order> late = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Instant at = BASE.plusSeconds(3600 + i);
      while (!usedTimes.add(at.toEpochMilli())) {
        at = at.plusMillis(1);
      }
      late.add(order("late-" + i, LATE.get(i % LATE.size()), at));
    }
    List<Order> withLate = concat(all, late);
    Instant lastEvent = BASE.plus(Duration.ofHours(6));

    try (PlatformProcess crashing = PlatformProcess.start(dataDir, features)) {
      OnlineStore store = OnlineStore.connect(crashing.onlineStore());
      publish(crashing.kafkaBootstrap(), first);
      awaitServed(store, first, restaurants(), first.get(first.size() - 1).eventTime());
      // a crash in mid-stream: the platform's JVM killed (SIGKILL) while it reads the second batch
      publish(crashing.kafkaBootstrap(), second);
      crashing.kill();
      await("the crashed platform's local servers to stop with it")
          .atMost(30, SECONDS)
          .until(() -> crashing.leftBehind().isEmpty());
    }

    try (LocalPlatform platform = LocalPlatform.start(config, line -> {})) {
      assertThat(platform.jobs().values().stream().filter(j -> j.name().startsWith("feature-")))
          .as("the feature job resumes from its last checkpoint before the crash")
          .isNotEmpty()
          .allSatisfy(job -> assertThat(job.restoredFrom()).isPresent());
      OnlineStore store = OnlineStore.connect(platform.onlineStore());
      awaitServed(store, all, restaurants(), lastEvent);
      assertServedOverHttp(platform, all);

      publish(platform, late);
      await()
          .atMost(120, SECONDS)
          .untilAsserted(() -> assertThat(status(platform).late()).isEqualTo(late.size()));
      assertServed(store, all, restaurants(), lastEvent);

      // a write of an older version is refused and changes nothing
      GroupPointer pointer = store.pointer(GROUP).orElseThrow();
      FeatureRead before = read(store, "r-5", "orders_total", lastEvent);
      FeatureDefinition total =
          new FeatureDefinition(
              "orders_total",
              Aggregation.COUNT,
              Optional.empty(),
              FeatureDefinition.LIFETIME_SLICE,
              0);
      FeatureState forged = FeatureState.empty(total);
      forged.add(BASE.toEpochMilli(), "");
      assertThat(
              store.write(
                  new FeatureItem(
                      GROUP,
                      pointer.active(),
                      "r-5",
                      pointer.partOf("orders_total"),
                      List.of(total),
                      List.of(forged.encode()),
                      before.version() - 1,
                      BASE.toEpochMilli(),
                      Map.of(0, 0L),
                      System.currentTimeMillis(),
                      Optional.empty())))
          .as("an older version is refused")
          .isFalse();
      assertThat(read(store, "r-5", "orders_total", lastEvent).value()).isEqualTo(before.value());

      // a backfill, while the stream goes on with other restaurants: late events are in now
      LaunchedJob backfill = platform.features().backfill(GROUP);
      publish(platform, orders("during", 300, lastEvent, Duration.ofMinutes(5), 50));
      await()
          .atMost(180, SECONDS)
          .until(() -> backfill.status(Duration.ofSeconds(5)) == JobStatus.FINISHED);
      awaitServed(store, withLate, LATE, lastEvent);
      awaitServed(store, all, restaurants().subList(LATE.size(), RESTAURANTS), lastEvent);
    }

    // after what the stream has seen (its watermark outlives the restart), so none is late
    Instant resumed = lastEvent.plus(Duration.ofMinutes(6));
    List<Order> more =
        orders("more", 200, resumed, Duration.ofMinutes(10), 0).stream()
            .filter(o -> !LATE.contains(o.restaurant()))
            .toList();
    List<Order> afterRestart = concat(all, more);
    Instant newest = resumed.plus(Duration.ofMinutes(10));
    try (LocalPlatform platform = LocalPlatform.start(config, line -> {})) {
      assertThat(platform.jobs().values().stream().filter(j -> j.name().startsWith("feature-")))
          .allSatisfy(job -> assertThat(job.restoredFrom()).isPresent());
      OnlineStore store = OnlineStore.connect(platform.onlineStore());
      publish(platform, more);
      List<String> notLate = restaurants().subList(LATE.size(), RESTAURANTS);
      awaitServed(store, afterRestart, notLate, newest);
      // decay: long after the last event, windows hold nothing and lifetimes everything
      for (Duration later :
          List.of(Duration.ofMinutes(20), Duration.ofHours(3), Duration.ofDays(2))) {
        assertServed(store, afterRestart, notLate, newest.plus(later));
      }

      // a feature added: built beside the old generation, read throughout, switched in one step
      Files.writeString(
          changedFeatures.resolve(GROUP + ".yaml"),
          YAML + "  - {name: orders_1h,     agg: count,          window: 1h}\n");
      List<String> oldFeatures = store.pointer(GROUP).orElseThrow().features();
      AtomicBoolean deploying = new AtomicBoolean(true);
      List<String> problems = new CopyOnWriteArrayList<>();
      AtomicInteger reads = new AtomicInteger();
      Thread reader =
          new Thread(
              () -> {
                while (deploying.get()) {
                  List<FeatureRead> values =
                      store.read(GROUP, List.of("r-7"), List.of(), Instant.now());
                  reads.incrementAndGet();
                  List<String> names = values.stream().map(FeatureRead::feature).toList();
                  if (!names.equals(oldFeatures) && names.size() != oldFeatures.size() + 1) {
                    problems.add("mixed features " + names);
                  }
                  values.stream()
                      .filter(v -> v.status() == FeatureStatus.NOT_FOUND)
                      .forEach(v -> problems.add(v.feature() + " " + v.status()));
                }
              });
      reader.start();
      try {
        platform.features().apply(changedFeatures);
      } finally {
        deploying.set(false);
        reader.join();
      }
      assertThat(problems).as("reads during the switch (" + reads.get() + " of them)").isEmpty();
      assertThat(reads.get()).isGreaterThan(10);
      assertThat(store.pointer(GROUP).orElseThrow().features()).endsWith("orders_1h");
      for (String restaurant : notLate) {
        List<Order> mine = ofRestaurant(afterRestart, restaurant);
        assertThat(read(store, restaurant, "orders_1h", newest).value())
            .as("orders_1h of %s, recomputed from the whole log", restaurant)
            .isEqualTo(
                FeatureOracle.count(
                    FeatureOracle.inWindow(mine, Optional.of(Duration.ofHours(1)), newest)));
      }
    }
  }

  /**
   * The serving API (the Lambda's handler behind {@code up}'s adapter, open on 127.0.0.1 without
   * keys) answers what the oracle computes at its read time (long after these events: windows hold
   * nothing, lifetimes everything, and every value is STALE, past the group's max_age), and every
   * answer is one its OpenAPI document describes.
   */
  private static void assertServedOverHttp(LocalPlatform platform, List<Order> orders)
      throws Exception {
    OpenApiResponses openApi = new OpenApiResponses();
    JsonNode groups = openApi.check("GET", "/v1/groups", http(platform, "GET", "/v1/groups", null));
    JsonNode group = groups.path("groups").get(0);
    assertThat(group.path("name").asText()).isEqualTo(GROUP);
    assertThat(group.path("features").size()).isEqualTo(8);

    List<String> asked = new ArrayList<>(restaurants());
    asked.add("r-unknown");
    String request = JSON.writeValueAsString(Map.of("entities", asked, "features", List.of(GROUP)));
    JsonNode answer =
        openApi.check("POST", "/v1/features", http(platform, "POST", "/v1/features", request));
    Instant at = Instant.parse(answer.path("read_at").asText());
    JsonNode entities = answer.path("entities");
    for (int i = 0; i < restaurants().size(); i++) {
      String restaurant = restaurants().get(i);
      List<Order> mine = ofRestaurant(orders, restaurant);
      JsonNode features = entities.get(i).path("features");
      assertThat(features.size()).isEqualTo(8);
      features
          .fields()
          .forEachRemaining(
              entry -> {
                String feature = entry.getKey().substring(GROUP.length() + 1);
                JsonNode value = entry.getValue().path("value");
                String what = feature + " of " + restaurant + " over HTTP at " + at;
                // the newest event is days older than the group's max_age of 3 days
                assertThat(entry.getValue().path("status").asText()).as(what).isEqualTo("STALE");
                assertThat(entry.getValue().path("position").size()).as(what).isPositive();
                assertSameValue(
                    value.isNull() ? null : value.isNumber() ? value.decimalValue() : value,
                    expected(feature, mine, at),
                    what);
              });
    }
    JsonNode unknown = entities.get(restaurants().size()).path("features");
    assertThat(unknown.path(GROUP + ":orders_total").path("status").asText())
        .isEqualTo("NOT_FOUND");

    ServingResponse refused = http(platform, "POST", "/v1/features", "{\"entities\": [");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(openApi.check("POST", "/v1/features", refused).path("field").asText())
        .isEqualTo("body");
  }

  /** What the oracle says a feature of restaurant_activity is at {@code at}, as JSON gives it. */
  private static Object expected(String feature, List<Order> mine, Instant at) {
    return switch (feature) {
      case "orders_10m" -> BigDecimal.valueOf(count(mine, Duration.ofMinutes(10), at));
      case "revenue_1h" -> FeatureOracle.sum(window(mine, Duration.ofHours(1), at));
      case "avg_order_1d" -> FeatureOracle.avg(window(mine, Duration.ofDays(1), at));
      case "max_order_7d" -> FeatureOracle.max(window(mine, Duration.ofDays(7), at));
      case "customers_1d" ->
          BigDecimal.valueOf(FeatureOracle.distinctCustomers(window(mine, Duration.ofDays(1), at)));
      case "top_dishes_1d" ->
          asParsed(FeatureOracle.topDishes(window(mine, Duration.ofDays(1), at), 3));
      case "last_dish" -> asParsed(FeatureOracle.lastDish(mine));
      case "orders_total" -> BigDecimal.valueOf(mine.size());
      default -> throw new AssertionError("unknown feature " + feature);
    };
  }

  /** {@code value} as JSON text parsed back, the way an answer's values are read. */
  private static JsonNode asParsed(Object value) {
    try {
      return JSON.readTree(JSON.writeValueAsString(value));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void assertSameValue(Object actual, Object expected, String what) {
    if (expected == null) {
      assertThat(actual).as(what).isNull();
    } else if (expected instanceof BigDecimal number) {
      assertThat((BigDecimal) actual).as(what).isEqualByComparingTo(number);
    } else {
      assertThat(actual).as(what).isEqualTo(expected);
    }
  }

  private static ServingResponse http(
      LocalPlatform platform, String method, String path, String body) throws Exception {
    HttpResponse<String> response = TestHttp.send(platform.serving(), method, path, body);
    return new ServingResponse(
        response.statusCode(),
        Map.of("content-type", response.headers().firstValue("content-type").orElse("")),
        response.body());
  }

  private static FeatureGroupStatus status(LocalPlatform platform) throws InterruptedException {
    return platform.features().status().stream()
        .filter(s -> s.group().equals(GROUP))
        .findFirst()
        .orElseThrow();
  }

  private void awaitServed(
      OnlineStore store, List<Order> orders, List<String> entities, Instant at) {
    await()
        .atMost(180, SECONDS)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> assertServed(store, orders, entities, at));
  }

  /** Every feature of every entity, read at {@code at}, equals the oracle's value. */
  private static void assertServed(
      OnlineStore store, List<Order> orders, List<String> entities, Instant at) {
    List<FeatureRead> values = store.read(GROUP, entities, List.of(), at);
    for (FeatureRead value : values) {
      List<Order> mine = ofRestaurant(orders, value.entity());
      String what = value.feature() + " of " + value.entity() + " at " + at;
      assertThat(value.status()).as(what).isEqualTo(FeatureStatus.PRESENT);
      switch (value.feature()) {
        case "orders_10m" ->
            assertThat(value.value()).as(what).isEqualTo(count(mine, Duration.ofMinutes(10), at));
        case "revenue_1h" ->
            assertThat((BigDecimal) value.value())
                .as(what)
                .isEqualByComparingTo(FeatureOracle.sum(window(mine, Duration.ofHours(1), at)));
        case "avg_order_1d" -> {
          BigDecimal expected = FeatureOracle.avg(window(mine, Duration.ofDays(1), at));
          if (expected == null) {
            assertThat(value.value()).as(what).isNull();
          } else {
            assertThat((BigDecimal) value.value()).as(what).isEqualByComparingTo(expected);
          }
        }
        case "max_order_7d" -> {
          BigDecimal expected = FeatureOracle.max(window(mine, Duration.ofDays(7), at));
          if (expected == null) {
            assertThat(value.value()).as(what).isNull();
          } else {
            assertThat((BigDecimal) value.value()).as(what).isEqualByComparingTo(expected);
          }
        }
        case "customers_1d" -> {
          long exact = FeatureOracle.distinctCustomers(window(mine, Duration.ofDays(1), at));
          assertThat(((Number) value.value()).doubleValue())
              .as(what + " (a sketch: within 3 standard errors)")
              .isCloseTo(exact, within(Math.max(1.0, exact * 0.05)));
        }
        case "top_dishes_1d" ->
            assertThat(value.value())
                .as(what)
                .isEqualTo(FeatureOracle.topDishes(window(mine, Duration.ofDays(1), at), 3));
        case "last_dish" ->
            assertThat(value.value()).as(what).isEqualTo(FeatureOracle.lastDish(mine));
        case "orders_total" -> assertThat(value.value()).as(what).isEqualTo((long) mine.size());
        default -> {}
      }
    }
    assertThat(values).hasSize(entities.size() * 8);
  }

  private static FeatureRead read(OnlineStore store, String entity, String feature, Instant at) {
    return store.read(GROUP, List.of(entity), List.of(feature), at).get(0);
  }

  private static long count(List<Order> orders, Duration window, Instant at) {
    return FeatureOracle.count(window(orders, window, at));
  }

  private static List<Order> window(List<Order> orders, Duration window, Instant at) {
    return FeatureOracle.inWindow(orders, Optional.of(window), at);
  }

  private static List<Order> ofRestaurant(List<Order> orders, String restaurant) {
    return orders.stream().filter(o -> o.restaurant().equals(restaurant)).toList();
  }

  private static List<String> restaurants() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < RESTAURANTS; i++) {
      names.add("r-" + i);
    }
    return names;
  }

  /**
   * {@code count} orders over {@code span} from {@code from} for restaurants r-{firstRestaurant}
   * onwards, each event time unique per restaurant, one in ten up to 4 s out of order (within the
   * source's 5 s).
   */
  private List<Order> orders(
      String prefix, int count, Instant from, Duration span, int firstRestaurant) {
    List<Order> orders = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Instant at = from.plusMillis(span.toMillis() * i / count);
      if (random.nextInt(10) == 0) {
        at = at.minusMillis(random.nextInt(4_000));
      }
      // unique event times, so that `last` has one answer however partitions interleave
      while (!usedTimes.add(at.toEpochMilli())) {
        at = at.plusMillis(1);
      }
      orders.add(
          order(prefix + "-" + i, "r-" + (firstRestaurant + random.nextInt(RESTAURANTS)), at));
    }
    return orders;
  }

  private Order order(String id, String restaurant, Instant at) {
    return new Order(
        id,
        "c-" + random.nextInt(300),
        restaurant,
        DISHES.get(Math.min(random.nextInt(DISHES.size() * 2), DISHES.size() - 1)),
        BigDecimal.valueOf(500 + random.nextInt(10_000), 2),
        at);
  }

  private static void publish(LocalPlatform platform, List<Order> orders) throws Exception {
    publish(platform.kafkaBootstrap(), orders);
  }

  private static void publish(String kafkaBootstrap, List<Order> orders) throws Exception {
    TestEvents.publish(
        kafkaBootstrap,
        "src.orders",
        orders.stream().map(o -> new TestEvents.Event(o.id(), o.json())).toList());
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> both = new ArrayList<>(a);
    both.addAll(b);
    return List.copyOf(both);
  }
}
