package io.tributary.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.landing.BronzeTables;
import io.tributary.local.Orders;
import io.tributary.local.TestEvents;
import io.tributary.local.TestPlatforms;
import io.tributary.source.SourceSpec;
import io.tributary.source.Sources;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded landing run commits every row, also when its writers finish far apart and checkpoints
 * keep coming in between: Iceberg's FlinkSink would otherwise let the last writer's end-of-input
 * files replace those of a writer that finished before a checkpoint (see LandingJob.addTo).
 */
class BoundedLandingIT {
  private static final String TOPIC = "uneven.orders";

  @Test
  void writersThatFinishFarApartCommitEveryRow(@TempDir Path work) throws Exception {
    SourceSpec orders = Sources.load(TestPlatforms.EXAMPLE_SOURCES).get("orders");
    SourceSpec source = IngestBenchmark.renamed(orders, "uneven", TOPIC);
    Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(2, ChronoUnit.DAYS);
    // partition 0 is done at once, partition 1 takes seconds, with a checkpoint every 100 ms
    Orders.Batch few = Orders.valid("few", 50, day, 1);
    Orders.Batch many = Orders.valid("many", 200_000, day, 1);
    List<TestEvents.Event> events = new ArrayList<>();
    few.events().forEach(e -> events.add(e.to(0)));
    many.events().forEach(e -> events.add(e.to(1)));

    try (BenchStack stack = BenchStack.start(work, 4)) {
      stack.createTopic(TOPIC, 2);
      TestEvents.publish(stack.kafka().bootstrapServers(), TOPIC, events);

      // throws "Landing committed N rows, expected M" when rows were lost
      IngestBenchmark.landingJob(
          stack, source, 2, work.resolve("checkpoints"), Duration.ofMillis(100), events.size());

      Table bronze = stack.lake().loadTable(BronzeTables.bronze(source));
      bronze.refresh();
      Snapshot last = bronze.currentSnapshot();
      assertThat(Long.parseLong(last.summary().get("total-records"))).isEqualTo(200_050L);
    }
  }
}
