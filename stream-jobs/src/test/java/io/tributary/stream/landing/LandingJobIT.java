package io.tributary.stream.landing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.stream.job.JobLauncher;
import io.tributary.stream.job.LaunchedJob;
import io.tributary.stream.job.StateLocation;
import io.tributary.stream.source.SourceSpec;
import io.tributary.stream.testkit.BronzeSummary;
import io.tributary.stream.testkit.Examples;
import io.tributary.stream.testkit.LakeRows;
import io.tributary.stream.testkit.Landed;
import io.tributary.stream.testkit.Orders;
import io.tributary.stream.testkit.TestEvents;
import io.tributary.stream.testkit.TestEvents.Event;
import io.tributary.stream.testkit.TestStack;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.JobStatus;
import org.apache.iceberg.data.Record;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The landing job on a real broker, a Flink MiniCluster and the lake: valid events land in bronze
 * exactly once, malformed ones are kept in the rejects table and the dead-letter topic with their
 * reason and the record as it arrived, and a stop with a savepoint in mid-stream followed by a
 * launch from it loses and doubles nothing.
 */
class LandingJobIT {
  private static final Instant NOV_20 = Instant.parse("2026-11-20T00:00:00Z");
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  @RegisterExtension static final TestStack STACK = new TestStack();

  @Test
  void landsEachValidOrderOnceAndKeepsEveryRejectAcrossAStopWithASavepointAndAResume()
      throws Exception {
    SourceSpec orders = Examples.orders();
    STACK.broker().createTopics(List.of(orders));
    Orders.Batch first = Orders.valid("first", 2_000, NOV_20, 2);
    List<Orders.Malformed> malformed = Orders.malformed("first");
    Orders.Batch inFlightAtStop = Orders.valid("in-flight", 1_000, NOV_20, 2);
    Orders.Batch afterResume = Orders.valid("after", 500, NOV_20, 2);
    List<Event> firstEvents = new ArrayList<>(first.events());
    firstEvents.addAll(Orders.events(malformed));

    JobLauncher launcher = STACK.launcher();
    Instant launched = Instant.now();
    LaunchedJob landing = launcher.launch(STACK.landing(orders));
    TestEvents.publish(STACK.broker().bootstrapServers(), orders.topic(), firstEvents);

    await("the first orders in bronze")
        .atMost(Duration.ofMinutes(2))
        .until(() -> LakeRows.count(STACK.lake(), BronzeSummary.ORDERS) >= first.count());
    BronzeSummary landed = BronzeSummary.ofOrders(STACK.lake());
    assertThat(landed.rows()).isEqualTo(first.count());
    assertThat(landed.sumOfAmounts()).isEqualByComparingTo(first.sumOfAmounts());
    assertThat(landed.days()).containsExactly("2026-11-20", "2026-11-21");
    Landed.awaitRejects(STACK.lake(), STACK.broker().bootstrapServers(), "orders", malformed);
    assertDeadLettersKeepTheRecordsAsTheyArrived(orders, launched);

    // stop while these are still on their way: the savepoint must carry them
    TestEvents.publish(STACK.broker().bootstrapServers(), orders.topic(), inFlightAtStop.events());
    Optional<StateLocation> savepoint = landing.stop(STOP_TIMEOUT);
    assertThat(savepoint)
        .as("the savepoint taken at the stop, complete, where the job's savepoints are kept")
        .hasValueSatisfying(
            p -> {
              assertThat(p.uri().toString())
                  .startsWith(launcher.state().savepoints("landing-orders").uri() + "/savepoint-");
              assertThat(p.localPath().orElseThrow().resolve("_metadata")).isRegularFile();
            });
    assertThat(landing.status(STOP_TIMEOUT)).isEqualTo(JobStatus.FINISHED);
    assertThat(launcher.latestState("landing-orders")).isEqualTo(savepoint);

    LaunchedJob resumed = launcher.launch(STACK.landing(orders));
    assertThat(resumed.restoredFrom())
        .as("landing resumes from its savepoint")
        .isEqualTo(savepoint);
    assertThat(resumed.id()).isNotEqualTo(landing.id());
    TestEvents.publish(STACK.broker().bootstrapServers(), orders.topic(), afterResume.events());

    // held over several checkpoints: an order landed twice would show
    Landed.awaitOrders(STACK.lake(), first.plus(inFlightAtStop).plus(afterResume));
    Landed.awaitRejects(STACK.lake(), STACK.broker().bootstrapServers(), "orders", malformed);
    assertDeadLettersKeepTheRecordsAsTheyArrived(orders, launched);
  }

  /**
   * Each dead letter is the record as it arrived (key, payload and Kafka timestamp untouched), with
   * why it was rejected and where it was in the log in its headers; its rejects row says the same.
   */
  private static void assertDeadLettersKeepTheRecordsAsTheyArrived(
      SourceSpec source, Instant launched) {
    String bootstrap = STACK.broker().bootstrapServers();
    Map<String, ConsumerRecord<byte[], byte[]>> published = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record :
        TestEvents.readCommitted(bootstrap, source.topic())) {
      published.put(record.partition() + "@" + record.offset(), record);
    }
    Map<String, Record> rejects = new HashMap<>();
    for (Record reject : LakeRows.read(STACK.lake(), BronzeTables.rejects(source))) {
      rejects.put(
          reject.getField("_kafka_partition") + "@" + reject.getField("_kafka_offset"), reject);
    }
    List<ConsumerRecord<byte[], byte[]>> letters =
        TestEvents.readCommitted(bootstrap, source.deadLetterTopic());
    assertThat(letters).hasSameSizeAs(rejects.values());
    for (ConsumerRecord<byte[], byte[]> letter : letters) {
      String position =
          header(letter, "tributary.partition") + "@" + header(letter, "tributary.offset");
      ConsumerRecord<byte[], byte[]> original = published.get(position);
      assertThat(original).as("the record at " + position).isNotNull();
      assertThat(letter.key()).isEqualTo(original.key());
      assertThat(letter.value()).isEqualTo(original.value());
      assertThat(letter.timestamp()).isEqualTo(original.timestamp());
      assertThat(header(letter, "tributary.source")).isEqualTo(source.name());
      assertThat(Instant.ofEpochMilli(Long.parseLong(header(letter, "tributary.rejected_at"))))
          .isBetween(launched, Instant.now());
      Record reject = rejects.get(position);
      assertThat(reject).as("the rejects row of " + position).isNotNull();
      assertThat(header(letter, "tributary.reason")).isEqualTo(reject.getField("reason"));
      assertThat(reject.getField("payload"))
          .isEqualTo(original.value() == null ? null : new String(original.value(), UTF_8));
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), UTF_8);
  }
}
