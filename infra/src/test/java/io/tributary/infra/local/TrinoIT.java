package io.tributary.infra.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.stream.testkit.BronzeSummary;
import io.tributary.stream.testkit.Examples;
import io.tributary.stream.testkit.LakeRows;
import io.tributary.stream.testkit.Landed;
import io.tributary.stream.testkit.Orders;
import io.tributary.stream.testkit.TestEvents;
import io.tributary.stream.testkit.TestSources;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Athena's engine reads what Flink wrote: orders land in bronze through Flink, and Trino, reading
 * the same REST catalog in a process of its own (Java 25, fetched on first use), sees the same
 * rows, keys and sums, and the same rejects.
 */
class TrinoIT {
  private static final TableIdentifier CURRENT = TableIdentifier.of("bronze", "customers");
  private static final TableIdentifier HISTORY = TableIdentifier.of("bronze", "customers_history");

  private static final Instant NOV_20 = Instant.parse("2026-11-20T00:00:00Z");

  @TempDir Path dataDir;
  @TempDir Path trinoDir;

  @Test
  void trinoSeesTheRowsFlinkLanded() throws Exception {
    Orders.Batch orders = Orders.valid("t", 2_000, NOV_20, 2);
    List<Orders.Malformed> malformed = Orders.malformed("t");
    List<TestEvents.Event> events = new ArrayList<>(orders.events());
    events.addAll(Orders.events(malformed));
    LocalConfig config =
        TestPlatforms.config(dataDir, List.of(Examples.SOURCES, TestSources.CURRENT));
    try (LocalPlatform platform = LocalPlatform.start(config, line -> {})) {
      TestEvents.publish(platform.kafkaBootstrap(), "src.orders", events);
      // a current-only table: c1 updated, c2 deleted
      TestEvents.publish(
          platform.kafkaBootstrap(),
          "src.customers",
          List.of(
              customer("c1", "Paris", false, "2026-11-20T10:00:00Z"),
              customer("c2", "Lyon", false, "2026-11-20T10:00:00Z"),
              customer("c1", "Rome", false, "2026-11-20T11:00:00Z"),
              customer("c2", "Lyon", true, "2026-11-20T11:00:00Z")));
      BronzeSummary flink = Landed.awaitOrders(platform.lake(), orders);
      Landed.awaitCount(platform.lake(), BronzeSummary.ORDERS_REJECTS, malformed.size());
      Landed.awaitCount(platform.lake(), HISTORY, 4);
      org.awaitility.Awaitility.await("c2's delete in lake.bronze.customers")
          .atMost(Duration.ofMinutes(1))
          .until(() -> LakeRows.read(platform.lake(), CURRENT).size() == 1);

      try (EmbeddedTrino trino =
          EmbeddedTrino.start(
              Path.of("..").resolve(EmbeddedTrino.SCRIPT),
              java.net.URI.create(platform.lake().config().uri()),
              freePort(),
              trinoDir,
              trinoDir.resolve("trino.log"),
              Duration.ofMinutes(10))) {
        Properties user = new Properties();
        user.setProperty("user", "analyst");
        try (Connection connection = DriverManager.getConnection(trino.jdbcUrl(), user);
            Statement statement = connection.createStatement()) {
          // Trino's one node can miss its announcement of the lake catalog for a moment at start
          TrinoJdbc.query(statement, "SELECT count(*) FROM lake.bronze.orders", ResultSet::next);
          try (ResultSet rows =
              statement.executeQuery(
                  "SELECT count(*), count(DISTINCT order_id), sum(amount), count(DISTINCT ds)"
                      + " FROM lake.bronze.orders")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getLong(1)).as("rows").isEqualTo(flink.rows());
            assertThat(rows.getLong(2)).as("distinct order ids").isEqualTo(flink.distinctKeys());
            assertThat(rows.getBigDecimal(3))
                .as("sum of amounts")
                .isEqualByComparingTo(flink.sumOfAmounts());
            assertThat(rows.getLong(4)).as("days").isEqualTo(flink.days().size());
          }
          try (ResultSet rows =
              statement.executeQuery(
                  "SELECT count(*) FROM lake.bronze.orders_rejects WHERE reason <> ''")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getLong(1)).as("rejects with a reason").isEqualTo(malformed.size());
          }
          // the metadata the source declared, as Trino (and Athena) see it
          try (ResultSet rows =
              statement.executeQuery(
                  "SELECT key, value FROM lake.bronze.\"orders$properties\" WHERE key IN"
                      + " ('owner', 'tributary.domain', 'tributary.tags.customer_id') ORDER BY key")) {
            List<String> properties = new ArrayList<>();
            while (rows.next()) {
              properties.add(rows.getString(1) + "=" + rows.getString(2));
            }
            assertThat(properties)
                .containsExactly(
                    "owner=ordering-team",
                    "tributary.domain=ordering",
                    "tributary.tags.customer_id=pii");
          }
          try (ResultSet rows =
              statement.executeQuery(
                  "SELECT comment FROM lake.information_schema.columns WHERE table_schema = 'bronze'"
                      + " AND table_name = 'orders' AND column_name = 'customer_id'")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("who ordered");
          }
          // equality deletes applied: the latest row per customer, the deleted one gone
          try (ResultSet rows =
              statement.executeQuery(
                  "SELECT customer_id, city FROM lake.bronze.customers ORDER BY customer_id")) {
            List<String> current = new ArrayList<>();
            while (rows.next()) {
              current.add(rows.getString(1) + "=" + rows.getString(2));
            }
            assertThat(current).containsExactly("c1=Rome");
          }
          try (ResultSet rows =
              statement.executeQuery("SELECT count(*) FROM lake.bronze.customers_history")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getLong(1)).as("history rows").isEqualTo(4);
          }
          try (ResultSet rows =
              statement.executeQuery(
                  "SELECT amount FROM lake.bronze.orders WHERE order_id = 't-1'")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getBigDecimal(1)).isEqualByComparingTo(new BigDecimal("84.19"));
          }
        }
      }
    }
  }

  private static TestEvents.Event customer(
      String id, String city, boolean deleted, String updatedAt) {
    return new TestEvents.Event(
        id,
        String.format(
            "{\"customer_id\":\"%s\",\"city\":\"%s\",\"deleted\":%s,\"updated_at\":\"%s\"}",
            id, city, deleted, updatedAt));
  }

  private static int freePort() throws java.io.IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
