package io.tributary.infra.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.infra.local.TestEvents.Event;
import io.tributary.infra.query.QueryResult;
import io.tributary.infra.query.SqlRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source declared with {@code current:} keeps its full history in {@code
 * lake.bronze.customers_history} and the latest event per key in {@code lake.bronze.customers}:
 * updates replace, deletes remove, older events arriving late change nothing, and a deleted key can
 * come back. Read through Iceberg (equality deletes applied) and through Flink SQL.
 */
class CurrentTableIT {
  static final Path CURRENT_SOURCES = Path.of("src/test/resources/current-sources");
  static final TableIdentifier CURRENT = TableIdentifier.of("bronze", "customers");
  static final TableIdentifier HISTORY = TableIdentifier.of("bronze", "customers_history");

  @TempDir static Path dataDir;
  private static LocalPlatform platform;

  @BeforeAll
  static void start() throws Exception {
    platform =
        LocalPlatform.start(TestPlatforms.config(dataDir, List.of(CURRENT_SOURCES)), line -> {});
  }

  @AfterAll
  static void stop() throws Exception {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void theCurrentTableKeepsTheLatestEventPerKeyAndHistoryKeepsEveryEvent() throws Exception {
    publish(
        customer("c1", "Ada", "Paris", false, "2026-11-20T10:00:00Z"),
        customer("c2", "Bo", "Lyon", false, "2026-11-20T10:00:00Z"),
        customer("c1", "Ada", "Rome", false, "2026-11-20T11:00:00Z"), // an update
        customer("c3", "Cy", "Nice", false, "2026-11-20T10:00:00Z"),
        customer("c3", "Cy", "Nice", true, "2026-11-20T11:00:00Z"), // a delete
        customer("c2", "Bo", "Dijon", false, "2026-11-20T09:00:00Z"), // older, arrives late
        customer("c4", "Di", "Metz", true, "2026-11-20T10:00:00Z"), // delete of an unknown key
        customer("c5", "Eve", "Oslo", false, "2026-11-20T10:00:00Z"),
        customer("c5", "Eve", "Bergen", false, "2026-11-20T10:00:00Z")); // a tie: later wins

    awaitCurrent(Map.of("c1", "Rome", "c2", "Lyon", "c5", "Bergen"));
    TestPlatforms.awaitCount(platform.lake(), HISTORY, 9);

    // in later checkpoints: a deleted key comes back, a live key goes
    publish(
        customer("c3", "Cy", "Nantes", false, "2026-11-21T08:00:00Z"),
        customer("c1", "Ada", "Rome", true, "2026-11-21T08:00:00Z"),
        customer("c5", "Eve", "Tromso", false, "2026-11-19T08:00:00Z")); // older: ignored

    awaitCurrent(Map.of("c2", "Lyon", "c3", "Nantes", "c5", "Bergen"));
    TestPlatforms.awaitCount(platform.lake(), HISTORY, 12);

    SqlRunner sql = new SqlRunner(platform.gateway());
    QueryResult current =
        sql.run("SELECT customer_id, city FROM lake.bronze.customers ORDER BY customer_id");
    assertThat(current.rows())
        .extracting(row -> row.get(0) + "=" + row.get(1))
        .containsExactly("c2=Lyon", "c3=Nantes", "c5=Bergen");
    QueryResult history =
        sql.run(
            "SELECT COUNT(*), COUNT(DISTINCT customer_id), SUM(CASE WHEN deleted THEN 1 ELSE 0 END)"
                + " FROM lake.bronze.customers_history");
    assertThat(history.rows())
        .extracting(row -> row.get(0) + "/" + row.get(1) + "/" + row.get(2))
        .containsExactly("12/5/3");
  }

  private static void awaitCurrent(Map<String, String> expected) {
    await("lake.bronze.customers to hold " + expected)
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> cities().equals(new TreeMap<>(expected)));
    await("lake.bronze.customers to keep holding " + expected)
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(30))
        .until(() -> cities().equals(new TreeMap<>(expected)));
  }

  /** Customer id to city, from the table with its equality deletes applied. */
  private static Map<String, String> cities() {
    Map<String, String> cities = new TreeMap<>();
    for (Record row : LakeRows.read(platform.lake(), CURRENT)) {
      String previous =
          cities.put(
              String.valueOf(row.getField("customer_id")), String.valueOf(row.getField("city")));
      assertThat(previous).as("one row per key").isNull();
    }
    return cities;
  }

  private static void publish(Event... events) throws Exception {
    TestEvents.publish(platform.kafkaBootstrap(), "src.customers", List.of(events));
  }

  private static Event customer(
      String id, String name, String city, boolean deleted, String updatedAt) {
    return new Event(
        id,
        String.format(
            "{\"customer_id\":\"%s\",\"name\":\"%s\",\"city\":\"%s\",\"deleted\":%s,"
                + "\"updated_at\":\"%s\"}",
            id, name, city, deleted, updatedAt));
  }
}
