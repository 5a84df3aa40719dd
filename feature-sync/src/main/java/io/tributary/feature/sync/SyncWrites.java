package io.tributary.feature.sync;

import io.tributary.feature.aggregate.FeatureDefinition;
import io.tributary.feature.aggregate.FeatureState;
import io.tributary.feature.dynamodb.FeatureItem;
import io.tributary.feature.dynamodb.OnlineStore;
import io.tributary.feature.group.TableGroupSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sync's writes: each entity's row one conditional put (or delete) of one item, {@link #WRITERS}
 * in flight on threads of their own, with progress in the log every 10 s.
 */
final class SyncWrites implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SyncWrites.class);

  /** Puts in flight at once: DynamoDB's latency, not its throughput, bounds a single writer. */
  static final int WRITERS = 16;

  private static final Duration PROGRESS = Duration.ofSeconds(10);

  private final OnlineStore store;
  private final Clock clock;
  private final TableGroupSpec group;
  private final String generation;
  private final long version;
  private final List<FeatureDefinition> definitions;
  private final ExecutorService pool;
  private final Semaphore inFlight = new Semaphore(WRITERS * 4);
  private final List<Future<?>> futures = new ArrayList<>();
  final AtomicLong written = new AtomicLong();
  final AtomicLong kept = new AtomicLong();
  final AtomicLong removed = new AtomicLong();
  private Instant progressAt;

  SyncWrites(
      OnlineStore store, Clock clock, TableGroupSpec group, String generation, long version) {
    this.store = store;
    this.clock = clock;
    this.group = group;
    this.generation = generation;
    this.version = version;
    this.definitions = group.definitions();
    this.progressAt = clock.instant();
    this.pool =
        Executors.newFixedThreadPool(
            WRITERS,
            r -> {
              Thread thread = new Thread(r, "tributary-sync-" + group.name());
              thread.setDaemon(true);
              return thread;
            });
  }

  void put(Rows.Row row, boolean keepLater) throws InterruptedException {
    FeatureItem item = item(row);
    submit(
        () -> {
          if (store.writeRow(item, row.latest().sortable(), keepLater)) {
            written.incrementAndGet();
          } else {
            kept.incrementAndGet();
          }
        });
  }

  void delete(String entity) throws InterruptedException {
    submit(
        () -> {
          if (store.deleteRow(group.name(), generation, entity, version)) {
            removed.incrementAndGet();
          }
        });
  }

  private FeatureItem item(Rows.Row row) {
    List<byte[]> states = new ArrayList<>(definitions.size());
    for (int i = 0; i < definitions.size(); i++) {
      FeatureState state = FeatureState.empty(definitions.get(i));
      state.add(row.eventMillis(), row.values().get(i));
      states.add(state.encode());
    }
    return new FeatureItem(
        group.name(),
        generation,
        row.entity(),
        0,
        definitions,
        states,
        version,
        row.eventMillis(),
        Map.of(),
        clock.millis(),
        Optional.empty());
  }

  private void submit(Runnable write) throws InterruptedException {
    inFlight.acquire();
    futures.add(
        pool.submit(
            () -> {
              try {
                write.run();
              } finally {
                inFlight.release();
              }
            }));
    if (futures.size() >= 10_000) {
      for (var done = futures.iterator(); done.hasNext(); ) {
        Future<?> future = done.next();
        if (future.isDone()) {
          result(future);
          done.remove();
        }
      }
    }
    Instant now = clock.instant();
    if (Duration.between(progressAt, now).compareTo(PROGRESS) >= 0) {
      progressAt = now;
      LOG.info(
          "Syncing table group {}: {} written, {} kept, {} removed so far",
          group.name(),
          written.get(),
          kept.get(),
          removed.get());
    }
  }

  /** Waits for every write; the first that failed fails the sync with DynamoDB's message. */
  void await() throws InterruptedException {
    for (Future<?> future : futures) {
      result(future);
    }
  }

  private void result(Future<?> future) throws InterruptedException {
    try {
      future.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "A write of table group " + group.name() + " failed: " + e.getCause().getMessage(),
          e.getCause());
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
