package io.tributary.stream.landing;

import io.tributary.stream.source.internal.KafkaRecord;
import java.util.Objects;

/**
 * A record that failed validation, with everything needed to understand and replay it: the raw
 * bytes, the reason, the source, and where it was in the log. A Flink POJO.
 */
final class DeadLetter {
  public String source;
  public int partition;
  public long offset;
  public long kafkaTimestamp;
  public byte[] key;
  public byte[] payload;
  public String reason;
  public long rejectedAt;

  public DeadLetter() {}

  DeadLetter(String source, KafkaRecord record, String reason, long rejectedAt) {
    this.source = source;
    this.partition = record.partition;
    this.offset = record.offset;
    this.kafkaTimestamp = record.timestamp;
    this.key = record.key;
    this.payload = record.value;
    this.reason = reason;
    this.rejectedAt = rejectedAt;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeadLetter other
        && Objects.equals(source, other.source)
        && partition == other.partition
        && offset == other.offset;
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, partition, offset);
  }

  @Override
  public String toString() {
    return "DeadLetter{" + source + " " + partition + "@" + offset + ": " + reason + "}";
  }
}
