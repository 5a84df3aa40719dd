package io.tributary.stream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tributary.stream.lineage.JobLineage;
import io.tributary.stream.lineage.LineageDatasets;
import io.tributary.stream.pipeline.PipelinePlanner;
import io.tributary.stream.pipeline.PipelineSpec;
import io.tributary.stream.pipeline.PipelineSpecParser;
import io.tributary.stream.pipeline.PipelineTables;
import io.tributary.stream.pipeline.PlannedPipeline;
import io.tributary.stream.pipeline.StreamingPipeline;
import io.tributary.stream.source.SourceSpec;
import io.tributary.stream.testkit.Examples;
import io.tributary.stream.testkit.LakeRows;
import io.tributary.stream.testkit.Orders;
import io.tributary.stream.testkit.TestEvents;
import io.tributary.stream.testkit.TestStack;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Launching jobs on a cluster through its REST address, when the version of a job changed: the new
 * version refuses the old version's state with a message that says what to do, until that state is
 * moved aside (never deleted), after which it starts afresh. (A job stopped with a savepoint and
 * launched again from it: {@code LandingJobIT}.)
 */
class JobLauncherIT {
  private static final Instant NOV_20 = Instant.parse("2026-11-20T00:00:00Z");
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final TableIdentifier BIG_ORDERS = TableIdentifier.of("silver", "big_orders");
  private static final Pattern AMOUNT = Pattern.compile("\"amount\":([0-9.]+)");

  @RegisterExtension static final TestStack STACK = new TestStack();

  @TempDir Path pipelines;

  @Test
  void aChangedPipelineRefusesTheOldStateUntilItIsMovedAsideThenStartsAfresh() throws Exception {
    SourceSpec orders = Examples.orders();
    STACK.broker().createTopics(List.of(orders));
    JobLauncher launcher = STACK.launcher();
    StateStore state = launcher.state();
    String name = "pipeline-big_orders";
    Path bigOrders = copyOfBigOrders();
    PipelineSpec original = PipelineSpecParser.parse(bigOrders);
    Orders.Batch batch = Orders.valid("o", 400, NOV_20, 1);

    LaunchedJob first = launcher.launch(definition(original));
    TestEvents.publish(STACK.broker().bootstrapServers(), orders.topic(), batch.events());
    awaitRows(BIG_ORDERS, batch.atLeast20());
    StateLocation savepoint = first.stop(TIMEOUT).orElseThrow();

    Files.writeString(
        bigOrders.resolve("transform.sql"),
        Files.readString(bigOrders.resolve("transform.sql")).replace(">= 20", ">= 25"));
    PipelineSpec changed = PipelineSpecParser.parse(bigOrders);
    assertThatThrownBy(() -> launcher.launch(definition(changed)))
        .isInstanceOf(StateMismatchException.class)
        .hasMessage(
            "Job "
                + name
                + " changed since its state was saved in "
                + savepoint
                + "; a start does not carry state across a change (`deploy` does, when Flink can"
                + " map it). Restore the previous version, or start the job afresh: delete "
                + state.checkpoints(name)
                + " and "
                + state.savepoints(name)
                + " (it then reads its sources from the beginning, so empty its target first)");
    assertThat(launcher.savedFingerprint(name))
        .as("the state is still the original version's")
        .contains(StreamingPipeline.fingerprint(original, List.of(orders)));

    StateLocation aside = launcher.resetState(name);

    assertThat(aside.uri().toString())
        .startsWith(state.root().resolve("state-reset").resolve(name).uri() + "-");
    String savepointName = savepoint.localPath().orElseThrow().getFileName().toString();
    assertThat(
            aside
                .localPath()
                .orElseThrow()
                .resolve("savepoints")
                .resolve(savepointName)
                .resolve("_metadata"))
        .as("the savepoint, moved, not deleted")
        .isRegularFile();
    assertThat(state.savepoints(name).localPath().orElseThrow()).doesNotExist();
    assertThat(launcher.latestState(name)).isEmpty();
    assertThat(launcher.savedFingerprint(name)).isEmpty();

    LaunchedJob afresh = launcher.launch(definition(changed));
    assertThat(afresh.restoredFrom()).isEmpty();
    assertThat(launcher.savedFingerprint(name))
        .contains(StreamingPipeline.fingerprint(changed, List.of(orders)));
    // it reads the topic from the beginning again, into the target as it was
    awaitRows(BIG_ORDERS, batch.atLeast20() + atLeast25(batch));
  }

  private static void awaitRows(TableIdentifier table, long rows) {
    await(table + " to hold " + rows + " rows")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> LakeRows.count(STACK.lake(), table) == rows);
  }

  private static JobDefinition definition(PipelineSpec pipeline) {
    List<SourceSpec> sources = List.of(Examples.orders());
    PipelineTables tables = new PipelineTables(sources, STACK.kafka(), STACK.lake().config());
    PlannedPipeline planned =
        new PipelinePlanner(STACK.lake()).planStreaming(List.of(pipeline), tables).get(0);
    return StreamingPipeline.definition(
        planned,
        tables,
        JobLineage.streaming(
            pipeline, planned.lineage(), LineageDatasets.of(STACK.kafka(), sources, STACK.lake())));
  }

  private static long atLeast25(Orders.Batch batch) {
    return batch.events().stream()
        .map(e -> AMOUNT.matcher(e.payload()))
        .filter(Matcher::find)
        .filter(m -> new BigDecimal(m.group(1)).compareTo(BigDecimal.valueOf(25)) >= 0)
        .count();
  }

  private Path copyOfBigOrders() throws Exception {
    Path target = Files.createDirectories(pipelines.resolve("big_orders"));
    for (String file : List.of("pipeline.yaml", "transform.sql")) {
      Files.copy(Examples.PIPELINES.resolve("big_orders").resolve(file), target.resolve(file));
    }
    return target;
  }
}
