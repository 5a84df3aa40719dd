package io.tributary.infra.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.feature.dynamodb.FeatureItem;
import io.tributary.feature.dynamodb.GroupPointer;
import io.tributary.feature.dynamodb.OnlineStore;
import io.tributary.gateway.TestHttp;
import io.tributary.infra.cli.CliRun;
import io.tributary.infra.local.LocalPlatform;
import io.tributary.infra.local.TestPlatforms;
import io.tributary.stream.testkit.LakeRows;
import io.tributary.stream.testkit.TestEvents;
import io.tributary.stream.testkit.TestEvents.Event;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A point-in-time training set equals what the serving API answered: orders are published hour by
 * hour over six hours of event time (one restaurant only from the fourth hour, some orders far
 * later than the lateness near the end); after each hour, once the store reflects it, the serving
 * API is asked for every restaurant at several times before the next hour's first order (between
 * slices, and before a restaurant's first order), and every answer is kept. A spine of those
 * (restaurant, time) rows then gives a training set whose every value equals the answer kept.
 */
class TrainingSetIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String GROUP = "trained_activity";
  private static final Instant BASE = Instant.parse("2026-11-20T08:00:00Z");
  private static final List<String> RESTAURANTS = List.of("r-0", "r-1", "r-2", "r-3", "r-4");
  private static final List<String> FEATURES =
      List.of(
          "orders_10m",
          "revenue_1h",
          "avg_order_1h",
          "max_order_1d",
          "customers_1d",
          "top_dishes_1d",
          "last_dish",
          "orders_total");
  private static final String YAML =
      """
      name: trained_activity
      entity: restaurant_id
      source: orders
      features:
        - {name: orders_10m,    agg: count,          window: 10m}
        - {name: revenue_1h,    agg: sum,            column: amount,      window: 1h}
        - {name: avg_order_1h,  agg: avg,            column: amount,      window: 1h}
        - {name: max_order_1d,  agg: max,            column: amount,      window: 1d}
        - {name: customers_1d,  agg: count_distinct, column: customer_id, window: 1d}
        - {name: top_dishes_1d, agg: top_n,          column: dish, n: 2,  window: 1d}
        - {name: last_dish,     agg: last,           column: dish}
        - {name: orders_total,  agg: count}
      """;

  @TempDir Path dataDir;
  @TempDir Path features;

  private final Random random = new Random(18);
  private final Map<String, Integer> read = new HashMap<>();
  private int sequence;

  @Test
  void everyTrainingRowEqualsWhatServingAnsweredAtItsTime() throws Exception {
    Files.writeString(features.resolve(GROUP + ".yaml"), YAML);
    Map<List<String>, JsonNode> answers = new LinkedHashMap<>();
    try (LocalPlatform platform =
        LocalPlatform.start(
            TestPlatforms.config(dataDir).withFeatures(List.of(features)), line -> {})) {
      OnlineStore store = OnlineStore.connect(platform.onlineStore());
      GroupPointer pointer = store.pointer(GROUP).orElseThrow();
      int parts = pointer.parts().stream().mapToInt(Integer::intValue).max().orElseThrow() + 1;
      // before any order at all: every restaurant NOT_FOUND
      record(platform, answers, BASE.minus(Duration.ofMinutes(30)));
      for (int hour = 0; hour < 6; hour++) {
        Instant start = BASE.plus(Duration.ofHours(hour));
        List<Event> events = new ArrayList<>();
        for (String restaurant : RESTAURANTS) {
          if (restaurant.equals("r-4") && hour < 3) {
            continue; // r-4's first order is in the fourth hour
          }
          for (int i = 0; i < 6 + random.nextInt(10); i++) {
            events.add(order(restaurant, start.plusSeconds(random.nextInt(20 * 60))));
          }
        }
        events.sort(java.util.Comparator.comparing(e -> timeOf(e)));
        if (hour == 5) {
          // far behind the watermark once read: the stream leaves them out, so must the set
          for (int i = 0; i < 4; i++) {
            events.add(order("r-1", BASE.plusSeconds(3600 + i)));
          }
        }
        List<Event> spread = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
          spread.add(events.get(i).to(i % 2));
        }
        TestEvents.publish(platform.kafkaBootstrap(), "src.orders", spread);
        awaitRead(store, pointer, parts);
        // between this hour's orders (its first 20 minutes) and the next hour's
        Instant last = start.plus(Duration.ofMinutes(20));
        for (Duration after :
            List.of(Duration.ofSeconds(1), Duration.ofSeconds(433), Duration.ofSeconds(2249))) {
          record(platform, answers, last.plus(after));
        }
      }
      assertThat(answers).hasSize(RESTAURANTS.size() * 19);
      assertThat(answers.values())
          .as("some answers before a restaurant's first order, most with values")
          .anyMatch(a -> a.path("orders_total").path("status").asText().equals("NOT_FOUND"))
          .anyMatch(
              a ->
                  a.path("orders_total").path("status").asText().equals("STALE")
                      || a.path("orders_total").path("status").asText().equals("PRESENT"));

      writeSpine(platform, answers);
      CliRun written =
          CliRun.of(
              "features",
              "training-set",
              "--data-dir",
              dataDir.toString(),
              "--group",
              GROUP,
              "--spine",
              "lake.gold.trained_spine",
              "--entity-column",
              "restaurant_id",
              "--time-column",
              "ts",
              "--out",
              "lake.gold.trained_set");
      assertThat(written.exitCode()).as(written.err()).isZero();
      assertThat(written.out())
          .containsPattern("wrote " + answers.size() + " rows to lake.gold.trained_set");
      List<Record> rows = LakeRows.read(platform.lake(), TableIdentifier.of("gold", "trained_set"));
      assertThat(rows).hasSize(answers.size());
      for (Record row : rows) {
        String restaurant = (String) row.getField("restaurant_id");
        Instant at = ((OffsetDateTime) row.getField("ts")).toInstant();
        JsonNode answer = answers.get(List.of(restaurant, at.toString()));
        assertThat(answer).as(restaurant + " at " + at).isNotNull();
        for (String feature : FEATURES) {
          assertSame(
              row.getField(feature),
              answer.path(feature),
              feature + " of " + restaurant + " at " + at);
        }
        boolean found = !answer.path("orders_total").path("status").asText().equals("NOT_FOUND");
        assertThat((Long) row.getField("_events") > 0)
            .as(restaurant + " at " + at)
            .isEqualTo(found);
        assertThat(row.getField("_position") != null).isEqualTo(found);
      }

      HttpResponse<String> refused =
          TestHttp.send(
              platform.api(),
              "POST",
              "/api/v1/features/" + GROUP + "/training-set",
              "{\"spine\": \"lake.gold.trained_spine\", \"entityColumn\": \"restaurant_id\","
                  + " \"timeColumn\": \"ts\", \"out\": \"lake.bronze.orders\"}");
      assertThat(refused.statusCode()).isEqualTo(409);
      assertThat(JSON.readTree(refused.body()).path("message").asText())
          .contains("lake.bronze.orders exists and is not a training set");
      HttpResponse<String> noColumn =
          TestHttp.send(
              platform.api(),
              "POST",
              "/api/v1/features/" + GROUP + "/training-set",
              "{\"spine\": \"lake.gold.trained_spine\", \"entityColumn\": \"restaurant\","
                  + " \"timeColumn\": \"ts\", \"out\": \"lake.gold.trained_set\"}");
      assertThat(noColumn.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(noColumn.body()).path("message").asText())
          .contains("has no entity column restaurant");
    }
  }

  private static void assertSame(Object trained, JsonNode served, String what) {
    JsonNode value = served.path("value");
    if (served.path("status").asText().equals("NOT_FOUND") || value.isNull()) {
      assertThat(trained).as(what).isNull();
    } else if (trained instanceof Long count) {
      assertThat(count).as(what).isEqualTo(value.asLong());
    } else if (trained instanceof BigDecimal number) {
      assertThat(number).as(what).isEqualByComparingTo(value.decimalValue());
    } else if (value.isArray()) {
      try {
        assertThat(JSON.readTree((String) trained)).as(what).isEqualTo(value);
      } catch (java.io.IOException e) {
        throw new AssertionError(what + ": not JSON: " + trained, e);
      }
    } else {
      assertThat(String.valueOf(trained)).as(what).isEqualTo(value.asText());
    }
  }

  /** Asks the serving API for every restaurant at {@code at}, keeping each answer. */
  private void record(LocalPlatform platform, Map<List<String>, JsonNode> answers, Instant at)
      throws Exception {
    for (String restaurant : RESTAURANTS) {
      HttpResponse<String> response =
          TestHttp.send(
              platform.serving(),
              "GET",
              "/v1/groups/" + GROUP + "/entities/" + restaurant + "?at=" + at,
              null);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      answers.put(
          List.of(restaurant, at.toString()), JSON.readTree(response.body()).path("features"));
    }
  }

  /** Waits until every restaurant's stored version counts every order of it published. */
  private void awaitRead(OnlineStore store, GroupPointer pointer, int parts) {
    await("the store to reflect every order published")
        .atMost(Duration.ofMinutes(2))
        .until(
            () -> {
              Map<String, List<FeatureItem>> items =
                  store.items(GROUP, pointer.active(), List.copyOf(read.keySet()), parts);
              return items.size() == read.size()
                  && read.entrySet().stream()
                      .allMatch(
                          e ->
                              items.containsKey(e.getKey())
                                  && items.get(e.getKey()).size() == parts
                                  && items.get(e.getKey()).stream()
                                      .allMatch(i -> i.version() == e.getValue()));
            });
  }

  private Event order(String restaurant, Instant at) {
    read.merge(restaurant, 1, Integer::sum);
    String id = "t-" + sequence++;
    List<String> dishes = List.of("pho", "ramen", "pizza", "curry");
    return new Event(
        id,
        "{\"order_id\":\""
            + id
            + "\",\"customer_id\":\"c-"
            + random.nextInt(30)
            + "\",\"restaurant_id\":\""
            + restaurant
            + "\",\"dish\":\""
            + dishes.get(random.nextInt(dishes.size()))
            + "\",\"amount\":"
            + (3 + random.nextInt(40))
            + "."
            + random.nextInt(10)
            + "5,\"event_time\":\""
            + at
            + "\"}");
  }

  private static Instant timeOf(Event event) {
    String json = event.payload();
    int at = json.indexOf("\"event_time\":\"") + 14;
    return Instant.parse(json.substring(at, json.indexOf('"', at)));
  }

  /** The spine: one row per answer kept, its restaurant and time. */
  private static void writeSpine(LocalPlatform platform, Map<List<String>, JsonNode> answers)
      throws Exception {
    Schema schema =
        new Schema(
            Types.NestedField.required(1, "restaurant_id", Types.StringType.get()),
            Types.NestedField.required(2, "ts", Types.TimestampType.withZone()));
    Table spine =
        platform
            .lake()
            .iceberg()
            .createTable(
                TableIdentifier.of("gold", "trained_spine"), schema, PartitionSpec.unpartitioned());
    GenericFileWriterFactory writers =
        new GenericFileWriterFactory.Builder(spine).dataFileFormat(FileFormat.PARQUET).build();
    OutputFileFactory paths =
        OutputFileFactory.builderFor(spine, 1, 1).format(FileFormat.PARQUET).build();
    PartitionKey partition = new PartitionKey(spine.spec(), schema);
    DataWriter<Record> writer =
        writers.newDataWriter(paths.newOutputFile(), spine.spec(), partition);
    try (writer) {
      for (List<String> key : answers.keySet()) {
        GenericRecord row = GenericRecord.create(schema);
        row.setField("restaurant_id", key.get(0));
        row.setField("ts", Instant.parse(key.get(1)).atOffset(ZoneOffset.UTC));
        writer.write(row);
      }
    }
    spine.newAppend().appendFile(writer.toDataFile()).commit();
  }
}
