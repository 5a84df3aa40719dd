package io.tributary.stream.landing;

import static io.tributary.stream.testkit.Landed.awaitOrders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.stream.flink.FlinkRest;
import io.tributary.stream.job.LaunchedJob;
import io.tributary.stream.source.SourceSpec;
import io.tributary.stream.testkit.BronzeSummary;
import io.tributary.stream.testkit.Examples;
import io.tributary.stream.testkit.LakeRows;
import io.tributary.stream.testkit.Landed;
import io.tributary.stream.testkit.Orders;
import io.tributary.stream.testkit.TestEvents;
import io.tributary.stream.testkit.TestStack;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Failure injection: the task manager running the landing job is killed while events stream in, as
 * a crash would (no savepoint, uncommitted Iceberg files and open Kafka transactions left behind).
 * Flink restarts the job from its last checkpoint, and bronze, rejects and the dead-letter topic
 * still hold each event exactly once.
 */
class LandingFailureIT {
  private static final Instant NOV_20 = Instant.parse("2026-11-20T00:00:00Z");

  @RegisterExtension static final TestStack STACK = new TestStack();

  @Test
  void crashOfTheTaskManagerMidStreamLosesAndDoublesNothing(@InjectMiniCluster MiniCluster flink)
      throws Exception {
    Orders.Batch beforeCrash = Orders.valid("before", 10_000, NOV_20, 2);
    Orders.Batch inFlight = Orders.valid("in-flight", 10_000, NOV_20, 2);
    Orders.Batch afterRecovery = Orders.valid("after", 5_000, NOV_20, 2);
    List<Orders.Malformed> malformedBefore = Orders.malformed("before");
    List<Orders.Malformed> malformedInFlight = Orders.malformed("in-flight");

    SourceSpec orders = Examples.orders();
    STACK.broker().createTopics(List.of(orders));
    LaunchedJob landing = STACK.launcher().launch(STACK.landing(orders));
    String bootstrap = STACK.broker().bootstrapServers();
    TestEvents.publish(bootstrap, "src.orders", withMalformed(beforeCrash, malformedBefore));
    await("a first bronze commit")
        .atMost(Duration.ofMinutes(2))
        .until(() -> LakeRows.count(STACK.lake(), BronzeSummary.ORDERS) > 0);

    TestEvents.publish(bootstrap, "src.orders", withMalformed(inFlight, malformedInFlight));
    flink.terminateTaskManager(0).get();
    flink.startTaskManager();

    FlinkRest rest = new FlinkRest(STACK.flinkRest());
    String landingOrders = landing.id().toHexString();
    await("landing-orders to restart after the crash")
        .atMost(Duration.ofMinutes(2))
        .until(() -> rest.restarts(landingOrders).orElse(0) >= 1);

    TestEvents.publish(bootstrap, "src.orders", afterRecovery.events());
    awaitOrders(STACK.lake(), beforeCrash.plus(inFlight).plus(afterRecovery));
    List<Orders.Malformed> allMalformed = new ArrayList<>(malformedBefore);
    allMalformed.addAll(malformedInFlight);
    Landed.awaitRejects(STACK.lake(), bootstrap, "orders", allMalformed);
    assertThat(rest.jobs())
        .filteredOn(job -> job.id().equals(landingOrders))
        .singleElement()
        .satisfies(job -> assertThat(job.state()).isEqualTo("RUNNING"));
  }

  private static List<TestEvents.Event> withMalformed(
      Orders.Batch batch, List<Orders.Malformed> malformed) {
    List<TestEvents.Event> events = new ArrayList<>(batch.events());
    events.addAll(events.size() / 2, Orders.events(malformed));
    return events;
  }
}
