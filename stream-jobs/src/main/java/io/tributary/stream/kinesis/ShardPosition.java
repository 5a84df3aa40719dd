package io.tributary.stream.kinesis;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * How far the bridge has moved one shard into Kafka: the sequence number of the last record it
 * committed, and whether the shard is finished (closed by a reshard and read to its end).
 *
 * @param sequence the last committed record's sequence number; empty before the first record
 * @param finished the shard is closed and every record of it is in Kafka
 */
public record ShardPosition(Optional<String> sequence, boolean finished) {
  public ShardPosition {
    requireNonNull(sequence, "sequence is null");
  }

  /** A shard of which nothing is committed yet. */
  public static final ShardPosition NONE = new ShardPosition(Optional.empty(), false);

  /** This position after {@code lastSequence} was committed. */
  public ShardPosition after(String lastSequence) {
    return new ShardPosition(Optional.of(lastSequence), finished);
  }

  /** This position with the shard read to its end. */
  public ShardPosition asFinished() {
    return new ShardPosition(sequence, true);
  }
}
