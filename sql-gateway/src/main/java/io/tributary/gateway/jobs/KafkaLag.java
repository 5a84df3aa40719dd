package io.tributary.gateway.jobs;

import io.tributary.stream.kafka.KafkaConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A consumer group's lag per partition: records between its committed offset and the end of the
 * log, and how old the first record it has not consumed is (the time it is behind).
 */
final class KafkaLag {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final KafkaConnection kafka;
  private final Clock clock;

  KafkaLag(KafkaConnection kafka, Clock clock) {
    this.kafka = kafka;
    this.clock = clock;
  }

  List<JobView.PartitionLag> of(String group, String topic)
      throws InterruptedException, ExecutionException, TimeoutException {
    Properties properties = kafka.clientProperties();
    properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    try (Admin admin = Admin.create(properties)) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      List<TopicPartition> partitions =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .get(topic)
              .partitions()
              .stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .sorted(Comparator.comparingInt(TopicPartition::partition))
              .toList();
      Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
      partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
      Map<TopicPartition, ListOffsetsResultInfo> ends =
          admin.listOffsets(latest).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      List<JobView.PartitionLag> lags = new ArrayList<>();
      KafkaConsumer<byte[], byte[]> consumer = null; // opened once some partition lags
      try {
        for (TopicPartition partition : partitions) {
          OffsetAndMetadata at = committed.get(partition);
          long position = at == null ? 0 : at.offset();
          long records = Math.max(0, ends.get(partition).offset() - position);
          Optional<Duration> behind = Optional.of(Duration.ZERO);
          if (records > 0) {
            consumer = consumer == null ? consumer() : consumer;
            behind = behind(consumer, partition, position);
          }
          lags.add(new JobView.PartitionLag(topic, partition.partition(), records, behind));
        }
      } finally {
        if (consumer != null) {
          consumer.close();
        }
      }
      return lags;
    }
  }

  /** How old the first record of {@code partition} not yet consumed is. */
  private Optional<Duration> behind(
      KafkaConsumer<byte[], byte[]> consumer, TopicPartition partition, long position) {
    consumer.assign(List.of(partition));
    consumer.seek(partition, position);
    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(TIMEOUT)) {
      Duration behind = Duration.between(Instant.ofEpochMilli(record.timestamp()), clock.instant());
      return Optional.of(behind.isNegative() ? Duration.ZERO : behind);
    }
    return Optional.empty();
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    Properties properties = kafka.clientProperties();
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
    properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return new KafkaConsumer<>(properties);
  }
}
