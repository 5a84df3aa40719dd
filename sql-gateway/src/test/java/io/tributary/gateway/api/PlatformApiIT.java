package io.tributary.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.catalog.LakeCatalog;
import io.tributary.catalog.LakeCatalogConfig;
import io.tributary.catalog.lineage.Lineage;
import io.tributary.feature.dynamodb.OnlineStore;
import io.tributary.feature.dynamodb.OnlineStoreConfig;
import io.tributary.gateway.TestHttp;
import io.tributary.gateway.auth.TokenCheck;
import io.tributary.gateway.auth.TokenFile;
import io.tributary.gateway.deploy.DeployedFiles;
import io.tributary.gateway.deploy.DeploymentHistory;
import io.tributary.gateway.deploy.PipelineDeployer;
import io.tributary.gateway.feature.FeatureDeployer;
import io.tributary.gateway.feature.FeatureJobs;
import io.tributary.gateway.feature.SyncRun;
import io.tributary.gateway.feature.TableSyncs;
import io.tributary.gateway.feature.TrainingSets;
import io.tributary.gateway.jobs.ManagedJobs;
import io.tributary.gateway.replay.ReplayRun;
import io.tributary.gateway.replay.ReplayScheduler;
import io.tributary.gateway.store.JsonLinesLog;
import io.tributary.stream.flink.FlinkRest;
import io.tributary.stream.job.FlinkCluster;
import io.tributary.stream.job.JobLauncher;
import io.tributary.stream.job.JobSettings;
import io.tributary.stream.job.StateLocation;
import io.tributary.stream.job.StateStore;
import io.tributary.stream.kafka.KafkaConnection;
import io.tributary.stream.lineage.LineageDatasets;
import io.tributary.stream.maintenance.JdbcMaintenanceLocks;
import io.tributary.stream.maintenance.MaintenanceJobs;
import io.tributary.stream.maintenance.policy.MaintenanceSettings;
import io.tributary.stream.pipeline.PipelineTables;
import io.tributary.stream.source.Sources;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform API's HTTP edge on a real server, over the platform's real parts with nothing
 * deployed and no Flink cluster (its address is one nothing listens on): the answers to requests
 * the routes refuse, the JSON error shape, and bearer tokens. DeployIT, PlatformAuthIT and
 * ReplayScheduleIT drive the same API on the whole platform.
 */
class PlatformApiIT {
  private static final String ADMIN = "admin-token-of-alice";
  private static final String READER = "reader-token-of-rob";
  private static final URI NO_CLUSTER = URI.create("http://127.0.0.1:1");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  private static Parts open;
  private static Parts checked;
  private static Path tokens;

  /** The platform's parts behind one API, closed together. */
  private record Parts(
      LakeCatalog lake, Lineage lineage, ReplayScheduler replays, PlatformApi api) {
    static Parts start(Path dir, Optional<TokenCheck> tokens) throws Exception {
      LakeCatalog lake = LakeCatalog.open(LakeCatalogConfig.local(dir)).ensureLayers();
      Lineage lineage = Lineage.open(dir.resolve("lineage"), Optional.empty());
      KafkaConnection kafka = KafkaConnection.of("127.0.0.1:1");
      ManagedJobs jobs =
          new ManagedJobs(
              new JobLauncher(
                  FlinkCluster.embedded(NO_CLUSTER),
                  new StateStore(StateLocation.of(dir.resolve("state"))),
                  JobSettings.DEFAULT),
              lineage,
              new FlinkRest(NO_CLUSTER),
              kafka,
              Clock.systemUTC());
      PipelineDeployer deployer =
          new PipelineDeployer(
              jobs,
              lake,
              new PipelineTables(List.of(), kafka, lake.config()),
              LineageDatasets.of(kafka, List.of(), lake),
              new DeploymentHistory(dir.resolve("deployments.jsonl"), Clock.systemUTC()),
              new DeployedFiles(dir.resolve("deployed")),
              new FlinkRest(NO_CLUSTER),
              Duration.ofSeconds(10),
              // no cluster: its pipelines' tables are not maintained
              new MaintenanceJobs(
                  lake,
                  MaintenanceSettings.DEFAULT.off(),
                  JdbcMaintenanceLocks.of(lake.config(), dir.resolve("locks.db")),
                  dir.resolve("lineage"),
                  Optional.empty(),
                  LineageDatasets.of(kafka, List.of(), lake),
                  List.of()));
      ReplayScheduler replays =
          new ReplayScheduler(
              deployer::running,
              (pipeline, day) -> {
                throw new IllegalStateException("no cluster runs replays here");
              },
              new JsonLinesLog<>(dir.resolve("replay-runs.jsonl"), ReplayRun.class, ReplayRun::id),
              Clock.systemUTC(),
              ReplayScheduler.Retry.DEFAULT);
      // no cluster and no store: no feature group runs, the routes still answer
      FeatureDeployer features =
          new FeatureDeployer(
              jobs,
              OnlineStore.connect(OnlineStoreConfig.local(URI.create("http://127.0.0.1:1"))),
              Sources.of(List.of()),
              new FeatureJobs(
                  kafka,
                  OnlineStoreConfig.local(URI.create("http://127.0.0.1:1")),
                  Sources.of(List.of()),
                  LineageDatasets.of(kafka, List.of(), lake),
                  1,
                  Duration.ofMillis(200)),
              Duration.ofMinutes(1),
              Duration.ofSeconds(1));
      TableSyncs tables =
          new TableSyncs(
              OnlineStore.connect(OnlineStoreConfig.local(URI.create("http://127.0.0.1:1"))),
              lake,
              new JsonLinesLog<>(dir.resolve("sync-runs.jsonl"), SyncRun.class, SyncRun::id),
              Clock.systemUTC(),
              Duration.ofSeconds(1));
      PlatformApi api =
          PlatformApi.start(
              "127.0.0.1",
              0,
              jobs,
              deployer,
              replays,
              features,
              tables,
              new TrainingSets(
                  jobs,
                  lake,
                  kafka,
                  Sources.of(List.of()),
                  LineageDatasets.of(kafka, List.of(), lake),
                  1,
                  features::running),
              tokens);
      return new Parts(lake, lineage, replays, api);
    }

    void close() throws Exception {
      api.close();
      replays.close();
      lineage.close();
      lake.close();
    }
  }

  @BeforeAll
  static void startTwoApis() throws Exception {
    open = Parts.start(Files.createDirectories(dir.resolve("open")), Optional.empty());
    tokens = dir.resolve("tokens.yaml");
    writeTokens("  - {name: alice, role: admin, token_sha256: " + TokenFile.sha256(ADMIN) + "}\n");
    checked =
        Parts.start(
            Files.createDirectories(dir.resolve("checked")), Optional.of(new TokenCheck(tokens)));
  }

  @AfterAll
  static void stopThem() throws Exception {
    for (Parts parts : new Parts[] {open, checked}) {
      if (parts != null) {
        parts.close();
      }
    }
  }

  @Test
  void portZeroPicksAFreePortAndTheAddressSaysWhichOne() {
    assertThat(open.api().address().getHost()).isEqualTo("127.0.0.1");
    assertThat(open.api().address().getPort()).isPositive();
    assertThat(open.api().address()).isNotEqualTo(checked.api().address());
  }

  @Test
  void theOpenApiDocumentIsServedAsWrittenAndListsExactlyTheRoutes() throws Exception {
    HttpResponse<String> response = send(open, "GET", "/api/v1/openapi.json", null, null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    try (InputStream in = PlatformApi.class.getResourceAsStream("openapi.json")) {
      assertThat(response.body()).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    assertThat(OpenApiDocument.operations(response.body()))
        .containsExactlyInAnyOrderElementsOf(
            PlatformApi.ROUTES.stream().map(r -> r.method() + " " + r.path()).toList());
  }

  @Test
  void aDocumentThatListsOtherRoutesStopsTheStart() {
    assertThatThrownBy(
            () -> OpenApiDocument.load(PlatformApi.ROUTES.subList(1, PlatformApi.ROUTES.size())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "The platform API's openapi.json does not list what it serves: documented but not"
                + " served [GET /api/v1/openapi.json], served but not documented []");
  }

  @Test
  void featureGroupsAreListedAndAnUnknownOneIsA404() throws Exception {
    HttpResponse<String> groups = send(open, "GET", "/api/v1/features", null, null);
    assertThat(groups.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(groups.body()).isEmpty()).as(groups.body()).isTrue();
    assertError(
        send(open, "POST", "/api/v1/features/nope/backfill", null, "{}"),
        404,
        "{\"status\":404,\"error\":\"Not Found\",\"message\":\"No feature group nope; the"
            + " groups are []\"}");
    assertError(
        send(open, "POST", "/api/v1/features/plan", null, "{}"),
        400,
        "{\"status\":400,\"error\":\"Bad Request\",\"message\":\"The request needs"
            + " \\\"directory\\\": the features directory to deploy\"}");
  }

  @Test
  void pathsOutsideTheApiAndUnknownPathsAre404s() throws Exception {
    assertError(
        send(open, "GET", "/", null, null),
        404,
        "{\"status\":404,\"error\":\"Not Found\",\"message\":\"No such resource /; the platform API"
            + " is /api/v1\"}");
    assertError(
        send(open, "POST", "/api/v2/jobs", null, "{}"),
        404,
        "{\"status\":404,\"error\":\"Not Found\",\"message\":\"No such resource /api/v2/jobs; the"
            + " platform API is /api/v1\"}");
    assertError(
        send(open, "GET", "/api/v1/nothing", null, null),
        404,
        "{\"status\":404,\"error\":\"Not Found\",\"message\":\"No such resource /api/v1/nothing\"}");
    assertError(
        send(open, "GET", "/api/v1/jobs/", null, null),
        404,
        "{\"status\":404,\"error\":\"Not Found\",\"message\":\"No such resource /api/v1/jobs/\"}");
    assertError(
        send(open, "POST", "/api/v1/jobs/no%20such/stop", null, "{}"),
        404,
        "{\"status\":404,\"error\":\"Not Found\",\"message\":\"No such resource"
            + " /api/v1/jobs/no such/stop\"}");
    assertError(
        send(open, "POST", "/api/v1/jobs/landing-x/explode", null, "{}"),
        404,
        "{\"status\":404,\"error\":\"Not Found\",\"message\":\"No such resource"
            + " /api/v1/jobs/landing-x/explode\"}");
  }

  @Test
  void aWrongMethodIs405WithTheMethodsAllowed() throws Exception {
    HttpResponse<String> delete = send(open, "DELETE", "/api/v1/jobs", null, null);
    assertError(
        delete,
        405,
        "{\"status\":405,\"error\":\"Method Not Allowed\",\"message\":\"DELETE is not allowed on"
            + " /api/v1/jobs; use GET\"}");
    assertThat(delete.headers().firstValue("Allow")).contains("GET");

    HttpResponse<String> get = send(open, "GET", "/api/v1/jobs/landing-x/stop", null, null);
    assertThat(JSON.readTree(get.body()).path("message").asText())
        .isEqualTo("GET is not allowed on /api/v1/jobs/landing-x/stop; use POST");
    assertThat(get.headers().firstValue("Allow")).contains("POST");

    HttpResponse<String> head = send(open, "HEAD", "/api/v1/jobs", null, null);
    assertThat(head.statusCode()).as("the API serves no HEAD").isEqualTo(405);
    assertThat(head.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(head.headers().firstValue("Allow")).contains("GET");
    assertThat(head.body()).isEmpty();

    HttpResponse<String> put = send(open, "PUT", "/api/v1/deployments", null, "{}");
    assertThat(JSON.readTree(put.body()).path("message").asText())
        .isEqualTo("PUT is not allowed on /api/v1/deployments; use GET or POST");
    assertThat(put.headers().firstValue("Allow")).contains("GET, POST");
  }

  @Test
  void aBodyThatIsNotAJsonObjectIs400() throws Exception {
    HttpResponse<String> notJson = send(open, "POST", "/api/v1/deployments/plan", null, "{oops");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(notJson.body()).path("message").asText())
        .startsWith("The request body is not JSON: Unexpected character ('o'");
    assertError(
        send(open, "POST", "/api/v1/deployments/plan", null, "[1]"),
        400,
        "{\"status\":400,\"error\":\"Bad Request\",\"message\":\"The request body must be a JSON"
            + " object\"}");
  }

  @Test
  void aDeploymentNeedsAnExistingDirectory() throws Exception {
    assertError(
        send(open, "POST", "/api/v1/deployments", null, "{}"),
        400,
        "{\"status\":400,\"error\":\"Bad Request\",\"message\":\"The request needs \\\"directory\\\":"
            + " the pipelines directory to deploy\"}");
    assertError(
        send(open, "POST", "/api/v1/deployments/plan", null, "{\"directory\": \"/no/such/dir\"}"),
        400,
        "{\"status\":400,\"error\":\"Bad Request\",\"message\":\"Pipelines directory /no/such/dir"
            + " does not exist\"}");
  }

  @Test
  void aReplayNeedsAPipelineAndADate() throws Exception {
    assertError(
        send(open, "POST", "/api/v1/replays", null, "{\"pipeline\": \"daily\"}"),
        400,
        "{\"status\":400,\"error\":\"Bad Request\",\"message\":\"The request needs \\\"pipeline\\\""
            + " and \\\"date\\\" (yyyy-MM-dd)\"}");
    assertError(
        send(open, "POST", "/api/v1/replays", null, "{\"pipeline\": \"d\", \"date\": \"May 1\"}"),
        400,
        "{\"status\":400,\"error\":\"Bad Request\",\"message\":\"'May 1' is not a date; write it as"
            + " yyyy-MM-dd\"}");
  }

  @Test
  void anUnknownJobIs404AndEmptyListsAreEmptyArrays() throws Exception {
    assertError(
        send(open, "POST", "/api/v1/jobs/landing-x/savepoint", null, "{}"),
        404,
        "{\"status\":404,\"error\":\"Not Found\",\"message\":\"No job 'landing-x'; jobs: none\"}");
    for (String path : List.of("/api/v1/jobs", "/api/v1/pipelines", "/api/v1/runs")) {
      HttpResponse<String> list = send(open, "GET", path, null, null);
      assertThat(list.statusCode()).as(path).isEqualTo(200);
      assertThat(list.headers().firstValue("Content-Type")).contains("application/json");
      assertThat(JSON.readTree(list.body()).isArray()).as(path).isTrue();
    }
  }

  @Test
  void withTokensEveryRequestNeedsAKnownUserFirst() throws Exception {
    writeTokens("  - {name: alice, role: admin, token_sha256: " + TokenFile.sha256(ADMIN) + "}\n");
    for (String path : List.of("/api/v1/jobs", "/no/such/path")) {
      HttpResponse<String> anonymous = send(checked, "GET", path, null, null);
      assertError(
          anonymous,
          401,
          "{\"status\":401,\"error\":\"Unauthorized\",\"message\":\"Missing bearer token: send the"
              + " header 'Authorization: Bearer <token>' (the tributary commands send"
              + " $TRIBUTARY_TOKEN)\"}");
      assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
          .contains("Bearer realm=\"tributary\"");
    }
    assertError(
        send(checked, "GET", "/api/v1/jobs", "nope", null),
        401,
        "{\"status\":401,\"error\":\"Unauthorized\",\"message\":\"Unknown bearer token: it matches"
            + " no user of tokens.yaml\"}");
    assertThat(send(checked, "GET", "/api/v1/jobs", ADMIN, null).statusCode()).isEqualTo(200);
  }

  @Test
  void aReaderMayReadAndPlanButNotOperate() throws Exception {
    writeTokens(
        "  - {name: alice, role: admin, token_sha256: "
            + TokenFile.sha256(ADMIN)
            + "}\n  - {name: rob, role: reader, token_sha256: "
            + TokenFile.sha256(READER)
            + "}\n");
    assertThat(send(checked, "GET", "/api/v1/runs", READER, null).statusCode()).isEqualTo(200);
    assertThat(send(checked, "POST", "/api/v1/deployments/plan", READER, "{}").statusCode())
        .as("a plan is a read: past auth, the API wants a directory")
        .isEqualTo(400);
    String forbidden =
        "{\"status\":403,\"error\":\"Forbidden\",\"message\":\"User rob (reader) may not deploy"
            + " pipelines or operate jobs; that needs the developer or admin role\"}";
    assertError(send(checked, "POST", "/api/v1/replays", READER, "{}"), 403, forbidden);
    assertError(send(checked, "DELETE", "/api/v1/jobs", READER, null), 403, forbidden);
    assertThat(send(checked, "PUT", "/api/v1/deployments/plan", READER, "{}").statusCode())
        .as("a wrong method on the plan, a read")
        .isEqualTo(405);
    assertThat(send(checked, "POST", "/api/v1/replays", ADMIN, "{}").statusCode()).isEqualTo(400);
  }

  @Test
  void theTokenFileIsReadForEveryRequest() throws Exception {
    writeTokens("  - {name: alice, role: admin, token_sha256: " + TokenFile.sha256(ADMIN) + "}\n");
    assertThat(send(checked, "GET", "/api/v1/jobs", READER, null).statusCode()).isEqualTo(401);
    Files.writeString(tokens, "users: [oops");
    HttpResponse<String> unreadable = send(checked, "GET", "/api/v1/jobs", ADMIN, null);
    assertThat(unreadable.statusCode()).isEqualTo(503);
    assertThat(unreadable.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(JSON.readTree(unreadable.body()).path("message").asText())
        .startsWith("The platform API cannot check tokens: ");
    writeTokens("  - {name: alice, role: admin, token_sha256: " + TokenFile.sha256(ADMIN) + "}\n");
    assertThat(send(checked, "GET", "/api/v1/jobs", ADMIN, null).statusCode()).isEqualTo(200);
  }

  @Test
  void closingStopsServingAndClosingAgainDoesNothing() throws Exception {
    Parts parts = Parts.start(Files.createDirectories(dir.resolve("closed")), Optional.empty());
    URI address = parts.api().address();
    assertThat(TestHttp.send(address, "GET", "/api/v1/jobs", null).statusCode()).isEqualTo(200);
    parts.close();
    parts.api().close();
    assertThatThrownBy(() -> TestHttp.send(address, "GET", "/api/v1/jobs", null))
        .isInstanceOf(ConnectException.class);
  }

  private static HttpResponse<String> send(
      Parts parts, String method, String path, String token, String body) throws Exception {
    return TestHttp.send(parts.api().address(), method, path, token, body);
  }

  /** The answer is {@code json}, as a JSON error with its status and content type. */
  private static void assertError(HttpResponse<String> response, int status, String json)
      throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(JSON.readTree(response.body()).toString()).isEqualTo(json);
  }

  private static void writeTokens(String users) throws IOException {
    Files.writeString(tokens, "users:\n" + users);
  }
}
