package io.tributary.feature.job;

import io.tributary.feature.dynamodb.OnlineStoreConfig;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.AsyncSinkBase;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriterStateSerializer;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The feature job's writes into DynamoDB, on Flink's async sink base: batches of conditional puts
 * sent asynchronously with a bounded number of requests in flight, throttled entries retried under
 * its AIMD rate limiting, and every buffered or in-flight write finished before a checkpoint
 * completes (unsent ones are kept in the checkpoint), so a crash loses none. Flink's own DynamoDB
 * connector, built the same way, has no release for Flink 2.x here, and it writes BatchWriteItem,
 * which cannot carry the version condition.
 */
final class OnlineStoreSink extends AsyncSinkBase<FeatureWrite, FeatureWrite> {
  private static final long serialVersionUID = 1L;

  static final int MAX_BATCH_SIZE = 25;
  static final int MAX_IN_FLIGHT_REQUESTS = 8;
  // small, so that a store that lags pushes back within a second or so (and the aggregator widens
  // its coalescing) rather than queueing tens of seconds of writes
  static final int MAX_BUFFERED_REQUESTS = 500;
  static final long MAX_BATCH_BYTES = 4L * 1024 * 1024;
  static final long MAX_RECORD_BYTES = 400L * 1024;

  private final OnlineStoreConfig config;

  /**
   * @param maxTimeInBufferMillis how long a write may wait for its batch to fill
   */
  OnlineStoreSink(OnlineStoreConfig config, long maxTimeInBufferMillis) {
    super(
        (write, context) -> write,
        MAX_BATCH_SIZE,
        MAX_IN_FLIGHT_REQUESTS,
        MAX_BUFFERED_REQUESTS,
        MAX_BATCH_BYTES,
        maxTimeInBufferMillis,
        MAX_RECORD_BYTES);
    this.config = config;
  }

  @Override
  public StatefulSinkWriter<FeatureWrite, BufferedRequestState<FeatureWrite>> createWriter(
      WriterInitContext context) {
    return restoreWriter(context, List.of());
  }

  @Override
  public StatefulSinkWriter<FeatureWrite, BufferedRequestState<FeatureWrite>> restoreWriter(
      WriterInitContext context, Collection<BufferedRequestState<FeatureWrite>> recovered) {
    return new OnlineStoreWriter(
        getElementConverter(),
        context,
        config,
        getMaxBatchSize(),
        getMaxInFlightRequests(),
        getMaxBufferedRequests(),
        getMaxBatchSizeInBytes(),
        getMaxTimeInBufferMS(),
        getMaxRecordSizeInBytes(),
        recovered);
  }

  @Override
  public SimpleVersionedSerializer<BufferedRequestState<FeatureWrite>> getWriterStateSerializer() {
    return new StateSerializer();
  }

  /** Unsent writes in a checkpoint. */
  static final class StateSerializer extends AsyncSinkWriterStateSerializer<FeatureWrite> {
    @Override
    protected void serializeRequestToStream(FeatureWrite request, DataOutputStream out)
        throws IOException {
      request.writeTo(out);
    }

    @Override
    protected FeatureWrite deserializeRequestFromStream(long requestSize, DataInputStream in)
        throws IOException {
      return FeatureWrite.readFrom(in);
    }

    @Override
    public int getVersion() {
      return 1;
    }
  }
}
