package io.tributary.infra.local;

import static io.tributary.stream.testkit.Landed.awaitOrders;
import static java.time.temporal.ChronoUnit.DAYS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.stream.job.StateMismatchException;
import io.tributary.stream.testkit.BronzeSummary;
import io.tributary.stream.testkit.Examples;
import io.tributary.stream.testkit.LakeRows;
import io.tributary.stream.testkit.Landed;
import io.tributary.stream.testkit.Orders;
import io.tributary.stream.testkit.TestEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Landing on the real embedded stack (KRaft broker, Flink MiniCluster, Iceberg catalog): valid
 * events land in bronze exactly once, malformed ones are kept in rejects and the dead-letter topic
 * with their reason, and a stop in mid-stream followed by {@code up} on the same data directory
 * loses and doubles nothing.
 */
class LandingRestartIT {
  private static final Instant NOV_20 = Instant.parse("2026-11-20T00:00:00Z");

  private static final TableIdentifier BIG_ORDERS = TableIdentifier.of("silver", "big_orders");

  @TempDir Path dataDir;
  @TempDir Path pipelines;

  @Test
  void landsEachValidOrderOnceAndKeepsEveryRejectAcrossAStopAndRestart() throws Exception {
    Orders.Batch first = Orders.valid("first", 5_000, NOV_20, 2);
    List<Orders.Malformed> malformed = Orders.malformed("first");
    // each batch later than the one before, so that the pipeline (lateness 1 h) keeps them all
    Orders.Batch inFlightAtStop = Orders.valid("in-flight", 1_000, NOV_20.plus(2, DAYS), 1);
    Orders.Batch afterRestart = Orders.valid("after", 1_000, NOV_20.plus(3, DAYS), 1);

    List<TestEvents.Event> firstEvents = new ArrayList<>(first.events());
    firstEvents.addAll(Orders.events(malformed));
    Path bigOrders = copyOfBigOrders();
    LocalConfig config =
        TestPlatforms.config(dataDir).withPipelines(List.of(bigOrders.getParent()));
    try (LocalPlatform platform = LocalPlatform.start(config, line -> {})) {
      TestEvents.publish(platform.kafkaBootstrap(), "src.orders", firstEvents);

      BronzeSummary landed = awaitOrders(platform.lake(), first);
      assertThat(landed.days()).containsExactly("2026-11-20", "2026-11-21");
      Landed.awaitRejects(platform.lake(), platform.kafkaBootstrap(), "orders", malformed);

      // stop while these are still on their way: the savepoint must carry them
      TestEvents.publish(platform.kafkaBootstrap(), "src.orders", inFlightAtStop.events());
    }

    try (LocalPlatform platform = LocalPlatform.start(config, line -> {})) {
      assertThat(platform.jobs().get("landing-orders").restoredFrom())
          .as("landing resumes from the savepoint taken at stop")
          .hasValueSatisfying(p -> assertThat(p.toString()).contains("savepoints"));
      assertThat(platform.jobs().get("pipeline-big_orders").restoredFrom())
          .as("the pipeline resumes from its savepoint")
          .hasValueSatisfying(p -> assertThat(p.toString()).contains("savepoints"));
      TestEvents.publish(platform.kafkaBootstrap(), "src.orders", afterRestart.events());

      Orders.Batch all = first.plus(inFlightAtStop).plus(afterRestart);
      awaitOrders(platform.lake(), all);
      Landed.awaitRejects(platform.lake(), platform.kafkaBootstrap(), "orders", malformed);
      Landed.awaitCount(platform.lake(), BIG_ORDERS, all.atLeast20());
      assertThat(
              LakeRows.read(platform.lake(), BIG_ORDERS).stream()
                  .map(r -> r.getField("order_id"))
                  .distinct()
                  .count())
          .as("each big order once in silver.big_orders")
          .isEqualTo(all.atLeast20());
    }

    // a changed pipeline must not resume from the state of the old one
    Files.writeString(
        bigOrders.resolve("transform.sql"),
        Files.readString(bigOrders.resolve("transform.sql")).replace(">= 20", ">= 25"));
    assertThatThrownBy(() -> LocalPlatform.start(config, line -> {}))
        .isInstanceOf(StateMismatchException.class)
        .hasMessageStartingWith("Job pipeline-big_orders changed since its state was saved in ")
        .hasMessageContaining("Restore the previous version, or start the job afresh: delete ");
  }

  private Path copyOfBigOrders() throws IOException {
    Path target = Files.createDirectories(pipelines.resolve("big_orders"));
    for (String file : List.of("pipeline.yaml", "transform.sql")) {
      Files.copy(Examples.PIPELINES.resolve("big_orders").resolve(file), target.resolve(file));
    }
    return target;
  }
}
