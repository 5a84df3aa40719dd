package io.tributary.infra.kinesis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.time.temporal.ChronoUnit.DAYS;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.catalog.LakeCatalog;
import io.tributary.catalog.LakeCatalogConfig;
import io.tributary.infra.local.PlatformProcess;
import io.tributary.stream.testkit.Examples;
import io.tributary.stream.testkit.Landed;
import io.tributary.stream.testkit.Orders;
import io.tributary.stream.testkit.TestEvents;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * A source on a Kinesis stream (kinesis-local, the real SDK): its records land in bronze exactly
 * once across a reshard (2 shards to 4) and a SIGKILL of the platform with its bridge in mid-round,
 * followed by a restart on the same data dir; malformed records are kept in rejects with their
 * reason; and in the log, each parent shard's records all come before its children's.
 */
class KinesisSourceIT {
  private static final Instant NOV_20 = Instant.parse("2026-11-20T00:00:00Z");
  private static final String STREAM = "orders-stream";

  @TempDir Path dataDir;
  @TempDir Path sources;
  @TempDir Path features;

  @Test
  void landsEveryRecordOnceAcrossAReshardAndAKillOfTheBridge() throws Exception {
    try (LocalKinesis kinesis = LocalKinesis.start(dataDir.resolve("kinesis-local.log"))) {
      kinesis.createStream(STREAM, 2);
      declareOrdersOnKinesis();
      Orders.Batch first = Orders.valid("first", 600, NOV_20, 2);
      // Kinesis carries no empty record: the other malformed kinds, each with its reason
      List<Orders.Malformed> malformed =
          Orders.malformed("first").stream()
              .filter(bad -> bad.event().payload() != null && !bad.event().payload().isEmpty())
              .toList();
      Orders.Batch second = Orders.valid("second", 3_000, NOV_20.plus(2, DAYS), 1);
      Orders.Batch whileDown = Orders.valid("down", 3_000, NOV_20.plus(3, DAYS), 1);
      Orders.Batch afterReshard = Orders.valid("resharded", 600, NOV_20.plus(4, DAYS), 1);

      try (PlatformProcess platform =
              PlatformProcess.start(
                  dataDir, features, Optional.of(sources), Optional.of(kinesis.endpoint()));
          LakeCatalog lake = LakeCatalog.open(LakeCatalogConfig.rest(platform.catalog()))) {
        List<TestEvents.Event> firstEvents = new ArrayList<>(first.events());
        firstEvents.addAll(Orders.events(malformed));
        put(kinesis, firstEvents);
        Landed.awaitOrders(lake, first);
        Landed.awaitRejects(lake, platform.kafkaBootstrap(), "orders", malformed);

        put(kinesis, second.events());
        // killed while the bridge moves the second batch, 1,000 records per shard and round: some
        // rounds committed, likely one open in Kafka, the rest not read yet
        platform.kill();
      }
      // while the bridge is down, the old shards get more records, then the stream is resharded
      // and the new shards get theirs: on restart, the parents must be finished first
      put(kinesis, whileDown.events());
      kinesis
          .client()
          .updateShardCount(
              r ->
                  r.streamName(STREAM)
                      .targetShardCount(4)
                      .scalingType(ScalingType.UNIFORM_SCALING));
      kinesis.awaitActive(STREAM);
      put(kinesis, afterReshard.events());

      try (PlatformProcess platform =
              PlatformProcess.start(
                  dataDir, features, Optional.of(sources), Optional.of(kinesis.endpoint()));
          LakeCatalog lake = LakeCatalog.open(LakeCatalogConfig.rest(platform.catalog()))) {
        long count = first.count() + second.count() + whileDown.count() + afterReshard.count();
        BigDecimal sum =
            first
                .sumOfAmounts()
                .add(second.sumOfAmounts())
                .add(whileDown.sumOfAmounts())
                .add(afterReshard.sumOfAmounts());
        Landed.awaitOrders(lake, count, sum);
        Landed.awaitRejects(lake, platform.kafkaBootstrap(), "orders", malformed);

        List<ConsumerRecord<byte[], byte[]>> log =
            TestEvents.readCommitted(platform.kafkaBootstrap(), "src.orders");
        assertThat(log).as("records in src.orders").hasSize((int) count + malformed.size());
        assertParentsBeforeChildren(kinesis, log);
      }
    }
  }

  private void declareOrdersOnKinesis() throws Exception {
    String orders = Files.readString(Examples.SOURCES.resolve("orders.yaml"));
    Files.writeString(
        sources.resolve("orders.yaml"),
        orders
            + "kinesis: {stream: "
            + STREAM
            // no endpoint: up --kinesis-endpoint points it at kinesis-local, as a profile would
            + ", region: us-east-1}\n");
  }

  /** Puts {@code events} in order, 250 per call, each keyed by its event's key. */
  private static void put(LocalKinesis kinesis, List<TestEvents.Event> events) {
    for (int from = 0; from < events.size(); from += 250) {
      List<PutRecordsRequestEntry> entries =
          events.subList(from, Math.min(events.size(), from + 250)).stream()
              .map(
                  event ->
                      PutRecordsRequestEntry.builder()
                          .partitionKey(event.key())
                          .data(SdkBytes.fromString(event.payload(), UTF_8))
                          .build())
              .toList();
      PutRecordsResponse response =
          kinesis.client().putRecords(r -> r.streamName(STREAM).records(entries));
      assertThat(response.failedRecordCount()).as("records Kinesis refused").isZero();
    }
  }

  /**
   * In every Kafka partition, each parent shard's records all sit before any record of its
   * children: the bridge finished the parent before it read a child.
   */
  private static void assertParentsBeforeChildren(
      LocalKinesis kinesis, List<ConsumerRecord<byte[], byte[]>> log) {
    List<Shard> shards = kinesis.client().listShards(r -> r.streamName(STREAM)).shards();
    assertThat(shards).as("shards after the reshard").hasSizeGreaterThanOrEqualTo(6);
    Map<String, Map<Integer, long[]>> offsets = new HashMap<>(); // shard -> partition -> min, max
    for (ConsumerRecord<byte[], byte[]> record : log) {
      String shard = new String(record.headers().lastHeader("kinesis.shard").value(), UTF_8);
      long[] range =
          offsets
              .computeIfAbsent(shard, s -> new HashMap<>())
              .computeIfAbsent(record.partition(), p -> new long[] {Long.MAX_VALUE, -1});
      range[0] = Math.min(range[0], record.offset());
      range[1] = Math.max(range[1], record.offset());
    }
    int checked = 0;
    for (Shard child : shards) {
      for (String parent : new String[] {child.parentShardId(), child.adjacentParentShardId()}) {
        if (parent == null
            || !offsets.containsKey(parent)
            || !offsets.containsKey(child.shardId())) {
          continue;
        }
        for (Map.Entry<Integer, long[]> inPartition : offsets.get(child.shardId()).entrySet()) {
          long[] parentRange = offsets.get(parent).get(inPartition.getKey());
          if (parentRange != null) {
            assertThat(parentRange[1])
                .as("last offset of parent %s before child %s", parent, child.shardId())
                .isLessThan(inPartition.getValue()[0]);
            checked++;
          }
        }
      }
    }
    assertThat(checked).as("parent and child shards compared in a partition").isPositive();
  }
}
