package io.tributary.stream.landing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.stream.source.SourceSpec;
import io.tributary.stream.source.Sources;
import io.tributary.stream.testkit.LakeRows;
import io.tributary.stream.testkit.Landed;
import io.tributary.stream.testkit.TestEvents;
import io.tributary.stream.testkit.TestEvents.Event;
import io.tributary.stream.testkit.TestSources;
import io.tributary.stream.testkit.TestStack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A source declared with {@code current:} keeps its full history in {@code
 * lake.bronze.customers_history} and the latest event per key in {@code lake.bronze.customers}:
 * updates replace, deletes remove, older events arriving late change nothing, and a deleted key can
 * come back. Read through Iceberg (equality deletes applied) and through Flink SQL.
 */
class CurrentTableIT {
  static final TableIdentifier CURRENT = TableIdentifier.of("bronze", "customers");
  static final TableIdentifier HISTORY = TableIdentifier.of("bronze", "customers_history");

  @RegisterExtension static final TestStack STACK = new TestStack();

  @BeforeAll
  static void startLanding() throws Exception {
    SourceSpec customers = Sources.load(TestSources.CURRENT).get("customers");
    STACK.broker().createTopics(List.of(customers));
    STACK.launcher().launch(STACK.landing(customers));
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
    Landed.awaitCount(STACK.lake(), HISTORY, 9);

    // in later checkpoints: a deleted key comes back, a live key goes
    publish(
        customer("c3", "Cy", "Nantes", false, "2026-11-21T08:00:00Z"),
        customer("c1", "Ada", "Rome", true, "2026-11-21T08:00:00Z"),
        customer("c5", "Eve", "Tromso", false, "2026-11-19T08:00:00Z")); // older: ignored

    awaitCurrent(Map.of("c2", "Lyon", "c3", "Nantes", "c5", "Bergen"));
    Landed.awaitCount(STACK.lake(), HISTORY, 12);

    List<List<Object>> current =
        STACK.query("SELECT customer_id, city FROM lake.bronze.customers ORDER BY customer_id");
    assertThat(current)
        .extracting(row -> row.get(0) + "=" + row.get(1))
        .containsExactly("c2=Lyon", "c3=Nantes", "c5=Bergen");
    List<List<Object>> history =
        STACK.query(
            "SELECT COUNT(*), COUNT(DISTINCT customer_id), SUM(CASE WHEN deleted THEN 1 ELSE 0 END)"
                + " FROM lake.bronze.customers_history");
    assertThat(history)
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
    for (Record row : LakeRows.read(STACK.lake(), CURRENT)) {
      String previous =
          cities.put(
              String.valueOf(row.getField("customer_id")), String.valueOf(row.getField("city")));
      assertThat(previous).as("one row per key").isNull();
    }
    return cities;
  }

  private static void publish(Event... events) throws Exception {
    TestEvents.publish(STACK.broker().bootstrapServers(), "src.customers", List.of(events));
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
