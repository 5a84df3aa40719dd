package io.tributary.feature.job;

import io.tributary.feature.dynamodb.ItemLayout;
import io.tributary.feature.dynamodb.OnlineStore;
import io.tributary.feature.dynamodb.OnlineStoreConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriter;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.ResultHandler;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.metrics.Counter;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * Sends one batch of the feature job's writes as concurrent conditional puts (BatchWriteItem has no
 * conditions). A put refused because the store holds a newer version is done, not failed: that is
 * the condition doing its work. Throttled puts and server errors are retried; anything else fails
 * the job with DynamoDB's message, since it means an item the platform built is wrong.
 */
final class OnlineStoreWriter extends AsyncSinkWriter<FeatureWrite, FeatureWrite> {
  private final String table;
  private final DynamoDbAsyncClient client;
  private final Counter written;
  private final Counter refused;
  private final Counter retried;

  OnlineStoreWriter(
      ElementConverter<FeatureWrite, FeatureWrite> converter,
      WriterInitContext context,
      OnlineStoreConfig config,
      int maxBatchSize,
      int maxInFlightRequests,
      int maxBufferedRequests,
      long maxBatchSizeInBytes,
      long maxTimeInBufferMs,
      long maxRecordSizeInBytes,
      Collection<BufferedRequestState<FeatureWrite>> recovered) {
    super(
        converter,
        context,
        AsyncSinkWriterConfiguration.builder()
            .setMaxBatchSize(maxBatchSize)
            .setMaxBatchSizeInBytes(maxBatchSizeInBytes)
            .setMaxInFlightRequests(maxInFlightRequests)
            .setMaxBufferedRequests(maxBufferedRequests)
            .setMaxTimeInBufferMS(maxTimeInBufferMs)
            .setMaxRecordSizeInBytes(maxRecordSizeInBytes)
            .build(),
        recovered);
    this.table = config.table();
    this.client = OnlineStore.asyncClient(config, maxInFlightRequests * maxBatchSize);
    this.written = context.metricGroup().counter("tributaryFeatureWrites");
    this.refused = context.metricGroup().counter("tributaryFeatureWritesRefused");
    this.retried = context.metricGroup().counter("tributaryFeatureWritesRetried");
  }

  @Override
  protected void submitRequestEntries(
      List<FeatureWrite> entries, ResultHandler<FeatureWrite> result) {
    List<CompletableFuture<Outcome>> puts = new ArrayList<>(entries.size());
    for (FeatureWrite entry : entries) {
      puts.add(
          client.putItem(request(entry)).handle((response, failure) -> outcome(entry, failure)));
    }
    CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new))
        .whenComplete(
            (ignored, failure) -> {
              List<FeatureWrite> retry = new ArrayList<>();
              for (CompletableFuture<Outcome> put : puts) {
                Outcome outcome = put.join();
                if (outcome.fatal != null) {
                  result.completeExceptionally(outcome.fatal);
                  return;
                }
                if (outcome.retry) {
                  retry.add(outcome.entry);
                }
              }
              if (retry.isEmpty()) {
                result.complete();
              } else {
                retried.inc(retry.size());
                result.retryForEntries(retry);
              }
            });
  }

  private PutItemRequest request(FeatureWrite entry) {
    return entry.kind == FeatureWrite.STATS
        ? ItemLayout.statsPut(table, entry.group, entry.generation, entry.task, entry.toStats())
        : ItemLayout.put(table, entry.toItem());
  }

  private Outcome outcome(FeatureWrite entry, Throwable failure) {
    if (failure == null) {
      written.inc();
      return new Outcome(entry, false, null);
    }
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    if (ItemLayout.isRefused(cause)) {
      refused.inc();
      return new Outcome(entry, false, null);
    }
    if (ItemLayout.isThrottled(cause)) {
      return new Outcome(entry, true, null);
    }
    return new Outcome(
        entry,
        false,
        new IllegalStateException(
            "DynamoDB refused a write of feature group "
                + entry.group
                + " ("
                + (entry.kind == FeatureWrite.STATS
                    ? "stats"
                    : entry.entity + " part " + entry.part)
                + "): "
                + cause.getMessage(),
            cause));
  }

  @Override
  protected long getSizeInBytes(FeatureWrite entry) {
    return entry.sizeInBytes();
  }

  @Override
  public void close() {
    try {
      super.close();
    } finally {
      client.close();
    }
  }

  private record Outcome(FeatureWrite entry, boolean retry, Exception fatal) {}
}
