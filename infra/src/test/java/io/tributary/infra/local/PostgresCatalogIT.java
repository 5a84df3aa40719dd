package io.tributary.infra.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.catalog.jdbc.LocalPostgres;
import io.tributary.stream.testkit.Landed;
import io.tributary.stream.testkit.Orders;
import io.tributary.stream.testkit.TestEvents;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform with its catalog's store on a real PostgreSQL server ({@code up --catalog-db}):
 * landing creates and commits its tables there, and a restart on the same database finds them.
 */
class PostgresCatalogIT {
  @TempDir Path dataDir;

  @Test
  void tablesLiveInPostgresAndSurviveARestart() throws Exception {
    try (LocalPostgres postgres = LocalPostgres.start("lake")) {
      LocalConfig config =
          TestPlatforms.config(dataDir)
              .withCatalogDatabase(
                  new CatalogDatabase(
                      postgres.url("lake"), Optional.of(postgres.user()), Optional.empty()));
      Orders.Batch first = Orders.valid("pg-a", 50, Instant.parse("2026-11-20T00:00:00Z"), 2);
      List<String> announced = new ArrayList<>();
      try (LocalPlatform platform = LocalPlatform.start(config, announced::add)) {
        assertThat(announced)
            .anySatisfy(
                line -> assertThat(line).startsWith("catalog").contains(postgres.url("lake")));
        TestEvents.publish(platform.kafkaBootstrap(), "src.orders", first.events());
        Landed.awaitOrders(platform.lake(), first);
      }

      assertThat(icebergTables(postgres))
          .contains("bronze.orders", "bronze.orders_rejects", "bronze.clicks");
      assertThat(lockTables(postgres))
          .as("the tables' maintenance locks live in the catalog's database")
          .containsExactly("flink_maintenance_lock");

      Orders.Batch second = Orders.valid("pg-b", 30, Instant.parse("2026-11-22T00:00:00Z"), 1);
      try (LocalPlatform platform = LocalPlatform.start(config, line -> {})) {
        TestEvents.publish(platform.kafkaBootstrap(), "src.orders", second.events());
        Landed.awaitOrders(platform.lake(), first.plus(second));
      }
    }
  }

  /** The maintenance lock tables in PostgreSQL. */
  private static List<String> lockTables(LocalPostgres postgres) throws Exception {
    List<String> tables = new ArrayList<>();
    try (Connection connection =
            DriverManager.getConnection(postgres.url("lake"), postgres.user(), "");
        ResultSet rows =
            connection.getMetaData().getTables(null, null, "flink_maintenance_lock", null)) {
      while (rows.next()) {
        tables.add(rows.getString("TABLE_NAME"));
      }
    }
    return tables;
  }

  /** What Iceberg's JDBC catalog holds in PostgreSQL: {@code namespace.table} per row. */
  private static List<String> icebergTables(LocalPostgres postgres) throws Exception {
    List<String> tables = new ArrayList<>();
    try (Connection connection =
            DriverManager.getConnection(postgres.url("lake"), postgres.user(), "");
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT table_namespace, table_name FROM iceberg_tables")) {
      while (rows.next()) {
        tables.add(rows.getString(1) + "." + rows.getString(2));
      }
    }
    return tables;
  }
}
