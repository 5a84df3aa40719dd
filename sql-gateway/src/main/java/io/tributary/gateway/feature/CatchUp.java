package io.tributary.gateway.feature;

import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.TributaryException;
import io.tributary.stream.kafka.KafkaConnection;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether a new generation's job has caught up with the log as it was when the generation started:
 * its consumer group's committed offsets (committed when a checkpoint completes, which is after
 * every write before it has reached the store) have reached the end offsets taken then.
 */
final class CatchUp {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final KafkaConnection kafka;
  private final String topic;
  private final Map<TopicPartition, Long> target;

  private CatchUp(KafkaConnection kafka, String topic, Map<TopicPartition, Long> target) {
    this.kafka = kafka;
    this.topic = topic;
    this.target = target;
  }

  /** The end of {@code topic} now: what a generation started now must reach. */
  static CatchUp toEndOf(KafkaConnection kafka, String topic) throws InterruptedException {
    try (Admin admin = admin(kafka)) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      admin
          .describeTopics(java.util.List.of(topic))
          .allTopicNames()
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .get(topic)
          .partitions()
          .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      Map<TopicPartition, Long> ends = new HashMap<>();
      admin
          .listOffsets(latest)
          .all()
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .forEach((partition, info) -> ends.put(partition, info.offset()));
      return new CatchUp(kafka, topic, ends);
    } catch (ExecutionException | TimeoutException e) {
      throw unreachable(topic, e);
    }
  }

  /** Records still to read before {@code consumerGroup} has caught up; 0 when it has. */
  long remaining(String consumerGroup) throws InterruptedException {
    try (Admin admin = admin(kafka)) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(consumerGroup)
              .partitionsToOffsetAndMetadata()
              .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      long remaining = 0;
      for (Map.Entry<TopicPartition, Long> end : target.entrySet()) {
        OffsetAndMetadata at = committed.get(end.getKey());
        remaining += Math.max(0, end.getValue() - (at == null ? 0 : at.offset()));
      }
      return remaining;
    } catch (ExecutionException | TimeoutException e) {
      throw unreachable(topic, e);
    }
  }

  private static Admin admin(KafkaConnection kafka) {
    Properties properties = kafka.clientProperties();
    properties.put("default.api.timeout.ms", (int) TIMEOUT.toMillis());
    properties.put("request.timeout.ms", (int) TIMEOUT.toMillis());
    return Admin.create(properties);
  }

  private static TributaryException unreachable(String topic, Exception e) {
    return new TributaryException(
        ErrorCode.EXTERNAL_FAILURE,
        "Cannot read the offsets of topic " + topic + " from Kafka: " + e.getMessage(),
        e);
  }
}
