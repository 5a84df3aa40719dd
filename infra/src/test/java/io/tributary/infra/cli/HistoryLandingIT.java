package io.tributary.infra.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.infra.local.LocalPlatform;
import io.tributary.infra.local.TestPlatforms;
import io.tributary.stream.testkit.BronzeSummary;
import io.tributary.stream.testkit.LakeRows;
import io.tributary.stream.testkit.Orders;
import io.tributary.stream.testkit.TestEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file of history, its events spread over 3,000 days in no order, landing on the platform's
 * default heap while the same source streams live: every row lands, {@code status} keeps answering
 * within 2 s, and the live events keep their freshness.
 */
class HistoryLandingIT {
  private static final int DAYS = 3_000;
  private static final int HISTORY_ROWS = 30_000;
  private static final Duration CHECKPOINT = Duration.ofSeconds(1);

  /** What a live event may take from its append to a query that sees it: checkpoint + 5 s. */
  private static final Duration FRESHNESS = CHECKPOINT.plusSeconds(5);

  @TempDir Path dataDir;

  @Test
  void landsEveryRowOfThreeThousandDaysWhileStatusAnswersAndTheLiveStreamStaysFresh()
      throws Exception {
    Instant firstDay =
        LocalDate.now(ZoneOffset.UTC).minusDays(DAYS + 1).atStartOfDay(ZoneOffset.UTC).toInstant();
    Orders.Batch history = Orders.valid("history", HISTORY_ROWS, firstDay, DAYS);
    List<TestEvents.Event> shuffled = new ArrayList<>(history.events());
    Collections.shuffle(shuffled, new Random(13));

    try (LocalPlatform platform = LocalPlatform.start(TestPlatforms.config(dataDir), line -> {});
        LiveOrders live = new LiveOrders(platform.kafkaBootstrap())) {
      live.start(platform);
      await("live orders landing before the history")
          .atMost(Duration.ofMinutes(1))
          .until(() -> live.landed(platform) >= 5);

      // the first command loads the CLI's classes; a user's `status` runs in a warm JVM of its own
      assertThat(CliRun.of("status", "--data-dir", dataDir.toString()).exitCode()).isZero();
      long heapBefore = peakHeap();
      Instant historyStart = Instant.now();
      TestEvents.publish(platform.kafkaBootstrap(), "src.orders", shuffled);
      List<Duration> statusTimes = new ArrayList<>();
      await("every row of the history in bronze")
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                Instant asked = Instant.now();
                CliRun status = CliRun.of("status", "--data-dir", dataDir.toString());
                statusTimes.add(Duration.between(asked, Instant.now()));
                assertThat(status.exitCode()).as(status.out() + status.err()).isZero();
                return historyRows(platform, live) >= HISTORY_ROWS;
              });
      Duration landing = Duration.between(historyStart, Instant.now());
      live.stopPublishing();
      await("the last live orders")
          .atMost(Duration.ofMinutes(1))
          .until(() -> live.allLanded(platform));

      BronzeSummary bronze = BronzeSummary.ofOrders(platform.lake());
      assertThat(bronze.rows()).isEqualTo(HISTORY_ROWS + live.published());
      assertThat(historyRows(platform, live)).isEqualTo(HISTORY_ROWS);
      assertThat(bronze.sumOfAmounts())
          .isEqualByComparingTo(
              history
                  .sumOfAmounts()
                  .add(new BigDecimal("12.50").multiply(BigDecimal.valueOf(live.published()))));
      assertThat(bronze.days()).hasSizeGreaterThanOrEqualTo(DAYS);
      Duration slowestStatus = Collections.max(statusTimes);
      Duration stalest = live.stalest();
      System.out.printf(
          "history: %,d rows over %,d days landed in %.1f s (%,.0f rows/s); slowest status %d ms"
              + " of %d; live events %d, stalest %.1f s (bound %d s); heap peak %d MiB (before %d"
              + " MiB)%n",
          HISTORY_ROWS,
          DAYS,
          landing.toMillis() / 1000.0,
          HISTORY_ROWS * 1000.0 / landing.toMillis(),
          slowestStatus.toMillis(),
          statusTimes.size(),
          live.published(),
          stalest.toMillis() / 1000.0,
          FRESHNESS.toSeconds(),
          peakHeap() >> 20,
          heapBefore >> 20);
      assertThat(slowestStatus)
          .as("the slowest of %d status calls", statusTimes.size())
          .isLessThanOrEqualTo(Duration.ofSeconds(2));
      assertThat(stalest).as("the stalest live order").isLessThanOrEqualTo(FRESHNESS);
    }
  }

  /** Rows in bronze that are not live orders (the live ones are few and read by their id). */
  private static long historyRows(LocalPlatform platform, LiveOrders live) {
    long all = LakeRows.count(platform.lake(), BronzeSummary.ORDERS);
    return all - live.landed(platform);
  }

  private static long peakHeap() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }

  /**
   * Orders of today, one every 100 ms, read back from bronze every 250 ms: when each was appended
   * and when a read first saw it.
   */
  private static final class LiveOrders implements AutoCloseable {
    private final KafkaProducer<String, String> producer;
    private final Map<String, Instant> appended = new ConcurrentHashMap<>();
    private final Map<String, Instant> seen = new ConcurrentHashMap<>();
    private final ScheduledExecutorService pace = Executors.newScheduledThreadPool(2);
    private final AtomicInteger next = new AtomicInteger();
    private ScheduledFuture<?> publishing;

    LiveOrders(String bootstrap) {
      Properties properties = new Properties();
      properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      properties.put(ProducerConfig.ACKS_CONFIG, "all");
      producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    void start(LocalPlatform platform) {
      publishing = pace.scheduleAtFixedRate(this::publishOne, 0, 100, TimeUnit.MILLISECONDS);
      pace.scheduleAtFixedRate(() -> landed(platform), 250, 250, TimeUnit.MILLISECONDS);
    }

    private void publishOne() {
      String id = "live-" + next.getAndIncrement();
      String json =
          "{\"order_id\":\"" + id + "\",\"amount\":12.50,\"event_time\":\"" + Instant.now() + "\"}";
      try {
        producer.send(new ProducerRecord<>("src.orders", id, json)).get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException e) {
        throw new IllegalStateException("Could not publish " + id, e);
      }
      appended.put(id, Instant.now());
    }

    void stopPublishing() throws InterruptedException, ExecutionException {
      publishing.cancel(false);
      try {
        publishing.get();
      } catch (java.util.concurrent.CancellationException expected) {
        // cancelled between two orders, as asked
      }
    }

    int published() {
      return appended.size();
    }

    /** Reads the live orders in bronze (their ids prune every file of history) and notes them. */
    synchronized long landed(LocalPlatform platform) {
      Table bronze = platform.lake().loadTable(BronzeSummary.ORDERS);
      bronze.refresh();
      Instant now = Instant.now();
      try (CloseableIterable<Record> rows =
          IcebergGenerics.read(bronze)
              .where(Expressions.startsWith("order_id", "live-"))
              .select("order_id")
              .build()) {
        for (Record row : rows) {
          seen.putIfAbsent((String) row.getField("order_id"), now);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return seen.size();
    }

    boolean allLanded(LocalPlatform platform) {
      return landed(platform) >= appended.size();
    }

    /** The longest time from an append to the first read that saw it. */
    Duration stalest() {
      Duration stalest = Duration.ZERO;
      for (Map.Entry<String, Instant> entry : appended.entrySet()) {
        Instant first = seen.get(entry.getKey());
        if (first != null && Duration.between(entry.getValue(), first).compareTo(stalest) > 0) {
          stalest = Duration.between(entry.getValue(), first);
        }
      }
      return stalest;
    }

    @Override
    public void close() {
      pace.shutdownNow();
      producer.close();
    }
  }
}
