package io.tributary.local;

import static io.tributary.local.TestPlatforms.awaitOrders;
import static io.tributary.local.TestPlatforms.awaitRejects;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

  @TempDir Path dataDir;

  @Test
  void landsEachValidOrderOnceAndKeepsEveryRejectAcrossAStopAndRestart() throws Exception {
    Orders.Batch first = Orders.valid("first", 5_000, NOV_20, 2);
    List<Orders.Malformed> malformed = Orders.malformed("first");
    Orders.Batch inFlightAtStop = Orders.valid("in-flight", 1_000, NOV_20, 2);
    Orders.Batch afterRestart = Orders.valid("after", 1_000, NOV_20.plusSeconds(86_400), 1);

    List<TestEvents.Event> firstEvents = new ArrayList<>(first.events());
    firstEvents.addAll(Orders.events(malformed));
    try (LocalPlatform platform = LocalPlatform.start(TestPlatforms.config(dataDir), line -> {})) {
      TestEvents.publish(platform.kafkaBootstrap(), "src.orders", firstEvents);

      BronzeSummary landed = awaitOrders(platform.lake(), first);
      assertThat(landed.days()).containsExactly("2026-11-20", "2026-11-21");
      awaitRejects(platform, "dlq.orders", malformed);

      // stop while these are still on their way: the savepoint must carry them
      TestEvents.publish(platform.kafkaBootstrap(), "src.orders", inFlightAtStop.events());
    }

    try (LocalPlatform platform = LocalPlatform.start(TestPlatforms.config(dataDir), line -> {})) {
      assertThat(platform.jobs().get("landing-orders").restoredFrom())
          .as("landing resumes from the savepoint taken at stop")
          .hasValueSatisfying(p -> assertThat(p.toString()).contains("savepoints"));
      TestEvents.publish(platform.kafkaBootstrap(), "src.orders", afterRestart.events());

      awaitOrders(platform.lake(), first.plus(inFlightAtStop).plus(afterRestart));
      awaitRejects(platform, "dlq.orders", malformed);
    }
  }
}
