package io.tributary.infra.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.gateway.TestHttp;
import io.tributary.infra.local.DataDir;
import io.tributary.infra.local.LocalConfig;
import io.tributary.infra.local.LocalPlatform;
import io.tributary.infra.local.TestPlatforms;
import io.tributary.stream.flink.FlinkRest;
import io.tributary.stream.testkit.LakeRows;
import io.tributary.stream.testkit.TestEvents;
import io.tributary.stream.testkit.TestEvents.Event;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pipelines deployed from a directory through the platform API, on the real embedded stack: a new
 * pipeline starts; a compatible change restarts from a savepoint and its running count continues;
 * an incompatible change is refused with Flink's reason and the old version keeps running, until it
 * is applied with a state reset; an invalid pipeline stops the whole deployment with nothing
 * changed; a removed pipeline stops with its savepoint kept. Every deployment is in the history.
 *
 * <p>The tests share one platform and pass alone or in any order: each begins on a platform that
 * runs no pipeline, and deploys a directory of its own whose pipelines have names and targets of
 * their own (a name's state outlives its pipeline, and a target keeps its rows). Only the
 * compatible change counts orders, those of {@link #DAY}; the orders other tests publish, to give
 * their pipelines state, are days older, so that they never make that day's orders late.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final LocalDate DAY = LocalDate.now(ZoneOffset.UTC).minusDays(2);
  private static final LocalDate EARLIER = DAY.minusDays(3);
  private static final String COUNT_SQL =
      """
      INSERT INTO lake.gold.%s
      SELECT DATE_FORMAT(window_start, 'yyyy-MM-dd') AS ds, COUNT(*) AS n
      FROM TABLE(TUMBLE(TABLE src.orders, DESCRIPTOR(event_time), INTERVAL '1' DAY))
      %s
      GROUP BY window_start, window_end
      """;

  @TempDir static Path dataDir;
  @TempDir static Path noPipelines;
  private static LocalPlatform platform;

  /** Whether {@link #platform} is not as {@link #config()} starts it (a test restarted it). */
  private static boolean restarted;

  /** This test's pipelines directory: what it deploys. */
  @TempDir Path pipelines;

  @BeforeAll
  static void start() throws Exception {
    platform = LocalPlatform.start(config(), line -> {});
  }

  @AfterAll
  static void stop() throws Exception {
    if (platform != null) {
      platform.close();
    }
  }

  /** The example sources, and an empty pipelines directory: nothing deployed runs. */
  private static LocalConfig config() {
    return TestPlatforms.config(dataDir).withPipelines(List.of(noPipelines));
  }

  @BeforeEach
  void aPlatformThatRunsNoPipeline() throws Exception {
    if (restarted) {
      platform.close();
      platform = LocalPlatform.start(config(), line -> {});
      restarted = false;
    } else if (!platform.deployer().running().isEmpty()) {
      post(
          "/api/v1/deployments",
          Map.of("directory", noPipelines.toString(), "user", "setup", "allowStateReset", false),
          200);
    }
  }

  @Test
  void aNewPipelineIsPlannedThenStarted() throws Exception {
    writeCounts("new_counts", "");

    JsonNode plan =
        post("/api/v1/deployments/plan", Map.of("directory", pipelines.toString()), 200);
    assertThat(plan.path("changes").toString())
        .isEqualTo(
            "[{\"pipeline\":\"new_counts\",\"action\":\"NEW\",\"target\":\"lake.gold.new_counts\","
                + "\"diff\":[]}]");

    JsonNode deployment = deploy(false, 200);
    assertThat(deployment.path("status").asText()).isEqualTo("APPLIED");
    assertThat(deployment.path("user").asText()).isEqualTo("ada");
    assertThat(outcome(deployment, "new_counts")).isEqualTo("NEW: started");
    assertThat(job("pipeline-new_counts").path("state").asText()).isEqualTo("RUNNING");
  }

  @Test
  void aCompatibleChangeKeepsTheStateAndTheCountContinues() throws Exception {
    writeCounts("kept_counts", "");
    deploy(false, 200);
    publish(5, DAY, "a");
    writeCounts("kept_counts", "WHERE amount >= 0");

    JsonNode plan =
        post("/api/v1/deployments/plan", Map.of("directory", pipelines.toString()), 200);
    assertThat(plan.path("changes").path(0).path("action").asText()).isEqualTo("CHANGED");
    assertThat(plan.path("changes").path(0).path("diff").toString())
        .contains(
            "\"--- running/kept_counts/transform.sql\",\"+++ deploying/kept_counts/transform.sql\"")
        .contains("\"-\",\"+WHERE amount >= 0\"");

    JsonNode deployment = deploy(false, 200);
    assertThat(outcome(deployment, "kept_counts"))
        .startsWith("CHANGED: restarted as the new version from savepoint ")
        .endsWith("; state kept");
    String jobId = job("pipeline-kept_counts").path("id").asText();
    assertThat(new FlinkRest(platform.flinkRest()).checkpoints(jobId).restoredFrom())
        .as("the new version was restored from the savepoint")
        .hasValueSatisfying(path -> assertThat(path).contains("savepoint"));

    publish(3, DAY, "b");
    closeDay();
    await("the day's count")
        .atMost(Duration.ofMinutes(2))
        .until(() -> counts("kept_counts").containsKey(DAY.toString()));
    // counted once each, before and after the change: the state carried over, nothing re-read
    assertThat(counts("kept_counts")).containsEntry(DAY.toString(), List.of(8L));
  }

  @Test
  void anIncompatibleChangeIsRefusedAndTheRunningVersionStays() throws Exception {
    writeCounts("changed_counts", "WHERE amount >= 0");
    deploy(false, 200);
    withState("changed_counts");
    String before = job("pipeline-changed_counts").path("id").asText();
    Files.writeString(
        pipelines.resolve("changed_counts/transform.sql"),
        String.format(COUNT_SQL, "changed_counts", "WHERE amount >= 0")
            .replace("COUNT(*)", "COUNT(DISTINCT customer_id)"));

    JsonNode refused = deploy(false, 409);
    assertThat(refused.path("status").asText()).isEqualTo("REFUSED");
    assertThat(outcome(refused, "changed_counts"))
        .startsWith(
            "CHANGED: refused: Flink cannot restore the running version's state into the new"
                + " version (")
        .contains("Deploy with --allow-state-reset");
    JsonNode running = job("pipeline-changed_counts");
    assertThat(running.path("state").asText()).isEqualTo("RUNNING");
    assertThat(running.path("id").asText()).isNotEqualTo(before);

    JsonNode reset = deploy(true, 200);
    assertThat(reset.path("status").asText()).isEqualTo("APPLIED");
    assertThat(outcome(reset, "changed_counts"))
        .startsWith("CHANGED: restarted as the new version with fresh state (--allow-state-reset;");
    assertThat(job("pipeline-changed_counts").path("state").asText()).isEqualTo("RUNNING");
    assertThat(statusesOfThisTestsDeployments())
        .as("refused deployments are in the history too")
        .containsExactly("APPLIED", "REFUSED", "APPLIED");
  }

  @Test
  void anInvalidPipelineStopsTheWholeDeploymentWithNothingChanged() throws Exception {
    writeCounts("invalid_counts", "WHERE amount >= 0");
    deploy(false, 200);
    int deployments = get("/api/v1/deployments").size();
    String running = job("pipeline-invalid_counts").path("id").asText();
    Path broken = Files.createDirectories(pipelines.resolve("broken"));
    Files.writeString(
        broken.resolve("pipeline.yaml"),
        "name: broken\ntarget: lake.silver.broken\npartition: ds\n");
    Files.writeString(
        broken.resolve("transform.sql"),
        "INSERT INTO lake.silver.broken\nSELECT order_id, ds FROM src.orders WHERE amount >>= 1\n");
    Files.writeString(
        pipelines.resolve("invalid_counts/transform.sql"),
        String.format(COUNT_SQL, "invalid_counts", ""));

    JsonNode error = deploy(false, 400);
    assertThat(error.path("message").asText())
        .startsWith(broken.resolve("transform.sql") + ", line 2, column ");
    assertThat(get("/api/v1/deployments").size()).isEqualTo(deployments);
    assertThat(job("pipeline-invalid_counts").path("id").asText()).isEqualTo(running);
    assertThat(platform.lake().iceberg().tableExists(TableIdentifier.of("silver", "broken")))
        .isFalse();
  }

  @Test
  void aRemovedPipelineStopsAndKeepsItsSavepoint() throws Exception {
    writeCounts("removed_counts", "");
    deploy(false, 200);
    assertThat(job("maintenance-removed_counts").path("kind").asText())
        .as("the maintenance of the pipeline's target starts with it")
        .isEqualTo("MAINTENANCE");
    // as a pipeline that has run for a while: a job that has not checkpointed yet takes no
    // savepoint
    await("a checkpoint of pipeline-removed_counts")
        .atMost(Duration.ofSeconds(30))
        .until(() -> job("pipeline-removed_counts").has("lastCheckpoint"));
    deleteTree(pipelines.resolve("removed_counts"));

    JsonNode deployment = deploy(false, 200);
    assertThat(outcome(deployment, "removed_counts"))
        .startsWith("REMOVED: stopped; its savepoint ");
    String savepoint =
        outcome(deployment, "removed_counts").replaceAll(".*its savepoint (\\S+) is kept", "$1");
    assertThat(Path.of(savepoint)).exists();
    assertThat(get("/api/v1/jobs"))
        .extracting(j -> j.path("name").asText())
        .containsExactly(
            "landing-clicks", "landing-orders", "maintenance-clicks", "maintenance-orders");

    assertThat(statusesOfThisTestsDeployments()).containsExactly("APPLIED", "APPLIED");
  }

  @Test
  void jobsShowStateCheckpointsAndLagAndCanBeStoppedAndRestarted() throws Exception {
    JsonNode landing = job("landing-orders");
    assertThat(landing.path("kind").asText()).isEqualTo("LANDING");
    assertThat(landing.path("restarts").asLong()).isZero();
    await("a checkpoint of landing-orders")
        .atMost(Duration.ofSeconds(30))
        .until(() -> job("landing-orders").has("lastCheckpoint"));
    await("landing-orders to catch up with the log")
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              JsonNode lag = job("landing-orders").path("lag");
              return lag.size() == 2
                  && lag.path(0).path("records").asLong() == 0
                  && lag.path(1).path("records").asLong() == 0;
            });

    JsonNode stopped = post("/api/v1/jobs/landing-clicks/stop", Map.of(), 200);
    assertThat(stopped.path("state").asText()).isEqualTo("STOPPED");
    assertThat(job("landing-clicks").path("state").asText()).isEqualTo("STOPPED");
    JsonNode notRunning = post("/api/v1/jobs/landing-clicks/savepoint", Map.of(), 409);
    assertThat(notRunning.path("message").asText())
        .isEqualTo("Job landing-clicks is stopped; restart it first");
    JsonNode restarted = post("/api/v1/jobs/landing-clicks/restart", Map.of(), 200);
    assertThat(restarted.path("restoredFrom").asText())
        .isEqualTo(stopped.path("savepoint").asText());
    assertThat(job("landing-clicks").path("state").asText()).isEqualTo("RUNNING");
    // stopped again at once, while its tasks may still be starting: it keeps its place all the same
    JsonNode stoppedAtOnce = post("/api/v1/jobs/landing-clicks/stop", Map.of(), 200);
    assertThat(stoppedAtOnce.path("savepoint").asText()).contains("savepoint");
    assertThat(
            post("/api/v1/jobs/landing-clicks/restart", Map.of(), 200)
                .path("restoredFrom")
                .asText())
        .isEqualTo(stoppedAtOnce.path("savepoint").asText());

    JsonNode unknown = post("/api/v1/jobs/landing-nothing/stop", Map.of(), 404);
    assertThat(unknown.toString())
        .isEqualTo(
            "{\"status\":404,\"error\":\"Not Found\",\"message\":\"No job 'landing-nothing'; jobs:"
                + " landing-clicks, landing-orders, maintenance-clicks, maintenance-orders\"}");
  }

  @Test
  void theOpenApiDocumentListsExactlyWhatIsServed() throws Exception {
    JsonNode document = get("/api/v1/openapi.json");
    List<String> documented = new ArrayList<>();
    document
        .path("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        method ->
                            documented.add(
                                method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey())));
    List<String> served =
        io.tributary.gateway.api.PlatformApi.ROUTES.stream()
            .map(r -> r.method() + " " + r.path())
            .toList();
    assertThat(documented).containsExactlyInAnyOrderElementsOf(served);
    JsonNode wrongMethod = call("DELETE", "/api/v1/jobs", null, 405);
    assertThat(wrongMethod.path("message").asText())
        .isEqualTo("DELETE is not allowed on /api/v1/jobs; use GET");
  }

  /** Last, only to spare the other tests a restart of the platform; it passes anywhere. */
  @Test
  @Order(Integer.MAX_VALUE)
  void aRemovedPipelineBackAsAnotherVersionAndARestartWithoutAPipelinesDirectory()
      throws Exception {
    // comeback_counts runs as COUNT(DISTINCT ...) with state, and is removed
    writeCounts("comeback_counts", "WHERE amount >= 0");
    Files.writeString(
        pipelines.resolve("comeback_counts/transform.sql"),
        String.format(COUNT_SQL, "comeback_counts", "WHERE amount >= 0")
            .replace("COUNT(*)", "COUNT(DISTINCT customer_id)"));
    deploy(false, 200);
    withState("comeback_counts");
    deleteTree(pipelines.resolve("comeback_counts"));
    deploy(false, 200);

    // back as COUNT(*), its kept state does not fit
    writeCounts("comeback_counts", "WHERE amount >= 0");
    JsonNode refused = deploy(false, 409);
    assertThat(refused.path("status").asText()).isEqualTo("REFUSED");
    assertThat(outcome(refused, "comeback_counts"))
        .startsWith("NEW: refused: an earlier version of this pipeline left state in ")
        .contains("that Flink cannot restore into this version (")
        .endsWith("Deploy with --allow-state-reset to start it with fresh state");
    assertThat(get("/api/v1/jobs"))
        .extracting(j -> j.path("name").asText())
        .containsExactly(
            "landing-clicks", "landing-orders", "maintenance-clicks", "maintenance-orders");

    JsonNode deployment = deploy(true, 200);
    assertThat(outcome(deployment, "comeback_counts"))
        .startsWith("NEW: started with fresh state (--allow-state-reset;");
    assertThat(job("pipeline-comeback_counts").path("state").asText()).isEqualTo("RUNNING");

    restarted = true;
    platform.close();
    List<String> announced = new java.util.concurrent.CopyOnWriteArrayList<>();
    platform = LocalPlatform.start(TestPlatforms.config(dataDir), announced::add);

    assertThat(announced)
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("pipelines")
                    .contains("1 deployed before this restart")
                    .contains("(no pipelines directory given)"));
    assertThat(platform.deployer().running()).containsOnlyKeys("comeback_counts");
    assertThat(job("pipeline-comeback_counts").path("state").asText()).isEqualTo("RUNNING");
    assertThat(platform.jobs().get("pipeline-comeback_counts").restoredFrom())
        .as("it resumed from the savepoint taken at the stop")
        .hasValueSatisfying(path -> assertThat(path.toString()).contains("savepoint"));

    // started without the source it reads, it is left out, and stays deployed for a later start
    platform.close();
    announced.clear();
    platform = LocalPlatform.start(TestPlatforms.config(dataDir, List.of()), announced::add);
    assertThat(announced)
        .anySatisfy(
            line ->
                assertThat(line)
                    .isEqualTo(
                        "pipeline  comeback_counts not resumed: it reads src.orders, which no"
                            + " source declares now (start with the sources it needs)"));
    assertThat(platform.deployer().running()).isEmpty();
    assertThat(dataDir.resolve(DataDir.DEPLOYED).resolve("comeback_counts/transform.sql")).exists();
  }

  /** Writes pipeline {@code name}, counting orders per day into {@code lake.gold.<name>}. */
  private void writeCounts(String name, String where) throws IOException {
    Path dir = Files.createDirectories(pipelines.resolve(name));
    Files.writeString(
        dir.resolve("pipeline.yaml"),
        "name: " + name + "\nowner: ops\ntarget: lake.gold." + name + "\npartition: ds\n");
    Files.writeString(dir.resolve("transform.sql"), String.format(COUNT_SQL, name, where));
  }

  private JsonNode deploy(boolean allowStateReset, int status) throws Exception {
    return post(
        "/api/v1/deployments",
        Map.of(
            "directory", pipelines.toString(), "user", "ada", "allowStateReset", allowStateReset),
        status);
  }

  /** The statuses of the deployments of this test's directory, oldest first. */
  private List<String> statusesOfThisTestsDeployments() throws Exception {
    String directory = pipelines.toAbsolutePath().normalize().toString();
    List<String> statuses = new ArrayList<>();
    for (JsonNode deployment : get("/api/v1/deployments")) {
      if (deployment.path("directory").asText().equals(directory)) {
        statuses.add(deployment.path("status").asText());
      }
    }
    return statuses;
  }

  /**
   * Gives the running pipeline {@code name} state to keep: publishes orders of {@link #EARLIER} and
   * of the next day, and waits until it has written a day's count (whichever day it could close,
   * given what else the log holds): it has read orders, and the window of its newest is open.
   */
  private static void withState(String name) throws Exception {
    publish(5, EARLIER, name);
    String time = EARLIER.plusDays(1).atTime(12, 0).toInstant(ZoneOffset.UTC).toString();
    List<Event> closing = new ArrayList<>();
    for (int partition = 0; partition < 2; partition++) {
      String id = name + "-close-" + partition;
      closing.add(
          new Event(
                  id, "{\"order_id\":\"" + id + "\",\"amount\":1,\"event_time\":\"" + time + "\"}")
              .to(partition));
    }
    TestEvents.publish(platform.kafkaBootstrap(), "src.orders", closing);
    await("pipeline " + name + " to count a day")
        .atMost(Duration.ofMinutes(1))
        .until(() -> !counts(name).isEmpty());
  }

  private static String outcome(JsonNode deployment, String pipeline) {
    for (JsonNode outcome : deployment.path("outcomes")) {
      if (outcome.path("pipeline").asText().equals(pipeline)) {
        return outcome.path("action").asText() + ": " + outcome.path("result").asText();
      }
    }
    throw new AssertionError("no outcome for " + pipeline + " in " + deployment);
  }

  private static JsonNode job(String name) throws Exception {
    for (JsonNode job : get("/api/v1/jobs")) {
      if (job.path("name").asText().equals(name)) {
        return job;
      }
    }
    throw new AssertionError("no job " + name);
  }

  /** Orders of {@code day}, spread over both partitions. */
  private static void publish(int count, LocalDate day, String prefix) throws Exception {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = prefix + "-" + i;
      String time = day.atTime(10, i).toInstant(ZoneOffset.UTC).toString();
      events.add(
          new Event(
                  id,
                  "{\"order_id\":\""
                      + id
                      + "\",\"customer_id\":\"c"
                      + i
                      + "\",\"amount\":10,"
                      + "\"event_time\":\""
                      + time
                      + "\"}")
              .to(i % 2));
    }
    TestEvents.publish(platform.kafkaBootstrap(), "src.orders", events);
  }

  /** An order of the next day in each partition moves the watermark past the day's end. */
  private static void closeDay() throws Exception {
    String time = DAY.plusDays(1).atTime(12, 0).toInstant(ZoneOffset.UTC).toString();
    List<Event> events = new ArrayList<>();
    for (int partition = 0; partition < 2; partition++) {
      String id = "close-" + partition;
      events.add(
          new Event(
                  id, "{\"order_id\":\"" + id + "\",\"amount\":1,\"event_time\":\"" + time + "\"}")
              .to(partition));
    }
    TestEvents.publish(platform.kafkaBootstrap(), "src.orders", events);
  }

  /** The counts pipeline {@code name} wrote per day. */
  private static Map<String, List<Long>> counts(String name) {
    Map<String, List<Long>> counts = new TreeMap<>();
    for (Record row : LakeRows.read(platform.lake(), TableIdentifier.of("gold", name))) {
      counts
          .computeIfAbsent(String.valueOf(row.getField("ds")), d -> new ArrayList<>())
          .add((Long) row.getField("n"));
    }
    return counts;
  }

  private static JsonNode get(String path) throws Exception {
    return call("GET", path, null, 200);
  }

  private static JsonNode post(String path, Map<String, ?> body, int status) throws Exception {
    return call("POST", path, JSON.writeValueAsString(body), status);
  }

  private static JsonNode call(String method, String path, String body, int status)
      throws Exception {
    HttpResponse<String> response = TestHttp.send(platform.api(), method, path, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    return JSON.readTree(response.body());
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
