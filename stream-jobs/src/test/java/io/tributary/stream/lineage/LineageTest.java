package io.tributary.stream.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.sun.net.httpserver.HttpServer;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import io.tributary.catalog.lineage.ColumnOrigin;
import io.tributary.catalog.lineage.Lineage;
import io.tributary.catalog.lineage.LineageGraph;
import io.tributary.catalog.lineage.LineageJob;
import io.tributary.catalog.lineage.PlanLineage;
import io.tributary.catalog.lineage.QueryLineage;
import io.tributary.catalog.metadata.MaintenanceRecord;
import io.tributary.stream.kafka.KafkaConnection;
import io.tributary.stream.source.SourceSpec;
import io.tributary.stream.source.Sources;
import io.tributary.stream.source.table.SourceTables;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.catalog.GenericInMemoryCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lineage from Flink's plan of real pipeline queries, OpenLineage events checked against the
 * specification's rules and sent to a real HTTP endpoint, and the table graph read back.
 */
class LineageTest {
  private static final String FILTER =
      "SELECT order_id, customer_id, restaurant_id, dish, amount, event_time, ds\n"
          + "FROM src.orders WHERE amount >= 20";
  private static final String DAILY_REVENUE =
      "SELECT restaurant_id, DATE_FORMAT(window_start, 'yyyy-MM-dd') AS ds,\n"
          + "  COUNT(*) AS orders, SUM(amount) AS revenue\n"
          + "FROM TABLE(TUMBLE(TABLE src.orders, DESCRIPTOR(event_time), INTERVAL '1' DAY))\n"
          + "GROUP BY restaurant_id, window_start, window_end";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static TableEnvironment tableEnv;
  private static SourceSpec orders;
  private static HttpServer endpoint;
  private static final List<String> received = Collections.synchronizedList(new ArrayList<>());

  @TempDir Path dir;

  @BeforeAll
  static void setUp() throws Exception {
    orders = Sources.load(Path.of("../examples/sources")).find("orders").orElseThrow();
    tableEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
    // the source tables as streaming pipelines see them; planning connects to no broker
    new SourceTables(KafkaConnection.of("127.0.0.1:9092"))
        .registerLive(tableEnv, List.of(orders), source -> Duration.ofSeconds(5));
    GenericInMemoryCatalog lake = new GenericInMemoryCatalog("lake", "silver");
    tableEnv.registerCatalog("lake", lake);
    tableEnv.executeSql(
        "CREATE TABLE lake.silver.big_orders (order_id STRING, ds STRING)"
            + " WITH ('connector' = 'datagen')");
    tableEnv.executeSql(
        "CREATE TABLE lake.silver.customers (customer_id STRING, segment STRING)"
            + " WITH ('connector' = 'datagen')");

    endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    endpoint.createContext(
        "/api/v1/lineage",
        exchange -> {
          try (InputStream body = exchange.getRequestBody()) {
            received.add(new String(body.readAllBytes(), StandardCharsets.UTF_8));
          }
          byte[] reply = "{}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, reply.length);
          exchange.getResponseBody().write(reply);
          exchange.close();
        });
    endpoint.start();
  }

  @AfterAll
  static void tearDown() {
    endpoint.stop(0);
  }

  @Test
  void aFilterCopiesEachColumnFromTheSource() {
    QueryLineage lineage = PlanLineage.of(tableEnv.sqlQuery(FILTER), SourceTables::lineageName);

    assertThat(lineage.tables()).containsExactly("src.orders");
    assertThat(lineage.columns().keySet())
        .containsExactly(
            "order_id", "customer_id", "restaurant_id", "dish", "amount", "event_time", "ds");
    lineage
        .columns()
        .forEach(
            (column, origins) ->
                assertThat(origins)
                    .as(column)
                    .containsExactly(
                        new ColumnOrigin("src.orders", column, ColumnOrigin.Kind.IDENTITY)));
  }

  @Test
  void aWindowAggregateTracesAggregatesAndTheWindowToTheirColumns() {
    QueryLineage lineage =
        PlanLineage.of(tableEnv.sqlQuery(DAILY_REVENUE), SourceTables::lineageName);

    assertThat(lineage.tables()).containsExactly("src.orders");
    assertThat(lineage.columns().get("restaurant_id"))
        .containsExactly(
            new ColumnOrigin("src.orders", "restaurant_id", ColumnOrigin.Kind.IDENTITY));
    assertThat(lineage.columns().get("revenue"))
        .containsExactly(new ColumnOrigin("src.orders", "amount", ColumnOrigin.Kind.AGGREGATION));
    assertThat(lineage.columns().get("ds"))
        .containsExactly(
            new ColumnOrigin("src.orders", "event_time", ColumnOrigin.Kind.TRANSFORMATION));
    assertThat(lineage.columns().get("orders")).as("COUNT(*) reads no column").isEmpty();
  }

  @Test
  void aJoinTracesEachSideToItsTable() {
    QueryLineage lineage =
        PlanLineage.of(
            tableEnv.sqlQuery(
                "SELECT o.order_id, UPPER(c.segment) AS segment FROM src.orders o"
                    + " JOIN lake.silver.customers c ON o.customer_id = c.customer_id"),
            SourceTables::lineageName);

    assertThat(lineage.tables()).containsExactlyInAnyOrder("src.orders", "lake.silver.customers");
    assertThat(lineage.columns().get("order_id"))
        .containsExactly(new ColumnOrigin("src.orders", "order_id", ColumnOrigin.Kind.IDENTITY));
    assertThat(lineage.columns().get("segment"))
        .containsExactly(
            new ColumnOrigin("lake.silver.customers", "segment", ColumnOrigin.Kind.TRANSFORMATION));
  }

  @Test
  void eventsFollowTheOpenLineageSchemaAndReachTheEndpoint() throws Exception {
    received.clear();
    LineageDatasets datasets = datasets();
    try (Lineage lineage = Lineage.open(dir, Optional.of(endpointUri()))) {
      Lineage.Run landing = lineage.start(JobLineage.landing(orders, datasets, "lake"));
      LineageJob replay =
          pipelineJob(datasets, DAILY_REVENUE, "lake.gold.daily_revenue", "replay-daily_revenue");
      Lineage.Run run = lineage.start(replay);
      run.complete(Map.of("lake.gold.daily_revenue", 42L));
      lineage.start(replay).fail(new IllegalStateException("the log no longer holds the day"));
      landing.complete(Map.of());
    }

    List<String> stored = Files.readAllLines(dir.resolve(Lineage.STORE_FILE));
    assertThat(stored).hasSize(6);
    JsonSchema schema = schema();
    for (String line : stored) {
      assertThat(schema.validate(JSON.readTree(line))).as(line).isEmpty();
      OpenLineage.RunEvent event = OpenLineageClientUtils.runEventFromJson(line);
      assertThat(event.getJob().getNamespace()).isEqualTo(Lineage.JOB_NAMESPACE);
    }
    Set<JsonNode> sent = new java.util.HashSet<>();
    for (String body : received) {
      sent.add(JSON.readTree(body));
    }
    Set<JsonNode> kept = new java.util.HashSet<>();
    for (String line : stored) {
      kept.add(JSON.readTree(line));
    }
    assertThat(sent).as("events POSTed to the endpoint").isEqualTo(kept);

    JsonNode complete = JSON.readTree(stored.get(2));
    assertThat(complete.path("eventType").asText()).isEqualTo("COMPLETE");
    JsonNode output = complete.path("outputs").path(0);
    assertThat(output.path("outputFacets").path("outputStatistics").path("rowCount").asLong())
        .isEqualTo(42);
    JsonNode revenue = output.path("facets").path("columnLineage").path("fields").path("revenue");
    assertThat(revenue.path("inputFields").path(0).path("namespace").asText())
        .isEqualTo("kafka://127.0.0.1:9092");
    assertThat(revenue.path("inputFields").path(0).path("name").asText()).isEqualTo("src.orders");
    assertThat(revenue.path("inputFields").path(0).path("field").asText()).isEqualTo("amount");
    assertThat(revenue.path("inputFields").path(0).path("transformations").path(0).path("subtype"))
        .hasToString("\"AGGREGATION\"");
    assertThat(complete.path("run").path("facets").path("nominalTime").path("nominalStartTime"))
        .hasToString("\"2026-11-20T00:00:00Z\"");
    JsonNode failed = JSON.readTree(stored.get(4));
    assertThat(failed.path("eventType").asText()).isEqualTo("FAIL");
    assertThat(failed.path("run").path("facets").path("errorMessage").path("message").asText())
        .isEqualTo("the log no longer holds the day");
  }

  @Test
  void aMaintenanceRunSaysWhatItDidToEachTableAndAddsNoEdgeBetweenTables() throws Exception {
    LineageDatasets datasets = datasets();
    List<String> tables = List.of("lake.bronze.orders", "lake.bronze.orders_rejects");
    LineageJob maintenance = JobLineage.maintenance("maintenance-orders", tables, datasets);
    MaintenanceRecord compacted =
        new MaintenanceRecord(
            Instant.parse("2026-12-02T01:00:00Z"),
            "maintenance-orders",
            true,
            24,
            3,
            0,
            9,
            1,
            Optional.empty());
    MaintenanceRecord failed =
        new MaintenanceRecord(
            Instant.parse("2026-12-02T01:00:01Z"),
            "maintenance-orders",
            false,
            0,
            0,
            0,
            0,
            0,
            Optional.of("orphan removal: cannot list"));
    try (Lineage lineage = Lineage.open(dir, Optional.empty())) {
      lineage.start(JobLineage.landing(orders, datasets, "lake"));
      lineage.start(maintenance);
      lineage
          .start(maintenance)
          .maintained(Map.of(tables.get(0), compacted, tables.get(1), failed));
    }

    List<String> stored = Files.readAllLines(dir.resolve(Lineage.STORE_FILE));
    for (String line : stored) {
      assertThat(schema().validate(JSON.readTree(line))).as(line).isEmpty();
    }
    JsonNode end = JSON.readTree(stored.get(stored.size() - 1));
    assertThat(end.path("eventType").asText()).isEqualTo("FAIL");
    assertThat(end.path("run").path("facets").path("errorMessage").path("message").asText())
        .isEqualTo("orphan removal: cannot list");
    JsonNode bronze = end.path("outputs").path(0);
    assertThat(bronze.path("facets").path("symlinks").path("identifiers").path(0).path("name"))
        .hasToString("\"lake.bronze.orders\"");
    JsonNode facet = bronze.path("outputFacets").path(Lineage.MAINTENANCE_FACET);
    assertThat(facet.path("rewritten_data_files").asLong()).isEqualTo(24);
    assertThat(facet.path("removed_orphan_files").asLong()).isEqualTo(1);
    assertThat(facet.path("succeeded").asBoolean()).isTrue();

    LineageGraph graph = LineageGraph.read(dir.resolve(Lineage.STORE_FILE));
    assertThat(graph.of("lake.bronze.orders").orElseThrow().upstream())
        .containsExactly(new LineageGraph.Node("src.orders", Set.of("landing-orders"), List.of()));
  }

  @Test
  void twoLineagesOnOneStoreNeverInterleaveTheirEvents() throws Exception {
    LineageDatasets datasets = datasets();
    LineageJob revenue =
        pipelineJob(datasets, DAILY_REVENUE, "lake.gold.daily_revenue", "pipeline-daily_revenue");
    try (Lineage platform = Lineage.open(dir, Optional.empty());
        Lineage task = Lineage.open(dir, Optional.empty())) {
      CompletableFuture<?> first =
          CompletableFuture.runAsync(
              () -> {
                for (int i = 0; i < 100; i++) {
                  platform.start(revenue);
                }
              });
      for (int i = 0; i < 100; i++) {
        task.start(revenue);
      }
      first.join();
    }

    List<String> stored = Files.readAllLines(dir.resolve(Lineage.STORE_FILE));
    assertThat(stored).hasSize(200);
    for (String line : stored) {
      assertThat(OpenLineageClientUtils.runEventFromJson(line).getJob().getName())
          .isEqualTo("pipeline-daily_revenue");
    }
  }

  @Test
  void theSchemaRejectsAnEventWithoutARunId() throws Exception {
    try (Lineage lineage = Lineage.open(dir, Optional.empty())) {
      lineage.start(JobLineage.landing(orders, datasets(), "lake"));
    }
    ObjectNode event =
        (ObjectNode) JSON.readTree(Files.readAllLines(dir.resolve(Lineage.STORE_FILE)).get(0));
    ((ObjectNode) event.path("run")).remove("runId");

    Set<ValidationMessage> problems = schema().validate(event);

    assertThat(problems)
        .extracting(ValidationMessage::getMessage)
        .anyMatch(m -> m.contains("runId"));
  }

  @Test
  void aLineageServerThatIsDownLosesNoEvent() throws Exception {
    URI nowhere = URI.create("http://127.0.0.1:" + freePort() + "/");
    try (Lineage lineage = Lineage.open(dir, Optional.of(nowhere))) {
      lineage.start(JobLineage.landing(orders, datasets(), "lake")).complete(Map.of());
    }

    assertThat(Files.readAllLines(dir.resolve(Lineage.STORE_FILE))).hasSize(2);
  }

  @Test
  void aMalformedLineageUrlIsRefusedByName() {
    assertThatThrownBy(() -> Lineage.parseUrl("htp:/marquez"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "lineage.url 'htp:/marquez' is not an http or https URL of an OpenLineage endpoint,"
                + " such as http://localhost:5000 (Marquez)");
    assertThatThrownBy(() -> Lineage.parseUrl("http://marquez:5000/a b"))
        .hasMessageStartingWith("lineage.url 'http://marquez:5000/a b' is not a URL");
    assertThat(Lineage.parseUrl(" http://localhost:5000 "))
        .isEqualTo(URI.create("http://localhost:5000"));
  }

  @Test
  void theGraphLinksSourcesLandingAndPipelines() throws Exception {
    LineageDatasets datasets = datasets();
    try (Lineage lineage = Lineage.open(dir, Optional.empty())) {
      lineage.start(JobLineage.landing(orders, datasets, "lake"));
      lineage.start(pipelineJob(datasets, FILTER, "lake.silver.big_orders", "pipeline-big_orders"));
      lineage.start(
          pipelineJob(
              datasets,
              "SELECT order_id, ds FROM lake.silver.big_orders",
              "lake.gold.big_order_ids",
              "pipeline-big_order_ids"));
    }

    LineageGraph graph = LineageGraph.read(dir.resolve(Lineage.STORE_FILE));

    LineageGraph.TableLineage silver = graph.of("lake.silver.big_orders").orElseThrow();
    assertThat(silver.upstream())
        .containsExactly(
            new LineageGraph.Node("src.orders", Set.of("pipeline-big_orders"), List.of()));
    assertThat(silver.downstream())
        .containsExactly(
            new LineageGraph.Node(
                "lake.gold.big_order_ids", Set.of("pipeline-big_order_ids"), List.of()));
    assertThat(silver.columns().get("amount"))
        .containsExactly(new LineageGraph.Column("src.orders", "amount", "IDENTITY"));

    LineageGraph.TableLineage source = graph.of("src.orders").orElseThrow();
    assertThat(source.upstream()).isEmpty();
    assertThat(source.downstream())
        .extracting(LineageGraph.Node::table)
        .containsExactly(
            "dlq.orders",
            "lake.bronze.orders",
            "lake.bronze.orders_rejects",
            "lake.silver.big_orders");
    assertThat(source.downstream().get(3).next())
        .extracting(LineageGraph.Node::table)
        .containsExactly("lake.gold.big_order_ids");
    assertThat(graph.of("lake.bronze.orders").orElseThrow().columns().get("ds"))
        .containsExactly(new LineageGraph.Column("src.orders", "event_time", "TRANSFORMATION"));
    assertThat(graph.of("lake.silver.nothing")).isEmpty();
  }

  private LineageJob pipelineJob(
      LineageDatasets datasets, String query, String target, String name) {
    QueryLineage lineage = PlanLineage.of(tableEnv.sqlQuery(query), SourceTables::lineageName);
    boolean replay = name.startsWith("replay-");
    LocalDate day = LocalDate.of(2026, 11, 20);
    return new LineageJob(
        name,
        replay ? "REPLAY" : "PIPELINE",
        !replay,
        Optional.of("INSERT INTO " + target + "\n" + query),
        replay
            ? Optional.of(
                new LineageJob.Period(
                    day.atStartOfDay(ZoneOffset.UTC).toInstant(),
                    day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()))
            : Optional.empty(),
        lineage.tables().stream().map(datasets::table).toList(),
        List.of(datasets.output(target, lineage)));
  }

  private static LineageDatasets datasets() {
    return new LineageDatasets(
        KafkaConnection.of("127.0.0.1:9092"),
        List.of(orders),
        "lake",
        id -> Optional.of("file:/var/lake/warehouse/" + id.replace('.', '/')));
  }

  private static URI endpointUri() {
    return URI.create("http://127.0.0.1:" + endpoint.getAddress().getPort());
  }

  private static JsonSchema schema() throws Exception {
    try (InputStream in =
        LineageTest.class.getResourceAsStream("/openlineage/run-event.schema.json")) {
      SchemaValidatorsConfig config =
          SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
    }
  }

  private static int freePort() throws Exception {
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
