package io.tributary.infra.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.infra.local.Orders;
import io.tributary.infra.local.TestEvents;
import io.tributary.infra.local.TestPlatforms;
import io.tributary.stream.landing.BronzeTables;
import io.tributary.stream.landing.LandingJob;
import io.tributary.stream.source.SourceSpec;
import io.tributary.stream.source.Sources;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded landing run (the benchmarks') commits every row, also when its writers finish far
 * apart; with periodic checkpoints it is refused, since Iceberg's FlinkSink can then lose the last
 * files of the writer that finished first (see LandingJob.addTo).
 */
class BoundedLandingIT {
  private static final String TOPIC = "uneven.orders";
  private static final SourceSpec SOURCE =
      IngestBenchmark.renamed(
          Sources.load(TestPlatforms.EXAMPLE_SOURCES).get("orders"), "uneven", TOPIC);

  @TempDir static Path work;
  private static BenchStack stack;

  @BeforeAll
  static void start() throws Exception {
    stack = BenchStack.start(work, 4);
  }

  @AfterAll
  static void stop() throws Exception {
    stack.close();
  }

  @Test
  void writersThatFinishFarApartCommitEveryRow() throws Exception {
    Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(2, ChronoUnit.DAYS);
    // partition 0 is done at once, partition 1 takes seconds
    List<TestEvents.Event> events = new ArrayList<>();
    Orders.valid("few", 50, day, 1).events().forEach(e -> events.add(e.to(0)));
    Orders.valid("many", 200_000, day, 1).events().forEach(e -> events.add(e.to(1)));
    stack.createTopic(TOPIC, 2);
    TestEvents.publish(stack.kafka().bootstrapServers(), TOPIC, events);

    // throws "Landing committed N rows, expected M" when rows were lost
    IngestBenchmark.landingJob(stack, SOURCE, 2, events.size());

    Table bronze = stack.lake().loadTable(BronzeTables.bronze(SOURCE));
    bronze.refresh();
    assertThat(bronze.currentSnapshot().summary()).containsEntry("total-records", "200050");
  }

  @Test
  void aBoundedRunWithPeriodicCheckpointsIsRefusedBeforeAnythingIsCreated() {
    LandingJob job =
        LandingJob.builder()
            .source(IngestBenchmark.renamed(SOURCE, "checkpointed", TOPIC))
            .kafka(stack.kafka().connection())
            .lake(stack.lake())
            .parallelism(2)
            .stopAt(OffsetsInitializer.latest())
            .build();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.enableCheckpointing(100);

    assertThatThrownBy(() -> job.addTo(env))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "Cannot run the bounded landing job of checkpointed with periodic checkpoints:")
        .hasMessageEndingWith(
            "Run it without checkpointing; it commits everything once, at its end");
    assertThat(stack.lake().iceberg().tableExists(BronzeTables.bronze(job.source()))).isFalse();
  }
}
