package io.tributary.infra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import io.tributary.infra.local.LocalPlatform;
import io.tributary.infra.local.TestPlatforms;
import io.tributary.stream.testkit.BronzeSummary;
import io.tributary.stream.testkit.ExampleFiles;
import io.tributary.stream.testkit.Examples;
import io.tributary.stream.testkit.LakeRows;
import io.tributary.stream.testkit.Landed;
import io.tributary.stream.testkit.TestEvents;
import io.tributary.stream.testkit.TestEvents.Event;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code tributary} commands a user runs beside {@code up}, against one running embedded
 * platform: {@code produce} of JSON lines, CSV and Parquet files; {@code sql} in each output format
 * and with bad SQL; {@code status}; and the one-line errors with exit code 1 of each.
 */
class CliIT {
  @TempDir static Path dataDir;
  @TempDir static Path files;

  private static LocalPlatform platform;

  @BeforeAll
  static void startPlatform() throws Exception {
    platform =
        LocalPlatform.start(
            TestPlatforms.config(dataDir).withPipelines(List.of(Examples.PIPELINES)), line -> {});
  }

  @AfterAll
  static void stopPlatform() throws Exception {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void produceLandsJsonLinesCsvAndParquetRowsAndKeepsUnreadableRows() throws Exception {
    Path jsonl = files.resolve("orders.jsonl");
    Files.writeString(
        jsonl,
        """
        {"order_id":"j-1","customer_id":"c-1","amount":10.50,"event_time":"2026-11-20T08:00:00Z"}

        {"order_id":"j-2","customer_id":"c-2","amount":"4.25","event_time":"2026-11-21T09:30:00Z"}
        this line is not JSON
        """);
    Path csv = files.resolve("orders.csv");
    Files.writeString(
        csv,
        """
        order_id,customer_id,dish,amount,event_time
        c-1,c-7,"pad thai, large",20.00,2026-11-20T12:00:00Z
        c-2,c-8,pho,,2026-11-20T13:00:00Z
        c-3,c-9,ramen,abc,2026-11-20T14:00:00Z
        c-4,too few fields
        """);
    Path parquet = files.resolve("orders.parquet");
    ExampleFiles.parquetOrders(parquet);

    CliRun result =
        CliRun.of(
            "produce",
            "--data-dir",
            dataDir.toString(),
            "--source",
            "orders",
            jsonl.toString(),
            csv.toString(),
            parquet.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("produced 10 records from 3 files to src.orders")
        .contains("2 rows could not be read as fields");
    BronzeSummary bronze = Landed.awaitOrders(platform.lake(), 7, new BigDecimal("68.09"));
    assertThat(bronze.days()).containsExactly("2026-11-20", "2026-11-21");
    List<Record> rows = LakeRows.read(platform.lake(), BronzeSummary.ORDERS);
    assertThat(rows)
        .extracting(r -> r.getField("order_id") + "|" + r.getField("dish"))
        .contains("c-1|pad thai, large", "p-1|null");

    Landed.awaitCount(platform.lake(), BronzeSummary.ORDERS_REJECTS, 3);
    List<String> reasons =
        LakeRows.read(platform.lake(), BronzeSummary.ORDERS_REJECTS).stream()
            .map(r -> (String) r.getField("reason"))
            .sorted()
            .toList();
    assertThat(reasons).hasSize(3);
    assertThat(reasons.get(0)).isEqualTo("amount: 'abc' is not a DECIMAL(10,2)");
    assertThat(reasons.get(1)).startsWith("not valid JSON: Unrecognized token 'c'");
    assertThat(reasons.get(2)).startsWith("not valid JSON: Unrecognized token 'this'");

    // the landed table's files, as operators see them
    CliRun tables = CliRun.of("tables", "--data-dir", dataDir.toString(), "--namespace", "bronze");
    assertThat(tables.out())
        .startsWith("table ")
        .containsPattern(
            "lake\\.bronze\\.orders +ordering-team +ordering +[0-9,]+ +[1-9][0-9,]* +[0-9.]+"
                + " (B|KiB|MiB) +0 +[1-9][0-9]* +[0-9hms]+ ago +never\n");
    CliRun describe =
        CliRun.of(
            "describe", "--data-dir", dataDir.toString(), "lake.bronze.orders", "--format", "json");
    JsonNode orders = new ObjectMapper().readTree(describe.out());
    assertThat(orders.path("dataFiles").asLong()).isPositive();
    assertThat(orders.path("averageFileBytes").asLong()).isPositive();
    assertThat(orders.path("deleteFiles").asLong()).isZero();
    assertThat(orders.path("lastMaintenance").isNull()).isTrue();
  }

  @Test
  void produceRefusesAnUnknownSourceOrAMissingFileWithOneLine() {
    CliRun unknown =
        CliRun.of("produce", "--data-dir", dataDir.toString(), "--source", "payments", "x.jsonl");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err().strip())
        .isEqualTo("error: Unknown source 'payments'; declared sources: clicks, orders");

    Path missing = files.resolve("missing.jsonl");
    CliRun unreadable =
        CliRun.of(
            "produce", "--data-dir", dataDir.toString(), "--source", "orders", missing.toString());
    assertThat(unreadable.exitCode()).isEqualTo(1);
    assertThat(unreadable.err().strip())
        .isEqualTo("error: Cannot produce to source orders: file " + missing + " does not exist");
  }

  @Test
  void sqlPrintsCsvWithAHeaderAndJsonLines() throws Exception {
    TestEvents.publish(
        platform.kafkaBootstrap(),
        "src.clicks",
        List.of(
            new Event(
                "u-1",
                "{\"user_id\":\"u-1\",\"page\":\"/menu\",\"event_time\":\"2026-11-20T10:00:00Z\"}"),
            new Event(
                "u-2",
                "{\"user_id\":\"u-2\",\"page\":\"/cart, then /checkout\",\"event_time\":\"2026-11-20T10:00:01Z\"}"),
            new Event("u-3", "{\"user_id\":\"u-3\",\"event_time\":\"2026-11-20T10:00:02Z\"}"),
            new Event("u-4", "{\"user_id\":\"u-4\",\"event_time\":\"not a time\"}")));
    Landed.awaitCount(platform.lake(), BronzeSummary.CLICKS, 3);

    CliRun csv =
        CliRun.of(
            "sql",
            "--data-dir",
            dataDir.toString(),
            "--format",
            "csv",
            "SELECT user_id, page, event_time FROM lake.bronze.clicks ORDER BY user_id");
    assertThat(csv.exitCode()).as(csv.err()).isZero();
    assertThat(csv.out())
        .isEqualTo(
            """
            user_id,page,event_time
            u-1,/menu,2026-11-20T10:00:00Z
            u-2,"/cart, then /checkout",2026-11-20T10:00:01Z
            u-3,,2026-11-20T10:00:02Z
            """);

    CliRun json =
        CliRun.of(
            "sql",
            "--data-dir",
            dataDir.toString(),
            "--format",
            "json",
            "SELECT user_id, COUNT(*) AS n FROM src.clicks GROUP BY user_id ORDER BY user_id");
    assertThat(json.exitCode()).as(json.err()).isZero();
    assertThat(json.out())
        .isEqualTo(
            """
            {"user_id":"u-1","n":1}
            {"user_id":"u-2","n":1}
            {"user_id":"u-3","n":1}
            """);
  }

  @Test
  void upRefusesAWrongSourceDeclarationNamingFileLineAndField(@TempDir Path sources)
      throws IOException {
    Path declaration = sources.resolve("payments.yaml");
    Files.writeString(
        declaration,
        """
        name: payments
        key: payment_id
        event_time: paid_at
        columns:
          - {name: payment_id, type: STRING, required: true}
          - {name: amount, type: "DECIMEL(10,2)"}
          - {name: paid_at, type: "TIMESTAMP_LTZ(3)", required: true}
        """);

    CliRun up =
        CliRun.of(
            "up",
            "--data-dir",
            sources.resolve("data").toString(),
            "--sources",
            sources.toString(),
            "--kafka-port",
            "0",
            "--flink-port",
            "0");

    assertThat(up.exitCode()).isEqualTo(1);
    assertThat(up.err())
        .contains(
            "error: "
                + declaration
                + ", line 6, field columns[1].type: 'DECIMEL(10,2)' is not a Flink SQL type");
  }

  @Test
  void upRefusesToOpenTheGatewayBeyondThisMachineWithoutATokenFile(@TempDir Path root) {
    CliRun up = upWithExampleSources(root, "--gateway-host", "0.0.0.0");

    assertThat(up.exitCode()).isEqualTo(1);
    assertThat(up.err().strip())
        .isEqualTo(
            "error: Refusing to start the SQL gateway on 0.0.0.0 without a token file: anyone who"
                + " reaches that address could run SQL on the platform. Give it a token file (up"
                + " --gateway-tokens FILE), or bind it to 127.0.0.1");
    assertThat(up.out()).doesNotContain("kafka");
  }

  @Test
  void upRefusesAFlinkClusterThatDoesNotAnswerBeforeStartingAnything(@TempDir Path root) {
    CliRun up = upWithExampleSources(root, "--flink", "http://127.0.0.1:1");

    assertThat(up.exitCode()).isEqualTo(1);
    assertThat(up.err().strip())
        .startsWith("error: Cannot reach the Flink cluster at http://127.0.0.1:1 (")
        .endsWith("is its JobManager running, and is that its REST address?");
    assertThat(up.out()).doesNotContain("kafka");

    CliRun notHttp =
        CliRun.of("up", "--data-dir", root.resolve("data").toString(), "--flink", "flink-jm:8081");
    assertThat(notHttp.exitCode()).isEqualTo(1);
    assertThat(notHttp.err().strip())
        .isEqualTo(
            "error: The Flink cluster address 'flink-jm:8081' is not an http URL with a host and a"
                + " port, such as http://flink-jm:8081");
  }

  @Test
  void upRefusesACatalogDatabaseItCannotOpenInOneLine(@TempDir Path root) {
    CliRun down =
        upWithExampleSources(
            root, "--kafka-port", "0", "--catalog-db", "jdbc:postgresql://127.0.0.1:1/lake");
    assertThat(down.exitCode()).isEqualTo(1);
    assertThat(down.err().strip())
        .startsWith(
            "error: Cannot open the catalog database jdbc:postgresql://127.0.0.1:1/lake:"
                + " Connection to 127.0.0.1:1 refused");
    assertThat(down.out()).as("nothing started").doesNotContain("kafka");

    CliRun notPostgres =
        CliRun.of(
            "up",
            "--data-dir",
            root.resolve("data").toString(),
            "--catalog-db",
            "jdbc:mysql://db/lake");
    assertThat(notPostgres.exitCode()).isEqualTo(1);
    assertThat(notPostgres.err().strip())
        .isEqualTo(
            "error: Cannot use catalog database 'jdbc:mysql://db/lake': not a jdbc:sqlite: or"
                + " jdbc:postgresql: URL (such as jdbc:postgresql://db-host:5432/lake)");
  }

  @Test
  void upRefusesAPipelineWhoseSqlIsWrongNamingFileLineAndColumn(@TempDir Path root)
      throws IOException {
    Path pipeline = Files.createDirectories(root.resolve("pipelines/big_ones"));
    Files.writeString(
        pipeline.resolve("pipeline.yaml"),
        "name: big_ones\ntarget: lake.silver.big_ones\npartition: ds\n");
    Files.writeString(
        pipeline.resolve("transform.sql"),
        "INSERT INTO lake.silver.big_ones\nSELECT order_id, amout, ds\nFROM src.orders\n");

    CliRun up =
        upWithExampleSources(
            root,
            "--pipelines",
            root.resolve("pipelines").toString(),
            // free ports, so that it reaches the pipeline beside a running `up`
            "--kafka-port",
            "0",
            "--flink-port",
            "0",
            "--catalog-port",
            "0",
            "--gateway-port",
            "0",
            "--api-port",
            "0");

    assertThat(up.exitCode()).as(up.out()).isEqualTo(1);
    assertThat(up.err().strip())
        .isEqualTo(
            "error: "
                + pipeline.resolve("transform.sql")
                + ", line 2, column 18: Column 'amout' not found in any table");
    assertThat(up.out()).doesNotContain("ready");
  }

  @Test
  void replayPrintsItsPlanAndReport() throws Exception {
    // an order of now in each partition moves the streaming jobs past the replayed days
    String now = java.time.Instant.now().toString();
    TestEvents.publish(
        platform.kafkaBootstrap(),
        "src.orders",
        List.of(
            new Event(
                    "now-0", "{\"order_id\":\"now-0\",\"amount\":1,\"event_time\":\"" + now + "\"}")
                .to(0),
            new Event(
                    "now-1", "{\"order_id\":\"now-1\",\"amount\":1,\"event_time\":\"" + now + "\"}")
                .to(1)));
    CliRun replay =
        CliRun.of(
            "replay",
            "--data-dir",
            dataDir.toString(),
            "--pipeline",
            "big_orders",
            "--date",
            "2026-10-01",
            "--to",
            "2026-10-02");

    assertThat(replay.exitCode()).as(replay.err()).isZero();
    List<JsonNode> replayEvents = new java.util.ArrayList<>();
    for (String line : Files.readAllLines(dataDir.resolve("lineage").resolve("events.jsonl"))) {
      JsonNode event = new ObjectMapper().readTree(line);
      if (event.path("job").path("name").asText().equals("replay-big_orders")) {
        replayEvents.add(event);
      }
    }
    assertThat(replayEvents)
        .extracting(e -> e.path("eventType").asText())
        .containsExactly("START", "COMPLETE", "START", "COMPLETE");
    assertThat(
            replayEvents
                .get(1)
                .path("run")
                .path("facets")
                .path("nominalTime")
                .path("nominalStartTime")
                .asText())
        .isEqualTo("2026-10-01T00:00:00Z");
    assertThat(
            replayEvents
                .get(1)
                .path("outputs")
                .path(0)
                .path("outputFacets")
                .path("outputStatistics")
                .path("rowCount")
                .asLong())
        .isZero();
    assertThat(replayEvents.get(0).path("inputs").path(0).path("name").asText())
        .isEqualTo("src.orders");
    assertThat(replay.out())
        .startsWith("[1/2] replaying 2026-10-01 of big_orders on the platform's cluster...\n")
        .containsPattern(
            "  2026-10-01: 0 rows written \\(the stream had 0\\); 0 late events included; [0-9,]+"
                + " events read in [0-9.]+ s\n")
        .contains("[2/2] replaying 2026-10-02 of big_orders on the platform's cluster...");

    CliRun runs = CliRun.of("runs", "--data-dir", dataDir.toString());
    assertThat(runs.out())
        .containsPattern("#1  big_orders +2026-10-01  MANUAL +try 1  SUCCEEDED +0 rows\n")
        .containsPattern("#2  big_orders +2026-10-02  MANUAL +try 1  SUCCEEDED +0 rows\n");
  }

  @Test
  void replayRefusesAnUnknownPipelineAndABackwardRange() {
    CliRun unknown =
        CliRun.of(
            "replay",
            "--data-dir",
            dataDir.toString(),
            "--pipeline",
            "nope",
            "--date",
            "2026-10-01");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err().strip())
        .isEqualTo("error: No pipeline 'nope' runs; pipelines: big_orders, daily_revenue");

    CliRun backwards =
        CliRun.of(
            "replay",
            "--data-dir",
            dataDir.toString(),
            "--pipeline",
            "big_orders",
            "--date",
            "2026-10-02",
            "--to",
            "2026-10-01");
    assertThat(backwards.exitCode()).isEqualTo(1);
    assertThat(backwards.err().strip())
        .isEqualTo("error: --to 2026-10-01 is before --date 2026-10-02");
  }

  @Test
  void sqlErrorsAreOneLineWithTheirPosition() {
    CliRun unknownTable =
        CliRun.of("sql", "--data-dir", dataDir.toString(), "SELECT * FROM lake.bronze.payments");
    assertThat(unknownTable.exitCode()).isEqualTo(1);
    assertThat(unknownTable.err().strip())
        .startsWith("error: ")
        .contains("line 1, column 15")
        .contains("Object 'payments' not found within 'lake.bronze'")
        .doesNotContain("\n");

    CliRun syntax =
        CliRun.of(
            "sql",
            "--data-dir",
            dataDir.toString(),
            "SELECT order_id FROM lake.bronze.orders WHERE");
    assertThat(syntax.exitCode()).isEqualTo(1);
    assertThat(syntax.err().strip())
        .startsWith("error: ")
        .contains("Encountered \"<EOF>\" at line 1, column 45; expected one of")
        .doesNotContain("\n");
  }

  @Test
  void statusListsComponentsRunningJobsAndTables() {
    CliRun status = CliRun.of("status", "--data-dir", dataDir.toString());

    assertThat(status.exitCode()).as(status.out() + status.err()).isZero();
    assertThat(status.out())
        .contains("kafka     " + platform.kafkaBootstrap())
        .contains("up, 1 broker")
        .containsPattern("catalog   http://127\\.0\\.0\\.1:[0-9]+ +up, Iceberg rest catalog 'lake'")
        .contains("gateway   " + platform.gateway())
        .containsPattern("gateway   http://127\\.0\\.0\\.1:[0-9]+ +up, Apache Flink 2\\.1\\.1")
        .containsPattern("landing-clicks +RUNNING")
        .containsPattern("landing-orders +RUNNING")
        .containsPattern("pipeline-big_orders +RUNNING")
        .contains("lake.gold.daily_revenue")
        .contains("lake.bronze.orders_rejects");
  }

  @Test
  void theDataMapShowsWhatSourcesAndPipelinesDeclared() throws Exception {
    CliRun tables = CliRun.of("tables", "--data-dir", dataDir.toString(), "--namespace", "bronze");
    assertThat(tables.exitCode()).as(tables.err()).isZero();
    assertThat(tables.out())
        .containsPattern("lake\\.bronze\\.orders +ordering-team +ordering ")
        .containsPattern("lake\\.bronze\\.orders_rejects +ordering-team +ordering ");

    CliRun describe =
        CliRun.of(
            "describe", "--data-dir", dataDir.toString(), "lake.bronze.orders", "--format", "json");
    assertThat(describe.exitCode()).as(describe.err()).isZero();
    JsonNode orders = new ObjectMapper().readTree(describe.out());
    assertThat(orders.path("owner").asText()).isEqualTo("ordering-team");
    assertThat(orders.path("description").asText())
        .isEqualTo("orders placed in the app, one event per order");
    assertThat(orders.path("partitioning").get(0).asText()).isEqualTo("ds (identity)");
    JsonNode customer = column(orders, "customer_id");
    assertThat(customer.path("description").asText()).isEqualTo("who ordered");
    assertThat(customer.path("tags").toString()).isEqualTo("[\"pii\"]");
    assertThat(column(orders, "amount").path("tags").toString()).isEqualTo("[\"financial\"]");

    CliRun tag =
        CliRun.of(
            "tag",
            "--data-dir",
            dataDir.toString(),
            "lake.silver.big_orders",
            "dish",
            "confidential");
    assertThat(tag.exitCode()).as(tag.err()).isZero();
    assertThat(tag.out().strip()).isEqualTo("lake.silver.big_orders.dish tagged confidential");
    CliRun bigOrders =
        CliRun.of(
            "describe", "--data-dir", dataDir.toString(), "silver.big_orders", "--format", "json");
    JsonNode big = new ObjectMapper().readTree(bigOrders.out());
    assertThat(column(big, "dish").path("tags").toString()).isEqualTo("[\"confidential\"]");
    assertThat(column(big, "customer_id").path("tags").toString()).isEqualTo("[\"pii\"]");
    assertThat(big.path("owner").asText()).isEqualTo("analytics");
  }

  @Test
  void theDataMapRefusesUnknownTablesColumnsAndTags() {
    CliRun noTable =
        CliRun.of("describe", "--data-dir", dataDir.toString(), "lake.bronze.payments");
    assertThat(noTable.exitCode()).isEqualTo(1);
    assertThat(noTable.err().strip())
        .isEqualTo(
            "error: Table lake.bronze.payments does not exist; tables in bronze: [clicks,"
                + " clicks_rejects, orders, orders_rejects]");

    CliRun noNamespace =
        CliRun.of("describe", "--data-dir", dataDir.toString(), "lake.platinum.orders");
    assertThat(noNamespace.err().strip())
        .isEqualTo(
            "error: Namespace 'platinum' does not exist in lake; namespaces: [bronze, gold, silver]");

    CliRun noTag =
        CliRun.of(
            "tag", "--data-dir", dataDir.toString(), "lake.bronze.orders", "customer_id", "piii");
    assertThat(noTag.exitCode()).isEqualTo(1);
    assertThat(noTag.err().strip())
        .isEqualTo("error: 'piii' is not a tag; use pii, secret, confidential, financial");

    CliRun noColumn =
        CliRun.of("tag", "--data-dir", dataDir.toString(), "lake.bronze.orders", "customer", "pii");
    assertThat(noColumn.exitCode()).isEqualTo(1);
    assertThat(noColumn.err().strip())
        .startsWith(
            "error: Table lake.bronze.orders has no column 'customer'; its columns: [order_id,");
  }

  @Test
  void lineageShowsWhatFeedsATableAndWhatItFeeds() throws Exception {
    CliRun silver =
        CliRun.of(
            "lineage",
            "--data-dir",
            dataDir.toString(),
            "lake.silver.big_orders",
            "--format",
            "json");

    assertThat(silver.exitCode()).as(silver.err()).isZero();
    JsonNode big = new ObjectMapper().readTree(silver.out());
    assertThat(big.path("upstream").toString())
        .isEqualTo(
            "[{\"table\":\"src.orders\",\"jobs\":[\"pipeline-big_orders\"],\"upstream\":[]}]");
    assertThat(big.path("downstream").toString()).isEqualTo("[]");
    assertThat(big.path("columns").path("amount").toString())
        .isEqualTo(
            "[{\"table\":\"src.orders\",\"column\":\"amount\",\"transformation\":\"IDENTITY\"}]");

    CliRun gold = CliRun.of("lineage", "--data-dir", dataDir.toString(), "gold.daily_revenue");
    assertThat(gold.exitCode()).as(gold.err()).isZero();
    assertThat(gold.out())
        .startsWith("lake.gold.daily_revenue\nupstream\n└── src.orders  (pipeline-daily_revenue)\n")
        .contains("  revenue       <- src.orders.amount (aggregation)")
        .contains("  ds            <- src.orders.event_time (transformation)");

    CliRun source = CliRun.of("lineage", "--data-dir", dataDir.toString(), "src.orders");
    assertThat(source.out())
        .contains(
            "downstream\n"
                + "├── dlq.orders  (landing-orders)\n"
                + "├── lake.bronze.orders  (landing-orders)\n"
                + "├── lake.bronze.orders_rejects  (landing-orders)\n"
                + "├── lake.gold.daily_revenue  (pipeline-daily_revenue)\n"
                + "└── lake.silver.big_orders  (pipeline-big_orders)\n");

    Path store = dataDir.resolve("lineage").resolve("events.jsonl");
    JsonSchema schema = openLineageSchema();
    List<String> events = Files.readAllLines(store);
    assertThat(events).hasSizeGreaterThanOrEqualTo(4); // START of 2 landing and 2 pipeline jobs
    for (String event : events) {
      assertThat(schema.validate(new ObjectMapper().readTree(event))).as(event).isEmpty();
    }
  }

  @Test
  void deployPlanJobsAndHistoryGoThroughThePlatformApi() {
    CliRun plan =
        CliRun.of(
            "deploy", "--data-dir", dataDir.toString(), "--plan", Examples.PIPELINES.toString());
    assertThat(plan.exitCode()).as(plan.err()).isZero();
    assertThat(plan.out())
        .contains("  = big_orders           UNCHANGED lake.silver.big_orders\n")
        .contains("  = daily_revenue        UNCHANGED lake.gold.daily_revenue\n");

    CliRun jobs = CliRun.of("jobs", "--data-dir", dataDir.toString());
    assertThat(jobs.exitCode()).as(jobs.err()).isZero();
    assertThat(jobs.out())
        .startsWith("JOB ")
        .containsPattern("landing-orders +LANDING +RUNNING ")
        .containsPattern("pipeline-big_orders +PIPELINE +RUNNING ")
        .containsPattern("maintenance-orders +MAINTENANCE +RUNNING ")
        .containsPattern("maintenance-big_orders +MAINTENANCE +RUNNING ");

    CliRun history = CliRun.of("history", "--data-dir", dataDir.toString());
    assertThat(history.out())
        .isEqualTo("no deployments yet; `bin/tributary deploy DIR` makes one\n");

    CliRun unknown = CliRun.of("restart", "--data-dir", dataDir.toString(), "pipeline-nothing");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err().strip())
        .isEqualTo(
            "error: No job 'pipeline-nothing'; jobs: landing-clicks, landing-orders,"
                + " pipeline-big_orders, pipeline-daily_revenue, maintenance-big_orders,"
                + " maintenance-daily_revenue, maintenance-clicks, maintenance-orders");
  }

  @Test
  void lineageRefusesAnUnknownTableAndUpAMalformedLineageUrl(@TempDir Path empty) {
    CliRun unknown = CliRun.of("lineage", "--data-dir", dataDir.toString(), "lake.silver.nothing");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err().strip())
        .startsWith("error: No lineage for table 'lake.silver.nothing'; tables with lineage: ")
        .contains("lake.bronze.orders, ");

    CliRun none = CliRun.of("lineage", "--data-dir", empty.toString(), "src.orders");
    assertThat(none.exitCode()).isEqualTo(1);
    assertThat(none.err().strip())
        .isEqualTo(
            "error: No lineage recorded in "
                + empty.resolve("lineage").resolve("events.jsonl")
                + " yet: jobs record it when they start (run `bin/tributary up` with this data dir)");

    CliRun badUrl =
        CliRun.of("up", "--data-dir", empty.toString(), "--lineage-url", "htp:/marquez:5000");
    assertThat(badUrl.exitCode()).isEqualTo(2);
    assertThat(badUrl.err())
        .contains(
            "lineage.url 'htp:/marquez:5000' is not an http or https URL of an OpenLineage"
                + " endpoint, such as http://localhost:5000 (Marquez)");
  }

  /** {@code up} on {@code root}/data with the example sources, and {@code more} options. */
  private static CliRun upWithExampleSources(Path root, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "up",
                "--data-dir",
                root.resolve("data").toString(),
                "--sources",
                Examples.SOURCES.toString()));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  /** The OpenLineage rules the stream-jobs module's lineage tests check events against. */
  private static JsonSchema openLineageSchema() throws IOException {
    try (java.io.InputStream in =
        Files.newInputStream(
            Path.of("../stream-jobs/src/test/resources/openlineage/run-event.schema.json"))) {
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
          .getSchema(in, SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
    }
  }

  private static JsonNode column(JsonNode table, String name) {
    for (JsonNode column : table.path("columns")) {
      if (column.path("name").asText().equals(name)) {
        return column;
      }
    }
    throw new AssertionError("no column " + name + " in " + table);
  }

  @Test
  void commandsOnADataDirWithoutAPlatformSaySo(@TempDir Path empty) {
    CliRun sql = CliRun.of("sql", "--data-dir", empty.toString(), "SELECT 1");

    assertThat(sql.exitCode()).isEqualTo(1);
    assertThat(sql.err().strip())
        .isEqualTo(
            "error: Tributary is not running on data dir "
                + empty
                + "; start it with `bin/tributary up` (or pass --data-dir)");
  }
}
