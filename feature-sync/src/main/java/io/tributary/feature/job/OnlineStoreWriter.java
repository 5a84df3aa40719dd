package io.tributary.feature.job;

import io.tributary.feature.dynamodb.ItemLayout;
import io.tributary.feature.dynamodb.OnlineStoreConfig;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * One task's writes into the online store (see {@link OnlineStoreSink}). Unsent writes wait in
 * arrival order, one per item: a newer write of an item replaces the unsent one in its place. A put
 * refused because the store holds a newer version is done, not failed: that is the condition doing
 * its work. Throttled puts and server errors are tried again after a backoff, unless a newer write
 * of the item is already waiting; anything else fails the job with DynamoDB's message, since it
 * means an item the platform built is wrong.
 *
 * <p>The stats a task writes count the items it emitted; this writer subtracts those it let newer
 * ones replace unsent (a count kept in its state), so that the stats count the puts the store took:
 * what a group costs in write requests.
 *
 * <p>Everything but the requests runs on the task's thread, the SDK's completions coming back
 * through the mailbox. The requests are built and handed to the SDK on a thread of their own: an
 * item's attribute map and the SDK's marshalling and signing cost about a third of what the task
 * thread did per event otherwise (measured with {@code bench features}).
 */
final class OnlineStoreWriter implements StatefulSinkWriter<FeatureWrite, Long> {
  private static final long MIN_BACKOFF_MS = 50;

  /**
   * Threads that build and hand over the requests: the SDK's marshalling and signing of one put
   * cost about half a millisecond of CPU, so one thread alone caps a task near 1,800 puts/s on the
   * reference machine. Two puts of one item sent by two threads may reach the store in either
   * order, which the version condition sorts out.
   */
  private static final int SENDERS = 2;

  private static final long MAX_BACKOFF_MS = 5_000;

  private final String table;
  private final DynamoDbAsyncClient client;
  private final MailboxExecutor mailbox;
  private final ExecutorService sender;
  private final ProcessingTimeService time;
  private final int maxInFlight;
  private final long maxPendingBytes;
  private final Map<String, FeatureWrite> pending = new LinkedHashMap<>();
  private final Counter written;
  private final Counter refused;
  private final Counter retried;
  private final Counter superseded;

  /** Item writes replaced unsent by newer ones, since the job first started. */
  private long supersededItems;

  private long pendingBytes;
  private int inFlight;
  private long backoffMillis;
  private long retryAt;
  private boolean retryScheduled;

  OnlineStoreWriter(
      WriterInitContext context,
      OnlineStoreConfig config,
      int maxInFlight,
      long maxPendingBytes,
      long supersededItems) {
    this.supersededItems = supersededItems;
    this.table = config.table();
    this.client = client(config, maxInFlight);
    this.mailbox = context.getMailboxExecutor();
    this.sender =
        Executors.newFixedThreadPool(
            SENDERS,
            runnable -> {
              Thread thread = new Thread(runnable, "online-store-sender");
              thread.setDaemon(true);
              return thread;
            });
    this.time = context.getProcessingTimeService();
    this.maxInFlight = maxInFlight;
    this.maxPendingBytes = maxPendingBytes;
    this.written = context.metricGroup().counter("tributaryFeatureWrites");
    this.refused = context.metricGroup().counter("tributaryFeatureWritesRefused");
    this.retried = context.metricGroup().counter("tributaryFeatureWritesRetried");
    this.superseded = context.metricGroup().counter("tributaryFeatureWritesSuperseded");
    context.metricGroup().gauge("tributaryFeatureWritesPending", pending::size);
  }

  @Override
  public void write(FeatureWrite write, Context context) throws InterruptedException {
    if (write.kind == FeatureWrite.STATS) {
      write.writes -= supersededItems;
    }
    FeatureWrite older = pending.put(write.key(), write);
    pendingBytes += write.sizeInBytes();
    if (older != null) {
      pendingBytes -= older.sizeInBytes();
      superseded.inc();
      if (write.kind == FeatureWrite.ITEM) {
        supersededItems++;
      }
    }
    send();
    // a store that stays behind holds back the job once a bounded amount is waiting
    while (pendingBytes > maxPendingBytes) {
      mailbox.yield();
      send();
    }
  }

  /** Waits until every write taken so far is in the store: a checkpoint completes only then. */
  @Override
  public void flush(boolean endOfInput) throws InterruptedException {
    send();
    while (!pending.isEmpty() || inFlight > 0) {
      mailbox.yield();
      send();
    }
  }

  private void send() {
    if (!pending.isEmpty() && time.getCurrentProcessingTime() < retryAt) {
      if (!retryScheduled) {
        retryScheduled = true;
        time.registerTimer(
            retryAt,
            at -> {
              retryScheduled = false;
              send();
            });
      }
      return;
    }
    Iterator<FeatureWrite> next = pending.values().iterator();
    while (inFlight < maxInFlight && next.hasNext()) {
      FeatureWrite write = next.next();
      next.remove();
      pendingBytes -= write.sizeInBytes();
      inFlight++;
      sender.execute(() -> put(write));
    }
  }

  /** On the sender's thread: the put, its outcome handed back to the task's thread. */
  private void put(FeatureWrite write) {
    CompletableFuture<?> put;
    try {
      put = client.putItem(request(write));
    } catch (RuntimeException e) {
      put = CompletableFuture.failedFuture(e);
    }
    put.whenComplete(
        (response, failure) -> {
          try {
            mailbox.execute(() -> completed(write, failure), "online store write");
          } catch (RejectedExecutionException closing) {
            // the task is closing; an unfinished write is redone from the last checkpoint
          }
        });
  }

  private void completed(FeatureWrite write, Throwable failure) {
    inFlight--;
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    if (cause == null) {
      written.inc();
      backoffMillis = 0;
    } else if (ItemLayout.isRefused(cause)) {
      refused.inc();
    } else if (ItemLayout.isThrottled(cause)) {
      retried.inc();
      backoffMillis = Math.min(MAX_BACKOFF_MS, Math.max(MIN_BACKOFF_MS, backoffMillis * 2));
      retryAt = time.getCurrentProcessingTime() + backoffMillis;
      if (pending.putIfAbsent(write.key(), write) == null) {
        pendingBytes += write.sizeInBytes();
      }
    } else {
      throw new IllegalStateException(
          "DynamoDB refused a write of feature group "
              + write.group
              + " ("
              + (write.kind == FeatureWrite.STATS ? "stats" : write.entity + " part " + write.part)
              + "): "
              + cause.getMessage(),
          cause);
    }
    send();
  }

  /**
   * The asynchronous client the writes go through: Netty, at most {@code maxConcurrency} at once.
   */
  private static DynamoDbAsyncClient client(OnlineStoreConfig config, int maxConcurrency) {
    var builder =
        DynamoDbAsyncClient.builder()
            .httpClientBuilder(
                NettyNioAsyncHttpClient.builder()
                    .maxConcurrency(maxConcurrency)
                    .connectionTimeout(Duration.ofSeconds(5)))
            .region(Region.of(config.region()))
            .credentialsProvider(config.credentials());
    config.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  @Override
  public List<Long> snapshotState(long checkpointId) {
    return List.of(supersededItems);
  }

  private PutItemRequest request(FeatureWrite write) {
    return write.kind == FeatureWrite.STATS
        ? ItemLayout.statsPut(table, write.group, write.generation, write.task, write.toStats())
        : ItemLayout.put(table, write.toItem());
  }

  @Override
  public void close() {
    sender.shutdownNow();
    client.close();
  }
}
