package io.tributary.infra.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.gateway.TestHttp;
import io.tributary.infra.local.LocalPlatform;
import io.tributary.infra.local.TestPlatforms;
import io.tributary.infra.query.SqlRunner;
import io.tributary.stream.testkit.Landed;
import io.tributary.stream.testkit.Orders;
import io.tributary.stream.testkit.TestEvents;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform's SQL gateway as Flink's own clients see it: Flink's JDBC driver and plain HTTP
 * against Flink's SQL Gateway REST API, on one running platform with some orders landed. Every
 * session sees {@code lake} and {@code src} without a setup statement.
 */
class GatewayIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** {@code ORDER} without {@code BY}: the parser stops at line 3, column 7. */
  private static final String SYNTAX_ERROR =
      "SELECT order_id\nFROM lake.bronze.orders\nORDER order_id";

  private static final String SYNTAX_ERROR_POSITION =
      "Encountered \"order_id\" at line 3, column 7";

  @TempDir static Path dataDir;

  private static final List<String> announced = new CopyOnWriteArrayList<>();
  private static LocalPlatform platform;
  private static Orders.Batch orders;

  @BeforeAll
  static void startPlatformAndLandOrders() throws Exception {
    platform = LocalPlatform.start(TestPlatforms.config(dataDir), announced::add);
    orders = Orders.valid("gw", 40, Instant.parse("2026-11-20T00:00:00Z"), 2);
    TestEvents.publish(platform.kafkaBootstrap(), "src.orders", orders.events());
    Landed.awaitOrders(platform.lake(), orders);
  }

  @AfterAll
  static void stopPlatform() throws Exception {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void startingAnnouncesTheGatewayItsJdbcUrlAndThatAuthIsOff() {
    String address = platform.gateway().toString();

    assertThat(address).matches("http://127\\.0\\.0\\.1:[0-9]+");
    assertThat(announced)
        .contains(
            "gateway   "
                + address
                + "  (Flink SQL Gateway REST API; sessions see lake.* and src.*; jdbc:flink://"
                + platform.gateway().getAuthority()
                + "; auth off: no token file, so reachable from this machine only)");
  }

  @Test
  void theJdbcDriverQueriesTheLakeAndTheSourcesWithoutSetup() throws Exception {
    try (Connection connection = DriverManager.getConnection(jdbcUrl());
        Statement statement = connection.createStatement()) {
      try (ResultSet bronze =
          statement.executeQuery(
              "SELECT COUNT(*) AS n, SUM(amount) AS revenue FROM lake.bronze.orders")) {
        assertThat(bronze.next()).isTrue();
        assertThat(bronze.getLong("n")).isEqualTo(orders.count());
        assertThat(bronze.getBigDecimal("revenue")).isEqualByComparingTo(orders.sumOfAmounts());
        assertThat(bronze.next()).isFalse();
      }
      try (ResultSet days =
          statement.executeQuery("SELECT ds, COUNT(*) FROM src.orders GROUP BY ds ORDER BY ds")) {
        List<String> rows = new ArrayList<>();
        while (days.next()) {
          rows.add(days.getString(1) + "=" + days.getLong(2));
        }
        assertThat(rows).containsExactly("2026-11-20=20", "2026-11-21=20");
      }
    }
  }

  @Test
  void theJdbcDriverReportsASyntaxErrorWithItsPosition() throws Exception {
    try (Connection connection = DriverManager.getConnection(jdbcUrl());
        Statement statement = connection.createStatement()) {
      // the driver reports it with its own exception type, the server's parser error as cause
      assertThatThrownBy(() -> statement.executeQuery(SYNTAX_ERROR))
          .hasMessageStartingWith("Failed to get response for the operation")
          .hasStackTraceContaining("SQL parse failed. " + SYNTAX_ERROR_POSITION);
    }
  }

  @Test
  void theRestApiOpensASessionRunsAQueryAndFetchesItsResults() throws Exception {
    String session = openSession();
    JsonNode properties = get("/v1/sessions/" + session).path("properties");
    assertThat(properties.path("execution.runtime-mode").asText()).isEqualToIgnoringCase("batch");
    assertThat(properties.path("table.local-time-zone").asText()).isEqualTo("UTC");

    String operation =
        submit(
            session,
            "SELECT ds, COUNT(*) AS n, SUM(amount) AS revenue FROM lake.bronze.orders"
                + " GROUP BY ds ORDER BY ds");
    await("the query to finish")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> operationStatus(session, operation),
            status -> status.equals("FINISHED") || status.equals("ERROR"));
    assertThat(operationStatus(session, operation)).isEqualTo("FINISHED");

    List<JsonNode> rows = fetchAll(session, operation);
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).get(0).asText()).isEqualTo("2026-11-20");
    assertThat(rows.get(1).get(0).asText()).isEqualTo("2026-11-21");
    long count = rows.get(0).get(1).asLong() + rows.get(1).get(1).asLong();
    BigDecimal revenue =
        new BigDecimal(rows.get(0).get(2).asText())
            .add(new BigDecimal(rows.get(1).get(2).asText()));
    assertThat(count).isEqualTo(orders.count());
    assertThat(revenue).isEqualByComparingTo(orders.sumOfAmounts());

    HttpResponse<String> closed = send("DELETE", "/v1/sessions/" + session, null);
    assertThat(closed.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(closed.body()).path("status").asText()).isEqualTo("CLOSED");
  }

  @Test
  void theRestApiReportsASyntaxErrorWithItsPosition() throws Exception {
    String session = openSession();
    HttpResponse<String> submitted =
        send(
            "POST",
            "/v1/sessions/" + session + "/statements",
            JSON.createObjectNode().put("statement", SYNTAX_ERROR).toString());
    // the statement is accepted and runs asynchronously; its failure is the operation's
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(200);
    String operation = JSON.readTree(submitted.body()).path("operationHandle").asText();
    await("the statement to fail")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> operationStatus(session, operation), status -> status.equals("ERROR"));
    HttpResponse<String> result =
        send(
            "GET",
            "/v2/sessions/" + session + "/operations/" + operation + "/result/0?rowFormat=JSON",
            null);
    assertThat(result.statusCode()).isEqualTo(500);
    String errors = errorTexts(result);
    assertThat(errors).contains("SQL parse failed. " + SYNTAX_ERROR_POSITION);
  }

  /** The texts of the {@code errors} array of an error response of Flink's REST API. */
  private static String errorTexts(HttpResponse<String> response) throws Exception {
    StringBuilder texts = new StringBuilder();
    for (JsonNode error : JSON.readTree(response.body()).path("errors")) {
      texts.append(error.asText()).append('\n');
    }
    return texts.toString();
  }

  private static String jdbcUrl() {
    return SqlRunner.jdbcUrl(platform.gateway());
  }

  private static String openSession() throws Exception {
    HttpResponse<String> opened = send("POST", "/v1/sessions", "{\"sessionName\":\"gateway-it\"}");
    assertThat(opened.statusCode()).as(opened.body()).isEqualTo(200);
    return JSON.readTree(opened.body()).path("sessionHandle").asText();
  }

  private static String submit(String session, String sql) throws Exception {
    HttpResponse<String> submitted =
        send(
            "POST",
            "/v1/sessions/" + session + "/statements",
            JSON.createObjectNode().put("statement", sql).toString());
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(200);
    return JSON.readTree(submitted.body()).path("operationHandle").asText();
  }

  private static String operationStatus(String session, String operation) throws Exception {
    return get("/v1/sessions/" + session + "/operations/" + operation + "/status")
        .path("status")
        .asText();
  }

  /** Follows {@code nextResultUri} from the first page until {@code EOS}; the rows' fields. */
  private static List<JsonNode> fetchAll(String session, String operation) throws Exception {
    List<JsonNode> rows = new ArrayList<>();
    String next =
        "/v2/sessions/" + session + "/operations/" + operation + "/result/0?rowFormat=JSON";
    while (next != null) {
      JsonNode page = get(next);
      for (JsonNode row : page.path("results").path("data")) {
        rows.add(row.path("fields"));
      }
      next =
          page.path("resultType").asText().equals("EOS") || !page.hasNonNull("nextResultUri")
              ? null
              : page.path("nextResultUri").asText();
    }
    return rows;
  }

  private static JsonNode get(String path) throws Exception {
    HttpResponse<String> response = send("GET", path, null);
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static HttpResponse<String> send(String method, String path, String body)
      throws Exception {
    return TestHttp.send(platform.gateway(), method, path, body);
  }
}
