package io.tributary.stream.source.internal;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Keeps every record whole, bytes and position, so validation can decide and dead letters keep it.
 */
public final class KafkaRecordDeserializer
    implements KafkaRecordDeserializationSchema<KafkaRecord> {
  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<KafkaRecord> out) {
    out.collect(
        new KafkaRecord(
            record.partition(), record.offset(), record.timestamp(), record.key(), record.value()));
  }

  @Override
  public TypeInformation<KafkaRecord> getProducedType() {
    return TypeInformation.of(KafkaRecord.class);
  }
}
