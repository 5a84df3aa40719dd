package io.tributary.infra.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.infra.local.LakeRows;
import io.tributary.infra.local.LocalPlatform;
import io.tributary.infra.local.TestEvents;
import io.tributary.infra.local.TestEvents.Event;
import io.tributary.infra.local.TestPlatforms;
import io.tributary.stream.replay.DayReplay;
import io.tributary.stream.replay.ReplayException;
import io.tributary.stream.replay.ReplayReport;
import java.nio.file.Path;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * A replay never writes a partial day: when retention has removed the part of the log where a day's
 * events start, the replay refuses, names the earliest time still available, and leaves the target
 * as it was; a later day that the log still holds whole replays.
 */
class ReplayRetentionIT {
  private static final LocalDate DAY1 = LocalDate.now(ZoneOffset.UTC).minusDays(6);
  private static final LocalDate DAY2 = DAY1.plusDays(1);
  private static final TableIdentifier BIG_ORDERS = TableIdentifier.of("silver", "big_orders");

  @TempDir Path dataDir;

  @Test
  void refusesADayWhoseStartRetentionRemovedAndReplaysOneTheLogStillHolds() throws Exception {
    try (LocalPlatform platform =
        LocalPlatform.start(
            TestPlatforms.config(dataDir).withPipelines(List.of(TestPlatforms.EXAMPLE_PIPELINES)),
            line -> {})) {
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
      TestEvents.publish(platform.kafkaBootstrap(), "src.orders", events);
      long day1Orders = events.stream().filter(e -> day(e).equals(DAY1)).count();
      long day2Orders = events.stream().filter(e -> day(e).equals(DAY2)).count();
      TestPlatforms.awaitCount(platform.lake(), BIG_ORDERS, events.size());

      // as if the topic kept three days and its retention had removed what came before 01:00
      Instant cut = DAY1.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(3600);
      keepThreeDays(platform.kafkaBootstrap());
      Instant earliestLeft = deleteRecordsBefore(platform.kafkaBootstrap(), cut);

      assertThatThrownBy(() -> replay(platform, DAY1))
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
      assertThat(rowsOf(platform, DAY1)).as("day 1 as the stream wrote it").isEqualTo(day1Orders);

      // the stream's watermark is at 22:30 on day 2: it has not finished the day
      String stream = platform.jobs().get("pipeline-big_orders").id().toHexString();
      assertThatThrownBy(
              () ->
                  replayer(platform)
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
      Instant day3 =
          DAY2.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(3 * 3600);
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
      TestEvents.publish(platform.kafkaBootstrap(), "src.orders", closing);
      ReplayReport day2 = replayer(platform).streamingJob(Optional.of(stream)).build().replay(DAY2);
      assertThat(day2.rowsWritten()).isEqualTo(day2Orders);
      assertThat(rowsOf(platform, DAY2)).isEqualTo(day2Orders);
    }
  }

  private static ReplayReport replay(LocalPlatform platform, LocalDate day)
      throws InterruptedException {
    return replayer(platform).build().replay(day);
  }

  private static DayReplay.Builder replayer(LocalPlatform platform) {
    return DayReplay.builder()
        .pipeline(platform.pipelines().get("big_orders"))
        .sources(platform.sources().all())
        .kafka(platform.kafka())
        .lake(platform.lake())
        .flinkRest(platform.flinkRest());
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

  private static long rowsOf(LocalPlatform platform, LocalDate day) {
    return LakeRows.read(platform.lake(), BIG_ORDERS).stream()
        .filter(r -> day.toString().equals(r.getField("ds")))
        .count();
  }
}
