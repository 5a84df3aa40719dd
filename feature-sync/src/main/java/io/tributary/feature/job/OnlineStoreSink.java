package io.tributary.feature.job;

import io.tributary.feature.dynamodb.OnlineStoreConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The feature job's writes into DynamoDB: conditional puts, sent asynchronously with a bounded
 * number in flight, where an unsent write of an item is replaced by a newer one of the same item
 * (so a store slower than the job costs freshness, not throughput: each item gets its newest state
 * when its turn comes), throttled puts retried with backoff, and every write finished before a
 * checkpoint completes, so a crash loses none. The only state a writer keeps is how many writes it
 * let newer ones replace, so that the group's stats count the puts the store took.
 *
 * <p>Written here rather than on Flink's async sink base or its DynamoDB connector: the connector
 * has no release for Flink 2.x here and writes BatchWriteItem, which cannot carry the version
 * condition, and the sink base queues every request entry, so it cannot let a newer write of an
 * item take the place of an unsent older one.
 */
final class OnlineStoreSink implements Sink<FeatureWrite>, SupportsWriterState<FeatureWrite, Long> {
  private static final long serialVersionUID = 1L;

  /** Puts in flight at once per writer task. */
  static final int MAX_IN_FLIGHT = 64;

  /** Unsent writes a task holds (bytes, as DynamoDB counts them) before it stops taking more. */
  static final long MAX_PENDING_BYTES = 64L * 1024 * 1024;

  private final OnlineStoreConfig config;

  OnlineStoreSink(OnlineStoreConfig config) {
    this.config = config;
  }

  @Override
  public StatefulSinkWriter<FeatureWrite, Long> createWriter(WriterInitContext context) {
    return restoreWriter(context, List.of());
  }

  @Override
  public StatefulSinkWriter<FeatureWrite, Long> restoreWriter(
      WriterInitContext context, Collection<Long> superseded) {
    // after a rescale a writer may get several writers' counts: their sum is still the job's
    long total = superseded.stream().mapToLong(Long::longValue).sum();
    return new OnlineStoreWriter(context, config, MAX_IN_FLIGHT, MAX_PENDING_BYTES, total);
  }

  @Override
  public SimpleVersionedSerializer<Long> getWriterStateSerializer() {
    return new CountSerializer();
  }

  /** A writer's count of superseded writes. */
  static final class CountSerializer implements SimpleVersionedSerializer<Long> {
    @Override
    public int getVersion() {
      return 1;
    }

    @Override
    public byte[] serialize(Long count) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(8);
      new DataOutputStream(bytes).writeLong(count);
      return bytes.toByteArray();
    }

    @Override
    public Long deserialize(int version, byte[] serialized) throws IOException {
      return new DataInputStream(new ByteArrayInputStream(serialized)).readLong();
    }
  }
}
