package io.tributary.infra.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.gateway.TestHttp;
import io.tributary.gateway.feature.SyncRun;
import io.tributary.infra.cli.CliRun;
import io.tributary.infra.local.LocalPlatform;
import io.tributary.infra.local.TestPlatforms;
import io.tributary.serving.ServingResponse;
import io.tributary.serving.testkit.OpenApiResponses;
import io.tributary.stream.testkit.Examples;
import io.tributary.stream.testkit.LakeRows;
import io.tributary.stream.testkit.TestEvents;
import io.tributary.stream.testkit.TestEvents.Event;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table group on the real embedded stack: the example pipeline {@code daily_revenue} streams
 * orders into its gold table, the group is synced from it into DynamoDB and served over HTTP; late
 * events arrive for a past day, its replay corrects the gold table, the sync that follows the
 * replay corrects the served values, and a second sync writes nothing. A reader polling the serving
 * API all the while never sees an entity whose columns no single row of the table had.
 */
class TableGroupsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String GROUP = "restaurant_daily";
  private static final TableIdentifier GOLD = TableIdentifier.of("gold", "daily_revenue");
  private static final LocalDate D1 = LocalDate.now(ZoneOffset.UTC).minusDays(4);
  private static final LocalDate D2 = D1.plusDays(1);

  private static final String YAML =
      """
      name: restaurant_daily
      owner: analytics
      description: yesterday's orders and revenue per restaurant, from the gold table
      entity: restaurant_id
      from: lake.gold.daily_revenue
      columns: [orders, revenue, ds]
      latest_by: ds
      sync: {after: daily_revenue}
      """;

  @TempDir Path dataDir;
  @TempDir Path pipelines;
  @TempDir Path features;

  @Test
  void aReplayedDayIsCorrectedInWhatIsServedWithNoMixedRead() throws Exception {
    Path pipeline = Files.createDirectories(pipelines.resolve("daily_revenue"));
    for (String file : List.of("pipeline.yaml", "transform.sql")) {
      Files.copy(Examples.PIPELINES.resolve("daily_revenue").resolve(file), pipeline.resolve(file));
    }
    Files.writeString(features.resolve(GROUP + ".yaml"), YAML);
    List<String> announced = new CopyOnWriteArrayList<>();
    try (LocalPlatform platform =
        LocalPlatform.start(
            TestPlatforms.config(dataDir)
                .withPipelines(List.of(pipelines))
                .withFeatures(List.of(features)),
            announced::add)) {
      assertThat(announced).anyMatch(line -> line.contains(GROUP) && line.contains("latest by ds"));
      // D1: r-0..r-5, D2: r-0..r-3; orders the day after close both (lateness 1h)
      List<Event> events = new ArrayList<>();
      for (int r = 0; r < 6; r++) {
        events.addAll(orders("r-" + r, D1, r + 1, "10.00"));
      }
      for (int r = 0; r < 4; r++) {
        events.addAll(orders("r-" + r, D2, r + 2, "7.50"));
      }
      events.addAll(orders("r-0", D2.plusDays(1), 2, "1.00")); // on both partitions
      TestEvents.publish(platform.kafkaBootstrap(), "src.orders", events);
      await("the stream to write both days")
          .atMost(Duration.ofMinutes(2))
          .until(() -> LakeRows.read(platform.lake(), GOLD).size() == 10);

      SyncRun first = sync(platform);
      assertThat(first.rowsRead()).isEqualTo(10);
      assertThat(first.written()).isEqualTo(6);
      Map<String, List<Object>> served = new ConcurrentHashMap<>();
      Set<List<Object>> everInTable = ConcurrentHashMap.newKeySet();
      for (int r = 0; r < 6; r++) {
        List<Object> row =
            r < 4 ? row(r + 2, "7.50", D2) : row(r + 1, "10.00", D1); // the latest day's row
        assertThat(servedRow(platform, "r-" + r)).as("r-" + r).isEqualTo(row);
        everInTable.add(row);
      }
      OpenApiResponses openApi = new OpenApiResponses();
      JsonNode groups = openApi.check("GET", "/v1/groups", serving(platform, "/v1/groups"));
      JsonNode group = groups.path("groups").get(0);
      assertThat(group.path("kind").asText()).isEqualTo("table");
      assertThat(group.path("source").asText()).isEqualTo("lake.gold.daily_revenue");
      assertThat(group.path("snapshot").path("id").asLong()).isEqualTo(first.toSnapshot().get());
      openApi.check(
          "GET",
          "/v1/groups/{group}/entities/{id}",
          serving(platform, "/v1/groups/" + GROUP + "/entities/r-4"));

      // late events for D1 (past the lateness, so the stream leaves them out): r-4 +3, r-5 +1
      everInTable.add(row(5 + 3, "10.00", D1));
      everInTable.add(row(6 + 1, "10.00", D1));
      Poller poller = new Poller(platform, everInTable);
      poller.start();
      List<Event> late = new ArrayList<>(orders("r-4", D1, 3, "10.00"));
      late.addAll(orders("r-5", D1, 1, "10.00"));
      TestEvents.publish(platform.kafkaBootstrap(), "src.orders", late);
      HttpResponse<String> replay =
          TestHttp.send(
              platform.api(),
              "POST",
              "/api/v1/replays",
              "{\"pipeline\": \"daily_revenue\", \"date\": \"" + D1 + "\"}");
      assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
      assertThat(JSON.readTree(replay.body()).path("lateEvents").asLong()).isEqualTo(4);

      await("the sync that follows the replay")
          .atMost(Duration.ofMinutes(1))
          .until(
              () ->
                  syncs(platform).stream()
                      .anyMatch(s -> s.path("trigger").asText().equals("REPLAY")));
      JsonNode afterReplay =
          syncs(platform).stream()
              .filter(s -> s.path("trigger").asText().equals("REPLAY"))
              .findFirst()
              .orElseThrow();
      assertThat(afterReplay.path("status").asText())
          .as(afterReplay.toString())
          .isEqualTo("SUCCEEDED");
      assertThat(afterReplay.path("mode").asText()).isEqualTo("INCREMENTAL");
      assertThat(afterReplay.path("rowsRead").asLong())
          .as("the replaced day's files only")
          .isEqualTo(6 + 6);
      assertThat(servedRow(platform, "r-4")).isEqualTo(row(8, "10.00", D1));
      assertThat(servedRow(platform, "r-5")).isEqualTo(row(7, "10.00", D1));
      assertThat(servedRow(platform, "r-0")).as("its D2 row stays").isEqualTo(row(2, "7.50", D2));

      SyncRun second = sync(platform);
      assertThat(second.written() + second.kept() + second.removed())
          .as("a second sync writes nothing")
          .isZero();
      assertThat(servedRow(platform, "r-4")).isEqualTo(row(8, "10.00", D1));
      poller.stop();
      assertThat(poller.reads.get()).as("reads during the replay and syncs").isPositive();
      assertThat(poller.violations).as("rows no snapshot had").isEmpty();

      HttpResponse<String> unknown =
          TestHttp.send(platform.api(), "POST", "/api/v1/features/nope/sync", "{}");
      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(JSON.readTree(unknown.body()).path("message").asText())
          .isEqualTo("No table group 'nope'; table groups: restaurant_daily");
      JsonNode tables =
          JSON.readTree(
              TestHttp.send(platform.api(), "GET", "/api/v1/features/tables", null).body());
      assertThat(tables.get(0).path("snapshot").asLong()).isEqualTo(second.toSnapshot().get());
      assertThat(tables.get(0).path("sync").asText()).isEqualTo("after daily_revenue");

      // the same through the CLI
      String data = dataDir.toString();
      CliRun cliSync = CliRun.of("features", "sync", "--data-dir", data, "--group", GROUP);
      assertThat(cliSync.exitCode()).as(cliSync.err()).isZero();
      assertThat(cliSync.out())
          .containsPattern(
              "sync #\\d+  restaurant_daily +MANUAL +SUCCEEDED (INCREMENTAL|UNCHANGED), snapshot"
                  + " \\d+ -> \\d+: \\d+ rows read, \\d+ entities, 0 written, 0 kept, 0 removed");
      CliRun runs = CliRun.of("runs", "--data-dir", data);
      assertThat(runs.out())
          .containsPattern("#1  daily_revenue +" + D1 + "  MANUAL +try 1  SUCCEEDED")
          .containsPattern("sync #\\d+  restaurant_daily +REPLAY +SUCCEEDED INCREMENTAL");
      CliRun listed = CliRun.of("features", "--data-dir", data);
      assertThat(listed.out())
          .contains("TABLE GROUP")
          .containsPattern(
              "restaurant_daily +lake.gold.daily_revenue +\\w{8} +after daily_revenue");
      CliRun get = CliRun.of("features", "get", GROUP, "r-4", "--data-dir", data);
      assertThat(get.out()).containsPattern("orders +PRESENT +8 ").contains("2026-");
    }
  }

  private static SyncRun sync(LocalPlatform platform) throws Exception {
    HttpResponse<String> response =
        TestHttp.send(platform.api(), "POST", "/api/v1/features/" + GROUP + "/sync", "{}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    long id = JSON.readTree(response.body()).path("id").asLong();
    return platform.tableSyncs().runs().all().stream()
        .filter(r -> r.id() == id)
        .findFirst()
        .orElseThrow();
  }

  private static List<JsonNode> syncs(LocalPlatform platform) throws Exception {
    List<JsonNode> runs = new ArrayList<>();
    JSON.readTree(TestHttp.send(platform.api(), "GET", "/api/v1/syncs", null).body())
        .forEach(runs::add);
    return runs;
  }

  private static List<Object> row(long orders, String amount, LocalDate day) {
    return List.of(
        new BigDecimal(orders).stripTrailingZeros(),
        new BigDecimal(amount).multiply(new BigDecimal(orders)).stripTrailingZeros(),
        day.toString());
  }

  /** The entity's served (orders, revenue, ds), or an empty list when it is not served. */
  private static List<Object> servedRow(LocalPlatform platform, String restaurant)
      throws Exception {
    ServingResponse response = serving(platform, "/v1/groups/" + GROUP + "/entities/" + restaurant);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonNode features = JSON.readTree(response.body()).path("features");
    if (features.path("orders").path("status").asText().equals("NOT_FOUND")) {
      return List.of();
    }
    return List.of(
        features.path("orders").path("value").decimalValue().stripTrailingZeros(),
        features.path("revenue").path("value").decimalValue().stripTrailingZeros(),
        features.path("ds").path("value").asText());
  }

  private static ServingResponse serving(LocalPlatform platform, String path) throws Exception {
    HttpResponse<String> response = TestHttp.send(platform.serving(), "GET", path, null);
    return new ServingResponse(
        response.statusCode(),
        Map.of("content-type", response.headers().firstValue("content-type").orElse("")),
        response.body());
  }

  /** {@code count} orders of {@code restaurant} at noon of {@code day}, one second apart. */
  private static List<Event> orders(String restaurant, LocalDate day, int count, String amount) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = restaurant + "-" + day + "-" + i + "-" + System.nanoTime();
      String time = day.atTime(12, 0, i).toInstant(ZoneOffset.UTC).toString();
      events.add(
          new Event(
                  id,
                  "{\"order_id\":\""
                      + id
                      + "\",\"restaurant_id\":\""
                      + restaurant
                      + "\",\"amount\":"
                      + amount
                      + ",\"event_time\":\""
                      + time
                      + "\"}")
              .to(i % 2));
    }
    return events;
  }

  /** Reads r-4 and r-5 over HTTP again and again: each read must be a row the table had. */
  private static final class Poller {
    private final LocalPlatform platform;
    private final Set<List<Object>> everInTable;
    private final AtomicBoolean running = new AtomicBoolean(true);
    final AtomicLong reads = new AtomicLong();
    final List<String> violations = new CopyOnWriteArrayList<>();
    private Thread thread;

    Poller(LocalPlatform platform, Set<List<Object>> everInTable) {
      this.platform = platform;
      this.everInTable = everInTable;
    }

    void start() {
      thread =
          new Thread(
              () -> {
                while (running.get()) {
                  for (String restaurant : List.of("r-4", "r-5")) {
                    try {
                      List<Object> row = servedRow(platform, restaurant);
                      if (!everInTable.contains(row)) {
                        violations.add(restaurant + " " + row);
                      }
                    } catch (Exception | AssertionError e) { // a failed read is a violation too
                      violations.add(restaurant + " " + e);
                    }
                  }
                  reads.incrementAndGet();
                }
              },
              "serving-poller");
      thread.start();
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join();
    }
  }
}
