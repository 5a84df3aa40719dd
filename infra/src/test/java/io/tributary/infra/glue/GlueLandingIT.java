package io.tributary.infra.glue;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.catalog.LakeCatalogConfig;
import io.tributary.catalog.glue.MotoServer;
import io.tributary.gateway.replay.ReplayRun;
import io.tributary.gateway.replay.ReplayTrigger;
import io.tributary.infra.local.EmbeddedKafka;
import io.tributary.infra.local.EmbeddedTrino;
import io.tributary.infra.local.LocalConfig;
import io.tributary.infra.local.LocalPlatform;
import io.tributary.infra.local.TestPlatforms;
import io.tributary.infra.local.TrinoJdbc;
import io.tributary.stream.testkit.BronzeSummary;
import io.tributary.stream.testkit.Examples;
import io.tributary.stream.testkit.Landed;
import io.tributary.stream.testkit.Orders;
import io.tributary.stream.testkit.TestEvents;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The platform with the glue backend, against a local server of Glue's and S3's protocols (moto):
 * orders land in bronze exactly as on the local catalog, malformed ones in rejects, and Glue lists
 * every table the platform made as an Iceberg table whose files are on S3.
 */
class GlueLandingIT {
  private static final Instant NOV_20 = Instant.parse("2026-11-20T00:00:00Z");

  private static final TableIdentifier BIG_ORDERS = TableIdentifier.of("silver", "big_orders");

  @TempDir Path dataDir;
  @TempDir Path pipelines;

  @Test
  void ordersLandInBronzeOnS3AndGlueListsTheTables() throws Exception {
    // as in a shared environment: the lake in Glue, and a Kafka of its own (MSK's stand-in)
    try (MotoServer moto = MotoServer.start(dataDir.resolve("moto.log"));
        EmbeddedKafka kafka = EmbeddedKafka.start(dataDir.resolve("msk"), "127.0.0.1", 0)) {
      moto.createBucket("lake");
      LocalConfig config =
          TestPlatforms.config(dataDir)
              .withPipelines(List.of(copyOfBigOrders().getParent()))
              .withKafka(kafka.connection())
              .withLakeCatalog(
                  LakeCatalogConfig.glue(
                      "s3://lake/warehouse", MotoServer.REGION, Optional.of(moto.endpoint())));
      Orders.Batch orders = Orders.valid("glue", 2_000, NOV_20, 2);
      List<Orders.Malformed> malformed = Orders.malformed("glue");
      List<TestEvents.Event> events = new ArrayList<>(orders.events());
      events.addAll(Orders.events(malformed));
      List<String> announced = new CopyOnWriteArrayList<>();
      try (LocalPlatform platform = LocalPlatform.start(config, announced::add)) {
        assertThat(platform.kafkaBootstrap()).isEqualTo(kafka.bootstrapServers());
        assertThat(announced)
            .anySatisfy(
                line -> assertThat(line).contains(kafka.bootstrapServers(), "a Kafka of its own"));
        // up started no broker of its own
        assertThat(dataDir.resolve("kafka")).doesNotExist();
        TestEvents.publish(platform.kafkaBootstrap(), "src.orders", events);

        BronzeSummary landed = Landed.awaitOrders(platform.lake(), orders);
        assertThat(landed.days()).containsExactly("2026-11-20", "2026-11-21");
        Landed.awaitRejects(platform.lake(), platform.kafkaBootstrap(), "orders", malformed);
        Landed.awaitCount(platform.lake(), BIG_ORDERS, orders.atLeast20());

        // the T+1 replay overwrites its day on S3 with the same rows
        ReplayRun run =
            platform
                .replays()
                .runNow("big_orders", LocalDate.parse("2026-11-20"), ReplayTrigger.MANUAL);
        assertThat(run.error()).isEmpty();
        assertThat(run.succeeded()).isTrue();
        assertThat(run.rowsWritten()).hasValueSatisfying(rows -> assertThat(rows).isPositive());
        assertThat(run.rowsWritten()).isEqualTo(run.rowsBefore());
        Landed.awaitCount(platform.lake(), BIG_ORDERS, orders.atLeast20());
        List<Snapshot> overwrites = new ArrayList<>();
        platform
            .lake()
            .loadTable(BIG_ORDERS)
            .snapshots()
            .forEach(
                snapshot -> {
                  if (snapshot.operation().equals("overwrite")) {
                    overwrites.add(snapshot);
                  }
                });
        assertThat(overwrites).as("the replay's commit").hasSize(1);
        assertThat(overwrites.get(0).manifestListLocation())
            .startsWith("s3://lake/warehouse/silver.db/big_orders/");

        // Athena's engine, reading through Glue and S3 as Athena does, sees what Flink wrote
        try (EmbeddedTrino trino =
                EmbeddedTrino.start(
                    Path.of(System.getProperty("tributary.home")).resolve(EmbeddedTrino.SCRIPT),
                    platform.lake().config(),
                    freePort(),
                    dataDir.resolve("trino"),
                    dataDir.resolve("trino.log"),
                    Duration.ofMinutes(10));
            Connection connection = DriverManager.getConnection(trino.jdbcUrl() + "?user=analyst");
            Statement statement = connection.createStatement()) {
          TrinoJdbc.query(
              statement,
              "SELECT count(*), count(DISTINCT order_id), sum(amount), count(DISTINCT ds)"
                  + " FROM lake.bronze.orders",
              rows -> {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).as("rows Trino reads").isEqualTo(orders.count());
                assertThat(rows.getLong(2)).as("distinct order ids").isEqualTo(orders.count());
                assertThat(rows.getBigDecimal(3)).isEqualByComparingTo(orders.sumOfAmounts());
                assertThat(rows.getLong(4)).as("days").isEqualTo(2);
                return true;
              });
        }
      }
      try (GlueClient glue = moto.glue();
          S3Client s3 = moto.s3()) {
        List<Table> bronze = glue.getTables(r -> r.databaseName("bronze")).tableList();
        assertThat(bronze)
            .extracting(Table::name)
            .contains("orders", "orders_rejects", "clicks", "clicks_rejects");
        for (Table table : bronze) {
          assertThat(table.parameters()).as(table.name()).containsEntry("table_type", "ICEBERG");
        }
        List<String> files =
            s3
                .listObjectsV2(r -> r.bucket("lake").prefix("warehouse/bronze.db/orders/data/"))
                .contents()
                .stream()
                .map(S3Object::key)
                .toList();
        assertThat(files)
            .anyMatch(key -> key.contains("ds=2026-11-20") && key.endsWith(".parquet"));
        assertThat(files)
            .anyMatch(key -> key.contains("ds=2026-11-21") && key.endsWith(".parquet"));
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private Path copyOfBigOrders() throws IOException {
    Path target = Files.createDirectories(pipelines.resolve("big_orders"));
    for (String file : List.of("pipeline.yaml", "transform.sql")) {
      Files.copy(Examples.PIPELINES.resolve("big_orders").resolve(file), target.resolve(file));
    }
    return target;
  }
}
