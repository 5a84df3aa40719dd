package io.tributary.stream.landing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.stream.source.SourceSpec;
import io.tributary.stream.testkit.Examples;
import io.tributary.stream.testkit.Orders;
import io.tributary.stream.testkit.TestEvents;
import io.tributary.stream.testkit.TestStack;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A bounded landing run (the benchmarks') commits every row, also when its writers finish far
 * apart; with periodic checkpoints it is refused, since Iceberg's FlinkSink can then lose the last
 * files of the writer that finished first (see LandingJob.addTo).
 */
class BoundedLandingIT {
  private static final String TOPIC = "uneven.orders";
  private static final SourceSpec SOURCE = Examples.renamed(Examples.orders(), "uneven", TOPIC);

  @RegisterExtension static final TestStack STACK = new TestStack();

  @Test
  void writersThatFinishFarApartCommitEveryRow() throws Exception {
    Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(2, ChronoUnit.DAYS);
    // partition 0 is done at once, partition 1 takes seconds
    List<TestEvents.Event> events = new ArrayList<>();
    Orders.valid("few", 50, day, 1).events().forEach(e -> events.add(e.to(0)));
    Orders.valid("many", 200_000, day, 1).events().forEach(e -> events.add(e.to(1)));
    STACK.broker().createTopic(TOPIC, 2);
    TestEvents.publish(STACK.broker().bootstrapServers(), TOPIC, events);

    // as the ingest benchmark runs it: bounded, two wide, without checkpoints, one commit at its
    // end
    LandingJob landing =
        LandingJob.builder()
            .source(SOURCE)
            .kafka(STACK.kafka())
            .lake(STACK.lake())
            .parallelism(2)
            .stopAt(OffsetsInitializer.latest())
            .build();
    STACK.launcher().runToEnd("uneven", landing::addTo);

    Table bronze = STACK.lake().loadTable(BronzeTables.bronze(SOURCE));
    bronze.refresh();
    assertThat(bronze.currentSnapshot().summary()).containsEntry("total-records", "200050");
  }

  @Test
  void aBoundedRunWithPeriodicCheckpointsIsRefusedBeforeAnythingIsCreated() {
    LandingJob job =
        LandingJob.builder()
            .source(Examples.renamed(SOURCE, "checkpointed", TOPIC))
            .kafka(STACK.kafka())
            .lake(STACK.lake())
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
    assertThat(STACK.lake().iceberg().tableExists(BronzeTables.bronze(job.source()))).isFalse();
  }
}
