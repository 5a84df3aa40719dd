package io.tributary.infra.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.feature.aggregate.FeatureState;
import io.tributary.feature.dynamodb.FeatureItem;
import io.tributary.feature.dynamodb.GroupPointer;
import io.tributary.feature.dynamodb.OnlineStore;
import io.tributary.gateway.TestHttp;
import io.tributary.infra.cli.CliRun;
import io.tributary.infra.local.LocalPlatform;
import io.tributary.infra.local.TestPlatforms;
import io.tributary.stream.testkit.TestEvents;
import io.tributary.stream.testkit.TestEvents.Event;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Online = offline, checked: {@code features verify} recomputes sampled entities of a running group
 * from the log at the positions their stored values reflect and finds them equal; an item corrupted
 * by hand in the store is reported with its entity, its feature and both values, and the command
 * exits 1.
 */
class FeatureVerifyIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String GROUP = "checked_activity";
  private static final Instant BASE = Instant.parse("2026-11-20T08:00:00Z");
  private static final int RESTAURANTS = 12;
  private static final String YAML =
      """
      name: checked_activity
      entity: restaurant_id
      source: orders
      features:
        - {name: orders_10m,    agg: count,          window: 10m}
        - {name: revenue_1h,    agg: sum,            column: amount,      window: 1h}
        - {name: avg_order_1d,  agg: avg,            column: amount,      window: 1d}
        - {name: customers_1d,  agg: count_distinct, column: customer_id, window: 1d}
        - {name: top_dishes_1d, agg: top_n,          column: dish, n: 3,  window: 1d}
        - {name: last_dish,     agg: last,           column: dish}
        - {name: orders_total,  agg: count}
      """;

  @TempDir Path dataDir;
  @TempDir Path features;

  @Test
  void theStoreEqualsTheLogUntilAnItemIsCorrupted() throws Exception {
    Files.writeString(features.resolve(GROUP + ".yaml"), YAML);
    try (LocalPlatform platform =
        LocalPlatform.start(
            TestPlatforms.config(dataDir).withFeatures(List.of(features)), line -> {})) {
      Map<String, Integer> counts = publish(platform, 400);
      OnlineStore store = OnlineStore.connect(platform.onlineStore());
      GroupPointer pointer = store.pointer(GROUP).orElseThrow();
      int parts = pointer.parts().stream().mapToInt(Integer::intValue).max().orElseThrow() + 1;
      awaitStored(store, pointer, parts, counts);
      publishLate(platform, counts);
      awaitStored(store, pointer, parts, counts);
      await("the stream to count the late orders")
          .atMost(Duration.ofMinutes(1))
          .until(
              () ->
                  platform.features().status().stream()
                          .filter(status -> status.group().equals(GROUP))
                          .findFirst()
                          .orElseThrow()
                          .late()
                      == 6);
      JsonNode healthy = verify(platform, 50);
      assertThat(healthy.path("entities").asInt()).as(healthy.toString()).isEqualTo(RESTAURANTS);
      assertThat(healthy.path("matched").asInt()).isEqualTo(RESTAURANTS);
      assertThat(healthy.path("mismatches")).isEmpty();
      String data = dataDir.toString();
      CliRun passed = CliRun.of("features", "verify", "--data-dir", data, "--group", GROUP);
      assertThat(passed.exitCode()).as(passed.err()).isZero();
      assertThat(passed.out())
          .contains(GROUP + " generation " + pointer.active() + ": 12 of 12 entities match");
      assertThat(store.entities(GROUP, pointer.active(), 100)).hasSize(RESTAURANTS);

      // r-3's first item rewritten by hand: one order more than the log has, at a higher version
      FeatureItem item = store.items(GROUP, pointer.active(), List.of("r-3"), 1).get("r-3").get(0);
      List<byte[]> states = new ArrayList<>(item.states());
      int count =
          item.definitions()
              .indexOf(
                  item.definitions().stream()
                      .filter(d -> d.name().equals("orders_10m"))
                      .findFirst()
                      .orElseThrow());
      FeatureState forged = FeatureState.decode(item.definitions().get(count), states.get(count));
      forged.add(item.newestEventTime(), "");
      states.set(count, forged.encode());
      assertThat(
              store.write(
                  new FeatureItem(
                      item.group(),
                      item.generation(),
                      item.entity(),
                      item.part(),
                      item.definitions(),
                      states,
                      item.version() + 1,
                      item.newestEventTime(),
                      item.position(),
                      item.writtenAt(),
                      item.expiresAt())))
          .isTrue();

      JsonNode corrupted = verify(platform, 50);
      assertThat(corrupted.path("matched").asInt()).isEqualTo(RESTAURANTS - 1);
      List<String> found = new ArrayList<>();
      corrupted
          .path("mismatches")
          .forEach(
              m ->
                  found.add(
                      m.path("entity").asText()
                          + " "
                          + m.path("feature").asText()
                          + " "
                          + m.path("stored").asText()
                          + " "
                          + m.path("recomputed").asText()));
      long tenMinutes = tenMinuteCount(platform, store, pointer, "r-3");
      assertThat(found)
          .containsExactlyInAnyOrder(
              "r-3 version " + (counts.get("r-3") + 1) + " " + counts.get("r-3"),
              "r-3 orders_10m " + (tenMinutes + 1) + " " + tenMinutes);
      CliRun failed = CliRun.of("features", "verify", "--data-dir", data, "--group", GROUP);
      assertThat(failed.exitCode()).isEqualTo(1);
      assertThat(failed.out())
          .contains("MISMATCH r-3 orders_10m: store " + (tenMinutes + 1) + ", log " + tenMinutes)
          .contains("11 of 12 entities match the log at their positions; 1 differ: r-3");
      assertThat(store.entities(GROUP, pointer.active(), 100))
          .as("the recomputation's own generation is gone")
          .hasSize(RESTAURANTS);

      HttpResponse<String> unknown =
          TestHttp.send(platform.api(), "POST", "/api/v1/features/nope/verify", "{}");
      assertThat(unknown.statusCode()).isEqualTo(404);
      HttpResponse<String> tooMany =
          TestHttp.send(
              platform.api(), "POST", "/api/v1/features/" + GROUP + "/verify", "{\"sample\": 0}");
      assertThat(tooMany.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(tooMany.body()).path("message").asText())
          .isEqualTo("sample must be 1 to 10000, not 0");
    }
  }

  private static void awaitStored(
      OnlineStore store, GroupPointer pointer, int parts, Map<String, Integer> counts) {
    await("every order in the store")
        .atMost(Duration.ofMinutes(2))
        .until(
            () -> {
              Map<String, List<FeatureItem>> items =
                  store.items(GROUP, pointer.active(), List.copyOf(counts.keySet()), parts);
              return items.size() == counts.size()
                  && items.entrySet().stream()
                      .allMatch(
                          e ->
                              e.getValue().size() == parts
                                  && e.getValue().get(0).version() == counts.get(e.getKey()));
            });
  }

  /** What the stored (forged) value of orders_10m is, less the forged order. */
  private static long tenMinuteCount(
      LocalPlatform platform, OnlineStore store, GroupPointer pointer, String entity) {
    FeatureItem item = store.items(GROUP, pointer.active(), List.of(entity), 1).get(entity).get(0);
    int index = 0;
    while (!item.definitions().get(index).name().equals("orders_10m")) {
      index++;
    }
    return (Long)
            FeatureState.decode(item.definitions().get(index), item.states().get(index))
                .valueAt(item.newestEventTime())
        - 1;
  }

  private static JsonNode verify(LocalPlatform platform, int sample) throws Exception {
    HttpResponse<String> response =
        TestHttp.send(
            platform.api(),
            "POST",
            "/api/v1/features/" + GROUP + "/verify",
            "{\"sample\": " + sample + "}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  /**
   * Orders of r-5 from the first minutes, published once the stream has read the rest: far behind
   * its watermark, so it leaves them out of the values (and counts them in the version), and one on
   * time after them.
   */
  private static void publishLate(LocalPlatform platform, Map<String, Integer> counts)
      throws Exception {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String id = "late-" + i;
      counts.merge("r-5", 1, Integer::sum);
      events.add(
          new Event(
                  id,
                  "{\"order_id\":\""
                      + id
                      + "\",\"customer_id\":\"c-late\",\"restaurant_id\":\"r-5\",\"dish\":\"pho\","
                      + "\"amount\":99.25,\"event_time\":\""
                      + BASE.plusSeconds(30 + i)
                      + "\"}")
              .to(i % 2));
    }
    // then one on time, which makes the store write r-5 again: its version and position now
    // count the late ones, its values leave them out
    counts.merge("r-5", 1, Integer::sum);
    events.add(
        new Event(
            "after-late",
            "{\"order_id\":\"after-late\",\"customer_id\":\"c-late\",\"restaurant_id\":\"r-5\","
                + "\"dish\":\"ramen\",\"amount\":12.25,\"event_time\":\""
                + BASE.plusSeconds(400 * 7 + 60)
                + "\"}"));
    TestEvents.publish(platform.kafkaBootstrap(), "src.orders", events);
  }

  /** {@code count} orders over the restaurants, in event-time order; the count per restaurant. */
  private static Map<String, Integer> publish(LocalPlatform platform, int count) throws Exception {
    Random random = new Random(16);
    List<String> dishes = List.of("pho", "ramen", "pizza", "curry", "tacos");
    Map<String, Integer> counts = new HashMap<>();
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String restaurant = "r-" + random.nextInt(RESTAURANTS);
      counts.merge(restaurant, 1, Integer::sum);
      String id = "v-" + i;
      Instant at = BASE.plusSeconds(i * 7L);
      events.add(
          new Event(
                  id,
                  "{\"order_id\":\""
                      + id
                      + "\",\"customer_id\":\"c-"
                      + random.nextInt(40)
                      + "\",\"restaurant_id\":\""
                      + restaurant
                      + "\",\"dish\":\""
                      + dishes.get(random.nextInt(dishes.size()))
                      + "\",\"amount\":"
                      + (5 + random.nextInt(30))
                      + ".25,\"event_time\":\""
                      + at
                      + "\"}")
              .to(i % 2));
    }
    TestEvents.publish(platform.kafkaBootstrap(), "src.orders", events);
    return counts;
  }
}
