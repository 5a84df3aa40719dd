package io.tributary.stream.kinesis;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.stream.kafka.KafkaConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The bridge's shard positions in a compacted Kafka topic of one partition, keyed by shard id, and
 * written in the same transaction as the records they account for: what is committed there is
 * exactly what is committed in the source's topic. Read back with {@code read_committed}, so an
 * aborted transaction's positions are never seen.
 *
 * <p>One more key, {@value #START_KEY}, holds when the bridge first started, the instant that
 * {@code start: latest} means: a shard that no position names yet is read from that instant, so a
 * restart before the first commit skips nothing.
 */
final class BridgePositions {
  static final String START_KEY = "_start";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /**
   * What the topic holds.
   *
   * @param shards each shard's committed position
   * @param startedAt when the bridge first started, if it recorded it
   */
  record Committed(Map<String, ShardPosition> shards, Optional<Instant> startedAt) {}

  private final KafkaConnection kafka;
  private final String topic;

  BridgePositions(KafkaConnection kafka, String topic) {
    this.kafka = kafka;
    this.topic = topic;
  }

  String topic() {
    return topic;
  }

  /** Creates the topic (compacted, one partition) unless it exists. */
  void ensureTopic() throws InterruptedException {
    try (Admin admin = Admin.create(kafka.clientProperties())) {
      if (admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).contains(topic)) {
        return;
      }
      NewTopic positions =
          new NewTopic(topic, Optional.of(1), Optional.empty())
              .configs(
                  Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
      admin.createTopics(List.of(positions)).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException(
            "Cannot create the Kinesis bridge's position topic " + topic + ": " + e.getCause(),
            e.getCause());
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "Kafka did not answer within " + TIMEOUT.toSeconds() + " s creating topic " + topic, e);
    }
  }

  /** Every committed position, read to the end of what is committed. */
  Committed read() {
    Properties properties = kafka.clientProperties();
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    Map<String, ShardPosition> shards = new HashMap<>();
    Instant startedAt = null;
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition), TIMEOUT).get(partition);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (consumer.position(partition, TIMEOUT) < end) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Cannot read the Kinesis bridge's positions from " + topic + " within 30 s");
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          String key = new String(record.key(), UTF_8);
          JsonNode value = parse(record.value());
          if (key.equals(START_KEY)) {
            startedAt = Instant.ofEpochMilli(value.path("at").asLong());
          } else {
            shards.put(key, position(value));
          }
        }
      }
    }
    return new Committed(Map.copyOf(shards), Optional.ofNullable(startedAt));
  }

  /** The record that commits {@code position} of {@code shard}. */
  ProducerRecord<byte[], byte[]> record(String shard, ShardPosition position) {
    ObjectNode value = JSON.createObjectNode();
    position.sequence().ifPresent(sequence -> value.put("sequence", sequence));
    value.put("finished", position.finished());
    return new ProducerRecord<>(topic, 0, shard.getBytes(UTF_8), bytes(value));
  }

  /** The record that keeps when the bridge first started. */
  ProducerRecord<byte[], byte[]> startRecord(Instant at) {
    ObjectNode value = JSON.createObjectNode().put("at", at.toEpochMilli());
    return new ProducerRecord<>(topic, 0, START_KEY.getBytes(UTF_8), bytes(value));
  }

  private static ShardPosition position(JsonNode value) {
    JsonNode sequence = value.get("sequence");
    return new ShardPosition(
        sequence == null ? Optional.empty() : Optional.of(sequence.asText()),
        value.path("finished").asBoolean(false));
  }

  private JsonNode parse(byte[] value) {
    try {
      return JSON.readTree(value);
    } catch (IOException e) {
      throw new IllegalStateException(
          "Topic " + topic + " holds a position that is not JSON; it is the bridge's own topic", e);
    }
  }

  private static byte[] bytes(ObjectNode value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
