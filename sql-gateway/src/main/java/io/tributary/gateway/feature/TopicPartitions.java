package io.tributary.gateway.feature;

import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.TributaryException;
import io.tributary.stream.kafka.KafkaConnection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** What a job judging lateness as the stream did needs of a topic: its partitions with events. */
final class TopicPartitions {
  private TopicPartitions() {}

  /** How many of the topic's partitions hold events now (the stream's watermark waits for each). */
  static int withEvents(KafkaConnection kafka, String topic) throws InterruptedException {
    try (Admin admin = Admin.create(kafka.clientProperties())) {
      Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get(30, TimeUnit.SECONDS)
          .get(topic)
          .partitions()
          .forEach(
              p -> {
                earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
                latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
              });
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts =
          admin.listOffsets(earliest).all().get(30, TimeUnit.SECONDS);
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
          admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
      return (int)
          ends.entrySet().stream()
              .filter(e -> e.getValue().offset() > starts.get(e.getKey()).offset())
              .count();
    } catch (ExecutionException | TimeoutException e) {
      throw new TributaryException(
          ErrorCode.UNAVAILABLE,
          "Cannot read the offsets of " + topic + " from Kafka: " + e.getMessage(),
          e);
    }
  }
}
