package io.tributary.stream.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Publishes raw test events to a topic, and reads a topic's committed records back. */
public final class TestEvents {
  private TestEvents() {}

  /**
   * One Kafka record as a test writes it; a null payload is a tombstone. Partition and timestamp
   * are the producer's choice (key hash, now) unless given.
   */
  public record Event(String key, String payload, Integer partition, Long timestamp) {
    public Event(String key, String payload) {
      this(key, payload, null, null);
    }

    /** The same record, stamped in Kafka at {@code time}. */
    public Event at(java.time.Instant time) {
      return new Event(key, payload, partition, time.toEpochMilli());
    }

    /** The same record, sent to {@code partition}. */
    public Event to(int partition) {
      return new Event(key, payload, partition, timestamp);
    }
  }

  /** Publishes every event in order and returns once Kafka acknowledged all of them. */
  public static void publish(String bootstrap, String topic, List<Event> events) throws Exception {
    Properties properties = new Properties();
    properties.putAll(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.LINGER_MS_CONFIG,
            "5",
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ByteArraySerializer.class.getName(),
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ByteArraySerializer.class.getName()));
    try (Producer<byte[], byte[]> producer = new KafkaProducer<>(properties)) {
      List<Future<?>> acks = new ArrayList<>();
      for (Event event : events) {
        byte[] key = event.key() == null ? null : event.key().getBytes(UTF_8);
        byte[] value = event.payload() == null ? null : event.payload().getBytes(UTF_8);
        acks.add(
            producer.send(
                new ProducerRecord<>(topic, event.partition(), event.timestamp(), key, value)));
      }
      for (Future<?> ack : acks) {
        ack.get(30, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * Every committed record of {@code topic} (read_committed: records of aborted or open
   * transactions are not returned), from the beginning to the current end.
   */
  public static List<ConsumerRecord<byte[], byte[]>> readCommitted(String bootstrap, String topic) {
    Properties properties = new Properties();
    properties.putAll(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            "false",
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class.getName(),
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class.getName()));
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Could not read " + topic + " to its end in 30 s");
        }
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }
}
