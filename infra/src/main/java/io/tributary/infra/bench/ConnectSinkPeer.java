package io.tributary.infra.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What a user would run to land the orders topic with Iceberg's Kafka Connect sink instead of
 * Tributary: schemaless JSON into a table of bronze's Parquet settings, partitioned by day, bad
 * records (those the JSON converter refuses) sent to a dead-letter topic with the error in its
 * headers, as Connect's own error handling offers, and commits at a fixed interval, the sink's only
 * way to commit.
 *
 * <p>The table is partitioned by {@code day(event_time)}, Iceberg's hidden partitioning: the sink
 * writes the fields an event has and cannot derive a {@code ds} column from {@code event_time} as
 * Flink SQL does; the files per day are the same.
 */
final class ConnectSinkPeer {
  /**
   * One run: its time from the connector's creation until the table held every row the sink should
   * write, the rows committed, what went to the dead-letter topic, and why it stopped short if it
   * did.
   */
  record Run(Duration took, long rows, DeadLetters deadLetters, Optional<String> failure) {}

  /** What the dead-letter topic holds: its records, and the distinct events among them. */
  record DeadLetters(long records, long events) {}

  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.optional(1, "order_id", Types.StringType.get()),
          Types.NestedField.optional(2, "customer_id", Types.StringType.get()),
          Types.NestedField.optional(3, "restaurant_id", Types.StringType.get()),
          Types.NestedField.optional(4, "dish", Types.StringType.get()),
          Types.NestedField.optional(5, "amount", Types.DecimalType.of(10, 2)),
          Types.NestedField.optional(6, "event_time", Types.TimestampType.withZone()));

  private ConnectSinkPeer() {}

  /**
   * Lands {@code topic} into {@code lake.bronze.<table>} through a new connector on {@code sink}
   * and waits until it holds {@code expectedRows}.
   */
  static Run run(
      BenchStack stack,
      IcebergConnectSink sink,
      String topic,
      String table,
      int tasks,
      Duration commitInterval,
      long expectedRows)
      throws Exception {
    TableIdentifier id = TableIdentifier.of("bronze", table);
    stack
        .lake()
        .createTableIfMissing(
            id,
            SCHEMA,
            PartitionSpec.builderFor(SCHEMA).day("event_time").build(),
            Map.of(
                "format-version", "2",
                "write.parquet.compression-codec", "zstd",
                "write.parquet.page-size-bytes", "65536"));
    String connector = table.replace('_', '-');
    String control = connector + "-control";
    String deadLetters = connector + "-dead-letters";
    stack.createTopic(control, 1);
    Map<String, String> config = new LinkedHashMap<>();
    config.put("connector.class", "org.apache.iceberg.connect.IcebergSinkConnector");
    config.put("tasks.max", Integer.toString(tasks));
    config.put("topics", topic);
    config.put("iceberg.tables", id.toString());
    stack
        .lake()
        .config()
        .icebergProperties()
        .forEach((key, value) -> config.put("iceberg.catalog." + key, value));
    config.put("iceberg.control.topic", control);
    config.put("iceberg.control.commit.interval-ms", Long.toString(commitInterval.toMillis()));
    config.put("errors.tolerance", "all");
    config.put("errors.deadletterqueue.topic.name", deadLetters);
    config.put("errors.deadletterqueue.topic.replication.factor", "1");
    config.put("errors.deadletterqueue.context.headers.enable", "true");
    IcebergConnectSink.Outcome outcome =
        sink.run(
            connector,
            config,
            () -> stack.committedRows(id),
            expectedRows,
            Duration.ofMinutes(2).plusMillis(expectedRows / 10));
    return new Run(
        outcome.took(), outcome.rows(), deadLetters(stack, deadLetters), outcome.failure());
  }

  /**
   * The records in the dead-letter topic, and how many distinct source events they are (by the
   * partition and offset Connect's context headers name); none when Connect never created it.
   */
  private static DeadLetters deadLetters(BenchStack stack, String topic) throws Exception {
    try (Admin admin = stack.kafka().admin()) {
      if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
        return new DeadLetters(0, 0);
      }
    }
    Properties properties = stack.kafka().connection().clientProperties();
    properties.put(
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    properties.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    long total = 0;
    Set<String> events = new HashSet<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Cannot read dead-letter topic " + topic + " to its end");
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          total++;
          events.add(
              header(record, "__connect.errors.partition")
                  + "@"
                  + header(record, "__connect.errors.offset"));
        }
      }
    }
    return new DeadLetters(total, events.size());
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? "?" : new String(header.value(), StandardCharsets.UTF_8);
  }
}
