package io.tributary.stream.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.stream.job.LaunchedJob;
import io.tributary.stream.pipeline.Pipelines;
import io.tributary.stream.source.Sources;
import io.tributary.stream.testkit.Examples;
import io.tributary.stream.testkit.LakeRows;
import io.tributary.stream.testkit.Landed;
import io.tributary.stream.testkit.TestEvents;
import io.tributary.stream.testkit.TestEvents.Event;
import io.tributary.stream.testkit.TestStack;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A replay never writes a partial day: when retention has removed the part of the log where a day's
 * events start, the replay refuses, names the earliest time still available, and leaves the target
 * as it was; a later day that the log still holds whole replays.
 */
class ReplayRetentionIT {
  private static final LocalDate DAY1 = LocalDate.now(ZoneOffset.UTC).minusDays(6);
  private static final LocalDate DAY2 = DAY1.plusDays(1);
  private static final TableIdentifier BIG_ORDERS = TableIdentifier.of("silver", "big_orders");

  @RegisterExtension static final TestStack STACK = new TestStack();
  private static final Sources SOURCES = Examples.sources();
  private static final Pipelines PIPELINES = Examples.pipelines();

  @Test
  void refusesADayWhoseStartRetentionRemovedAndReplaysOneTheLogStillHolds() throws Exception {
    STACK.broker().createTopics(SOURCES.all());
    Map<String, LaunchedJob> streaming = STACK.launchPipelines(SOURCES.all(), PIPELINES.all());
    // one big order every 30 minutes from 22:00 before day 1 to the end of day 2, stamped in
    // Kafka when it happened
    List<Event> events = new ArrayList<>();
    Instant first = DAY1.atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(2 * 3600);
    for (int i = 0; i < 100; i++) {
      Instant at = first.plusSeconds(1800L * i);
      String id = "r-" + i;
      events.add(
          new Event(
                  id,
                  "{\"order_id\":\""
                      + id
                      + "\",\"restaurant_id\":\"r-1\",\"amount\":25.00,\"event_time\":\""
                      + at
                      + "\"}")
              .at(at));
    }
    TestEvents.publish(STACK.broker().bootstrapServers(), "src.orders", events);
    long day1Orders = events.stream().filter(e -> day(e).equals(DAY1)).count();
    long day2Orders = events.stream().filter(e -> day(e).equals(DAY2)).count();
    Landed.awaitCount(STACK.lake(), BIG_ORDERS, events.size());

    // as if the topic kept three days and its retention had removed what came before 01:00
    Instant cut = DAY1.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(3600);
    keepThreeDays(STACK.broker().bootstrapServers());
    Instant earliestLeft = deleteRecordsBefore(STACK.broker().bootstrapServers(), cut);

    assertThatThrownBy(() -> replay(DAY1))
        .isInstanceOf(ReplayException.class)
        .hasMessageContaining(
            "Cannot replay pipeline big_orders for "
                + DAY1
                + ": topic src.orders (source orders) no longer holds the start of that day")
        .hasMessageContaining("(older records were removed by retention)")
        .hasMessageContaining(
            "the earliest time still available is "
                + earliestLeft
                + ", while the day needs the log from "
                + DAY1.atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(3600))
        .hasMessageEndingWith("Nothing was written.");
    assertThat(rowsOf(DAY1)).as("day 1 as the stream wrote it").isEqualTo(day1Orders);

    // the stream's watermark is at 22:30 on day 2: it has not finished the day
    String stream = streaming.get("big_orders").id().toHexString();
    assertThatThrownBy(
            () ->
                replayer()
                    .streamingJob(Optional.of(stream))
                    .streamWait(Duration.ofSeconds(3))
                    .build()
                    .replay(DAY2))
        .isInstanceOf(ReplayException.class)
        .hasMessageContaining(
            "Cannot replay pipeline big_orders for "
                + DAY2
                + " yet: its streaming job "
                + stream
                + " has not finished the day")
        .hasMessageContaining(
            "it must pass "
                + DAY2.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(3600));

    // an order at 03:00 on day 3, in each partition, moves the stream past day 2
    Instant day3 = DAY2.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(3 * 3600);
    List<Event> closing = new ArrayList<>();
    for (int p = 0; p < 2; p++) {
      String id = "closing-" + p;
      closing.add(
          new Event(
                  id,
                  "{\"order_id\":\"" + id + "\",\"amount\":1.00,\"event_time\":\"" + day3 + "\"}")
              .at(day3)
              .to(p));
    }
    TestEvents.publish(STACK.broker().bootstrapServers(), "src.orders", closing);
    ReplayReport day2 = replayer().streamingJob(Optional.of(stream)).build().replay(DAY2);
    assertThat(day2.rowsWritten()).isEqualTo(day2Orders);
    assertThat(rowsOf(DAY2)).isEqualTo(day2Orders);
  }

  private static ReplayReport replay(LocalDate day) throws InterruptedException {
    return replayer().build().replay(day);
  }

  private static DayReplay.Builder replayer() {
    return DayReplay.builder()
        .pipeline(PIPELINES.get("big_orders"))
        .sources(SOURCES.all())
        .kafka(STACK.kafka())
        .lake(STACK.lake())
        .flinkRest(STACK.flinkRest());
  }

  private static void keepThreeDays(String bootstrap) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "src.orders");
      AlterConfigOp retention =
          new AlterConfigOp(
              new ConfigEntry(
                  TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(3).toMillis())),
              AlterConfigOp.OpType.SET);
      admin
          .incrementalAlterConfigs(Map.of(topic, List.of(retention)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  /**
   * Deletes, in every partition of src.orders, the records stamped before {@code cut}, as retention
   * would; returns from when on the log is whole: the latest of the partitions' first timestamps.
   */
  private static Instant deleteRecordsBefore(String bootstrap, Instant cut) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      for (int p = 0; p < 2; p++) {
        request.put(
            new TopicPartition("src.orders", p), OffsetSpec.forTimestamp(cut.toEpochMilli()));
      }
      Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
      long whole = Long.MIN_VALUE;
      for (var entry : admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).entrySet()) {
        delete.put(entry.getKey(), RecordsToDelete.beforeOffset(entry.getValue().offset()));
        if (entry.getValue().offset() > 0) {
          whole = Math.max(whole, entry.getValue().timestamp());
        }
      }
      admin.deleteRecords(delete).all().get(30, TimeUnit.SECONDS);
      return Instant.ofEpochMilli(whole);
    }
  }

  private static LocalDate day(Event event) {
    return Instant.ofEpochMilli(event.timestamp()).atZone(ZoneOffset.UTC).toLocalDate();
  }

  private static long rowsOf(LocalDate day) {
    return LakeRows.read(STACK.lake(), BIG_ORDERS).stream()
        .filter(r -> day.toString().equals(r.getField("ds")))
        .count();
  }
}
