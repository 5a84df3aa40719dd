package io.tributary.stream.landing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Writes a dead letter to {@code dlq.<name>} the way Kafka Connect does: the original key and
 * payload bytes untouched (so the record can be fixed and re-published), and the context in
 * headers: {@code tributary.reason}, {@code tributary.source}, {@code tributary.partition}, {@code
 * tributary.offset}, {@code tributary.rejected_at} (epoch millis).
 */
final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {
  static final String REASON = "tributary.reason";
  static final String SOURCE = "tributary.source";
  static final String PARTITION = "tributary.partition";
  static final String OFFSET = "tributary.offset";
  static final String REJECTED_AT = "tributary.rejected_at";

  private final String topic;

  DeadLetterSerializer(String topic) {
    this.topic = requireNonNull(topic, "topic is null");
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      DeadLetter letter, KafkaSinkContext context, Long timestamp) {
    List<Header> headers =
        List.of(
            header(REASON, letter.reason),
            header(SOURCE, letter.source),
            header(PARTITION, Integer.toString(letter.partition)),
            header(OFFSET, Long.toString(letter.offset)),
            header(REJECTED_AT, Long.toString(letter.rejectedAt)));
    return new ProducerRecord<>(
        topic, null, letter.kafkaTimestamp, letter.key, letter.payload, headers);
  }

  private static Header header(String key, String value) {
    return new RecordHeader(key, value.getBytes(UTF_8));
  }
}
