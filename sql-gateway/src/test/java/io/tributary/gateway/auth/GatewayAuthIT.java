package io.tributary.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.gateway.EmbeddedSqlGateway;
import io.tributary.gateway.GatewayConfig;
import io.tributary.gateway.SessionSetup;
import io.tributary.gateway.TestHttp;
import io.tributary.stream.declaration.DeclarationException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bearer tokens on the SQL gateway's REST endpoint (Flink's SQL Gateway REST API), on a real
 * gateway. The statements here are planned and run inside the gateway (catalog statements, no
 * jobs), so no Flink cluster is started: the cluster address is one nothing listens on.
 */
class GatewayAuthIT {
  private static final String ADMIN = "admin-token-of-alice";
  private static final String DEVELOPER = "developer-token-of-dana";
  private static final String READER = "reader-token-of-rob";
  private static final URI NO_CLUSTER = URI.create("http://127.0.0.1:1");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  private static EmbeddedSqlGateway gateway;

  @BeforeAll
  static void startGatewayWithTokens() throws Exception {
    Path tokens = dir.resolve("tokens.yaml");
    Files.writeString(
        tokens,
        "users:\n"
            + user("alice", "admin", ADMIN)
            + user("dana", "developer", DEVELOPER)
            + user("rob", "reader", READER));
    gateway =
        EmbeddedSqlGateway.start(
            new GatewayConfig("127.0.0.1", 0, NO_CLUSTER, 1, Optional.of(tokens)),
            new SessionSetup(List.of()));
  }

  @AfterAll
  static void stopGateway() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void aRequestWithoutATokenIsRefusedWith401AndAJsonError() throws Exception {
    HttpResponse<String> response = send(gateway, "GET", "/v1/info", null, null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
    assertThat(errors(response))
        .containsExactly(
            "Missing bearer token: send the header 'Authorization: Bearer <token>' (Flink's SQL"
                + " client and JDBC driver send it from the environment variable"
                + " FLINK_REST_CLIENT_HEADERS=\"Authorization:Bearer <token>\")");
  }

  @Test
  void anUnknownTokenIsRefusedWith401() throws Exception {
    HttpResponse<String> response = send(gateway, "GET", "/v1/info", "not-a-token", null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(errors(response))
        .containsExactly("Unknown bearer token: it matches no user of tokens.yaml");
  }

  @Test
  void aKnownTokenReachesFlinksApi() throws Exception {
    HttpResponse<String> response = send(gateway, "GET", "/v1/info", ADMIN, null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).path("productName").asText())
        .isEqualTo("Apache Flink");
  }

  @Test
  void aReaderMayQueryButIsRefusedAStatementThatChangesSomethingWith403() throws Exception {
    String session = openSession(READER);

    String show = submit(session, READER, "SHOW CATALOGS");
    awaitStatus(session, READER, show, "FINISHED");

    HttpResponse<String> create =
        send(
            gateway,
            "POST",
            "/v1/sessions/" + session + "/statements",
            READER,
            statement("CREATE TABLE clicks (x INT) WITH ('connector' = 'datagen')"));
    assertThat(create.statusCode()).isEqualTo(403);
    assertThat(errors(create))
        .containsExactly(
            "User rob (reader) may only run queries and session settings (DESC, DESCRIBE,"
                + " EXPLAIN, RESET, SELECT, SET, SHOW, USE, VALUES, WITH), not: CREATE TABLE"
                + " clicks (x INT) WITH ('connector' = 'datagen')");
  }

  @Test
  void aReaderCannotDodgeTheRuleWithAnEscapedPath() throws Exception {
    String session = openSession(READER);

    HttpResponse<String> escaped =
        send(
            gateway,
            "POST",
            "/v1/sessions/" + session + "/%73tatements",
            READER,
            statement("DROP TABLE IF EXISTS clicks"));

    assertThat(escaped.statusCode()).isEqualTo(403);
    assertThat(errors(escaped).get(0)).endsWith("not: DROP TABLE IF EXISTS clicks");
  }

  @Test
  void aDeveloperMayChangeTheCatalog() throws Exception {
    String session = openSession(DEVELOPER);

    String create =
        submit(session, DEVELOPER, "CREATE TABLE clicks (x INT) WITH ('connector' = 'datagen')");

    awaitStatus(session, DEVELOPER, create, "FINISHED");
  }

  @Test
  void withoutATokenFileOnALoopbackAddressAuthIsOffAndSaysSo() throws Exception {
    try (EmbeddedSqlGateway open =
        EmbeddedSqlGateway.start(
            new GatewayConfig("127.0.0.1", 0, NO_CLUSTER, 1, Optional.empty()),
            new SessionSetup(List.of()))) {
      assertThat(open.authSummary())
          .isEqualTo("auth off: no token file, so reachable from this machine only");
      assertThat(send(open, "GET", "/v1/info", null, null).statusCode()).isEqualTo(200);
    }
    assertThat(gateway.authSummary())
        .isEqualTo("auth on: bearer tokens of 3 users from " + dir.resolve("tokens.yaml"));
  }

  @Test
  void theGatewayRefusesToStartOnAnotherAddressWithoutATokenFile() {
    assertThatThrownBy(() -> new GatewayConfig("0.0.0.0", 0, NO_CLUSTER, 1, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Refusing to start the SQL gateway on 0.0.0.0 without a token file: anyone who"
                + " reaches that address could run SQL on the platform. Give it a token file (up"
                + " --gateway-tokens FILE), or bind it to 127.0.0.1");
  }

  @Test
  void aWrongTokenFileStopsTheStartNamingFileLineAndField() throws Exception {
    Path tokens = dir.resolve("wrong.yaml");
    Files.writeString(tokens, "users:\n" + user("eve", "superuser", "whatever"));

    assertThatThrownBy(
            () ->
                EmbeddedSqlGateway.start(
                    new GatewayConfig("127.0.0.1", 0, NO_CLUSTER, 1, Optional.of(tokens)),
                    new SessionSetup(List.of())))
        .isInstanceOf(DeclarationException.class)
        .hasMessage(
            tokens
                + ", line 3, field users[0].role: 'superuser' is not a role; use admin,"
                + " developer, reader");
  }

  private static String user(String name, String role, String token) {
    return "  - name: "
        + name
        + "\n    role: "
        + role
        + "\n    token_sha256: "
        + TokenFile.sha256(token)
        + "\n";
  }

  private static String openSession(String token) throws Exception {
    HttpResponse<String> opened = send(gateway, "POST", "/v1/sessions", token, "{}");
    assertThat(opened.statusCode()).as(opened.body()).isEqualTo(200);
    return JSON.readTree(opened.body()).path("sessionHandle").asText();
  }

  private static String submit(String session, String token, String sql) throws Exception {
    HttpResponse<String> submitted =
        send(gateway, "POST", "/v1/sessions/" + session + "/statements", token, statement(sql));
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(200);
    return JSON.readTree(submitted.body()).path("operationHandle").asText();
  }

  private static void awaitStatus(String session, String token, String operation, String status) {
    await(operation + " to be " + status)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                JSON.readTree(
                        send(
                                gateway,
                                "GET",
                                "/v1/sessions/" + session + "/operations/" + operation + "/status",
                                token,
                                null)
                            .body())
                    .path("status")
                    .asText(),
            status::equals);
  }

  private static String statement(String sql) {
    return JSON.createObjectNode().put("statement", sql).toString();
  }

  private static List<String> errors(HttpResponse<String> response) throws Exception {
    JsonNode errors = JSON.readTree(response.body()).path("errors");
    return java.util.stream.StreamSupport.stream(errors.spliterator(), false)
        .map(JsonNode::asText)
        .toList();
  }

  private static HttpResponse<String> send(
      EmbeddedSqlGateway target, String method, String path, String token, String body)
      throws Exception {
    return TestHttp.send(target.address(), method, path, token, body);
  }
}
