package io.tributary.local;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Publishes raw test events to a topic and waits until Kafka acknowledged all of them. */
final class TestEvents {
  private TestEvents() {}

  static void publish(String bootstrap, String topic, List<String[]> keyedPayloads)
      throws Exception {
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
      List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
      for (String[] keyed : keyedPayloads) {
        byte[] key = keyed[0] == null ? null : keyed[0].getBytes(UTF_8);
        byte[] value = keyed[1] == null ? null : keyed[1].getBytes(UTF_8);
        acks.add(producer.send(new ProducerRecord<>(topic, key, value)));
      }
      for (java.util.concurrent.Future<?> ack : acks) {
        ack.get();
      }
    }
  }
}
