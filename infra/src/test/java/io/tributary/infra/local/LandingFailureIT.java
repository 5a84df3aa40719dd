package io.tributary.infra.local;

import static io.tributary.infra.local.TestPlatforms.awaitOrders;
import static io.tributary.infra.local.TestPlatforms.awaitRejects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.stream.flink.FlinkRest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failure injection: the task manager running the landing jobs is killed while events stream in, as
 * a crash would (no savepoint, uncommitted Iceberg files and open Kafka transactions left behind).
 * Flink restarts the jobs from their last checkpoint, and bronze, rejects and the dead-letter topic
 * still hold each event exactly once.
 */
class LandingFailureIT {
  private static final Instant NOV_20 = Instant.parse("2026-11-20T00:00:00Z");

  @TempDir Path dataDir;

  @Test
  void crashOfTheTaskManagerMidStreamLosesAndDoublesNothing() throws Exception {
    Orders.Batch beforeCrash = Orders.valid("before", 10_000, NOV_20, 2);
    Orders.Batch inFlight = Orders.valid("in-flight", 10_000, NOV_20, 2);
    Orders.Batch afterRecovery = Orders.valid("after", 5_000, NOV_20, 2);
    List<Orders.Malformed> malformedBefore = Orders.malformed("before");
    List<Orders.Malformed> malformedInFlight = Orders.malformed("in-flight");

    try (LocalPlatform platform = LocalPlatform.start(TestPlatforms.config(dataDir), line -> {})) {
      String bootstrap = platform.kafkaBootstrap();
      TestEvents.publish(bootstrap, "src.orders", withMalformed(beforeCrash, malformedBefore));
      await("a first bronze commit")
          .atMost(Duration.ofMinutes(2))
          .until(() -> LakeRows.count(platform.lake(), BronzeSummary.ORDERS) > 0);

      TestEvents.publish(bootstrap, "src.orders", withMalformed(inFlight, malformedInFlight));
      platform.flink().killTaskManager(0);
      platform.flink().startTaskManager();

      FlinkRest rest = new FlinkRest(platform.flinkRest());
      String landingOrders = platform.jobs().get("landing-orders").id().toHexString();
      await("landing-orders to restart after the crash")
          .atMost(Duration.ofMinutes(2))
          .until(() -> rest.restarts(landingOrders).orElse(0) >= 1);

      TestEvents.publish(bootstrap, "src.orders", afterRecovery.events());
      awaitOrders(platform.lake(), beforeCrash.plus(inFlight).plus(afterRecovery));
      List<Orders.Malformed> allMalformed = new ArrayList<>(malformedBefore);
      allMalformed.addAll(malformedInFlight);
      awaitRejects(platform, "dlq.orders", allMalformed);
      assertThat(rest.jobs())
          .filteredOn(job -> job.id().equals(landingOrders))
          .singleElement()
          .satisfies(job -> assertThat(job.state()).isEqualTo("RUNNING"));
    }
  }

  private static List<TestEvents.Event> withMalformed(
      Orders.Batch batch, List<Orders.Malformed> malformed) {
    List<TestEvents.Event> events = new ArrayList<>(batch.events());
    events.addAll(events.size() / 2, Orders.events(malformed));
    return events;
  }
}
