package io.tributary.infra.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.catalog.metadata.MaintenanceRecord;
import io.tributary.gateway.replay.ReplayRun;
import io.tributary.gateway.replay.ReplayTrigger;
import io.tributary.infra.local.LocalPlatform;
import io.tributary.infra.local.TestPlatforms;
import io.tributary.infra.query.SqlRunner;
import io.tributary.stream.flink.FlinkRest;
import io.tributary.stream.maintenance.policy.MaintenanceSettings;
import io.tributary.stream.testkit.BronzeSummary;
import io.tributary.stream.testkit.Examples;
import io.tributary.stream.testkit.Landed;
import io.tributary.stream.testkit.Orders;
import io.tributary.stream.testkit.TestEvents;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform with its jobs on a Flink cluster of its own ({@code up --flink URL}): a cluster in
 * another JVM whose classpath has Flink only. Landing, a streaming pipeline, a query through the
 * SQL gateway and a replay all run there, carrying the job jar.
 */
@Timeout(value = 6, unit = java.util.concurrent.TimeUnit.MINUTES)
class RemoteClusterIT {
  private static final TableIdentifier BIG_ORDERS = TableIdentifier.of("silver", "big_orders");

  @TempDir Path dir;

  @Test
  void everyJobRunsOnTheSeparateClusterWithTheJobJar() throws Exception {
    List<String> announced = new CopyOnWriteArrayList<>();
    Orders.Batch orders = Orders.valid("remote", 300, Instant.parse("2026-11-20T00:00:00Z"), 2);
    try (SeparateFlinkCluster cluster = SeparateFlinkCluster.start(dir.resolve("cluster"), 12);
        LocalPlatform platform =
            LocalPlatform.start(
                TestPlatforms.config(dir.resolve("data"))
                    .withPipelines(List.of(Examples.PIPELINES))
                    .withFlinkCluster(cluster.restAddress())
                    .withMaintenance(
                        new MaintenanceSettings(
                            true,
                            Duration.ofSeconds(5),
                            MaintenanceSettings.DEFAULT.targetFileSize(),
                            MaintenanceSettings.DEFAULT.snapshotRetention(),
                            MaintenanceSettings.DEFAULT.minSnapshots(),
                            MaintenanceSettings.DEFAULT.orphanMinAge())),
                announced::add)) {
      assertThat(platform.flinkRest()).isEqualTo(cluster.restAddress());
      assertThat(announced)
          .anySatisfy(
              line ->
                  assertThat(line)
                      .contains("flink", cluster.restAddress().toString(), "a cluster of its own")
                      .contains("tributary-job.jar"));

      TestEvents.publish(platform.kafkaBootstrap(), "src.orders", orders.events());
      Landed.awaitOrders(platform.lake(), orders);
      Landed.awaitCount(platform.lake(), BIG_ORDERS, orders.atLeast20());

      Map<String, String> states =
          new FlinkRest(cluster.restAddress())
              .jobs().stream()
                  .collect(
                      Collectors.toMap(
                          FlinkRest.Job::name, FlinkRest.Job::state, (a, b) -> a + "," + b));
      assertThat(states)
          .containsEntry("landing-orders", "RUNNING")
          .containsEntry("landing-clicks", "RUNNING")
          .containsEntry("pipeline-big_orders", "RUNNING")
          .containsEntry("maintenance-orders", "RUNNING");
      // it ran there: the tick source, the lock's driver and lineage's client came in the job jar
      await("a run of maintenance-orders on the cluster")
          .atMost(Duration.ofMinutes(1))
          .until(
              () ->
                  MaintenanceRecord.of(platform.lake().loadTable(BronzeSummary.ORDERS))
                      .isPresent());
      assertThat(MaintenanceRecord.of(platform.lake().loadTable(BronzeSummary.ORDERS)))
          .hasValueSatisfying(
              record -> assertThat(record.succeeded()).as(record.toString()).isTrue());

      // a gateway session's batch query runs there too
      try (Connection connection =
              DriverManager.getConnection(SqlRunner.jdbcUrl(platform.gateway()));
          Statement statement = connection.createStatement();
          ResultSet bronze =
              statement.executeQuery(
                  "SELECT COUNT(*) AS n, SUM(amount) AS revenue FROM lake.bronze.orders")) {
        assertThat(bronze.next()).isTrue();
        assertThat(bronze.getLong("n")).isEqualTo(orders.count());
        assertThat(bronze.getBigDecimal("revenue")).isEqualByComparingTo(orders.sumOfAmounts());
      }

      // and so does a replay: the day's rows come back the same
      ReplayRun run =
          platform
              .replays()
              .runNow("big_orders", LocalDate.parse("2026-11-20"), ReplayTrigger.MANUAL);
      assertThat(run.error()).isEmpty();
      assertThat(run.succeeded()).isTrue();
      assertThat(run.rowsWritten()).hasValueSatisfying(rows -> assertThat(rows).isPositive());
      assertThat(run.rowsWritten()).isEqualTo(run.rowsBefore());
      Landed.awaitCount(platform.lake(), BIG_ORDERS, orders.atLeast20());
      assertThat(BronzeSummary.ofOrders(platform.lake()).rows()).isEqualTo(orders.count());
    }
  }
}
