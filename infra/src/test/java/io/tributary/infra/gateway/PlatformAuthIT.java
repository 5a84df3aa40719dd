package io.tributary.infra.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.gateway.TestHttp;
import io.tributary.gateway.auth.TokenFile;
import io.tributary.infra.local.LocalPlatform;
import io.tributary.infra.local.TestPlatforms;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A platform started with a token file: both of the gateway's doors, Flink's SQL Gateway REST API
 * and the platform API {@code /api/v1}, want a known user's bearer token, and a reader may read but
 * not operate.
 */
class PlatformAuthIT {
  private static final String ADMIN = "admin-token-of-alice";
  private static final String READER = "reader-token-of-rob";
  private static final String DEVELOPER = "developer-token-of-dan";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dataDir;
  @TempDir static Path config;

  private static final List<String> announced = new CopyOnWriteArrayList<>();
  private static Path tokens;
  private static LocalPlatform platform;

  @BeforeAll
  static void startPlatformWithTokens() throws Exception {
    tokens = config.resolve("tokens.yaml");
    Files.writeString(
        tokens,
        "users:\n"
            + "  - {name: alice, role: admin, token_sha256: "
            + TokenFile.sha256(ADMIN)
            + "}\n"
            + "  - {name: rob, role: reader, token_sha256: "
            + TokenFile.sha256(READER)
            + "}\n"
            + "  - {name: dan, role: developer, projects: [growth], token_sha256: "
            + TokenFile.sha256(DEVELOPER)
            + "}\n");
    platform =
        LocalPlatform.start(
            TestPlatforms.config(dataDir).withGatewayTokens(tokens), announced::add);
  }

  @AfterAll
  static void stopPlatform() throws Exception {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void startingSaysAuthIsOnForBothDoors() {
    assertThat(announced)
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("gateway   ")
                    .endsWith("; auth on: bearer tokens of 3 users from " + tokens + ")"))
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("api       ")
                    .endsWith("; auth on: the gateway's bearer tokens)"));
  }

  @Test
  void theSqlGatewayOpensSessionsForKnownTokensOnly() throws Exception {
    HttpResponse<String> anonymous =
        TestHttp.send(platform.gateway(), "POST", "/v1/sessions", null, "{}");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(anonymous.body()).path("errors").get(0).asText())
        .startsWith("Missing bearer token");

    HttpResponse<String> reader =
        TestHttp.send(platform.gateway(), "POST", "/v1/sessions", READER, "{}");
    assertThat(reader.statusCode()).as(reader.body()).isEqualTo(200);
    assertThat(JSON.readTree(reader.body()).path("sessionHandle").asText()).isNotBlank();
  }

  @Test
  void thePlatformApiWantsATokenAndAReaderMayOnlyRead() throws Exception {
    HttpResponse<String> anonymous =
        TestHttp.send(platform.api(), "GET", "/api/v1/jobs", null, null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    JsonNode error = JSON.readTree(anonymous.body());
    assertThat(error.path("error").asText()).isEqualTo("Unauthorized");
    assertThat(error.path("message").asText())
        .isEqualTo(
            "Missing bearer token: send the header 'Authorization: Bearer <token>' (the tributary"
                + " commands send $TRIBUTARY_TOKEN)");

    HttpResponse<String> unknown =
        TestHttp.send(platform.api(), "GET", "/api/v1/jobs", "nope", null);
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(unknown.body()).path("message").asText())
        .isEqualTo("Unknown bearer token: it matches no user of tokens.yaml");

    HttpResponse<String> list = TestHttp.send(platform.api(), "GET", "/api/v1/jobs", READER, null);
    assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
    assertThat(list.body()).contains("landing-orders");

    HttpResponse<String> stop =
        TestHttp.send(platform.api(), "POST", "/api/v1/jobs/landing-orders/stop", READER, "{}");
    assertThat(stop.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(stop.body()).path("message").asText())
        .isEqualTo(
            "User rob (reader) may not deploy pipelines or operate jobs; that needs the developer"
                + " or admin role");

    // an admin gets past auth to the API itself, which knows no such job
    HttpResponse<String> admin =
        TestHttp.send(platform.api(), "POST", "/api/v1/jobs/no-such-job/stop", ADMIN, "{}");
    assertThat(admin.statusCode()).as(admin.body()).isEqualTo(404);
  }

  @Test
  void aDeveloperDeploysOnlyIntoTheTablesOfTheirProject(@TempDir Path repo) throws Exception {
    writePipeline(repo.resolve("outside"), "big_orders", "lake.silver.big_orders");
    String outside = "{\"directory\": \"" + repo.resolve("outside") + "\"}";
    HttpResponse<String> refused =
        TestHttp.send(platform.api(), "POST", "/api/v1/deployments", DEVELOPER, outside);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    assertThat(JSON.readTree(refused.body()).path("message").asText())
        .isEqualTo(
            "User dan (developer) may not deploy pipeline big_orders: its target"
                + " lake.silver.big_orders is not among the tables of their projects"
                + " (silver.growth_*, gold.growth_*); nothing was deployed");
    assertThat(platform.deployer().running()).isEmpty();

    HttpResponse<String> reader =
        TestHttp.send(platform.api(), "POST", "/api/v1/deployments", READER, outside);
    assertThat(reader.statusCode()).isEqualTo(403);

    writePipeline(repo.resolve("inside"), "growth_orders", "lake.silver.growth_orders");
    HttpResponse<String> applied =
        TestHttp.send(
            platform.api(),
            "POST",
            "/api/v1/deployments",
            DEVELOPER,
            "{\"directory\": \"" + repo.resolve("inside") + "\"}");
    assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
    JsonNode deployment = JSON.readTree(applied.body());
    assertThat(deployment.path("status").asText()).isEqualTo("APPLIED");
    assertThat(deployment.path("user").asText())
        .as("the token's user, not the body's")
        .isEqualTo("dan");
    assertThat(platform.deployer().running()).containsOnlyKeys("growth_orders");

    HttpResponse<String> landing =
        TestHttp.send(
            platform.api(), "POST", "/api/v1/jobs/landing-orders/restart", DEVELOPER, "{}");
    assertThat(landing.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(landing.body()).path("message").asText())
        .isEqualTo(
            "User dan (developer) may not operate job landing-orders: landing jobs are operated by"
                + " admins");
  }

  private static void writePipeline(Path root, String name, String target) throws Exception {
    Path dir = Files.createDirectories(root.resolve(name));
    Files.writeString(
        dir.resolve("pipeline.yaml"),
        "name: " + name + "\ntarget: " + target + "\npartition: ds\n");
    Files.writeString(
        dir.resolve("transform.sql"),
        "INSERT INTO "
            + target
            + "\nSELECT order_id, amount, ds FROM src.orders WHERE amount >= 20\n");
  }
}
