package io.tributary.stream.source.internal;

import java.util.Arrays;
import java.util.Objects;

/**
 * One Kafka record as landing receives it: where it sits in the log and its raw bytes. A Flink POJO
 * (public fields, no-argument constructor) so it is serialized without Kryo.
 */
public final class KafkaRecord {
  public int partition;
  public long offset;
  public long timestamp;
  public byte[] key;
  public byte[] value;

  public KafkaRecord() {}

  public KafkaRecord(int partition, long offset, long timestamp, byte[] key, byte[] value) {
    this.partition = partition;
    this.offset = offset;
    this.timestamp = timestamp;
    this.key = key;
    this.value = value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KafkaRecord other
        && partition == other.partition
        && offset == other.offset
        && timestamp == other.timestamp
        && Arrays.equals(key, other.key)
        && Arrays.equals(value, other.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(partition, offset);
  }

  @Override
  public String toString() {
    return "KafkaRecord{" + partition + "@" + offset + "}";
  }
}
