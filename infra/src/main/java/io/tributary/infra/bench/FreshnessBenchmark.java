package io.tributary.infra.bench;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.tributary.catalog.error.InvalidValueException;
import io.tributary.feature.dynamodb.LocalDynamoDb;
import io.tributary.feature.dynamodb.OnlineStore;
import io.tributary.feature.dynamodb.OnlineStoreConfig;
import io.tributary.feature.group.FeatureGroupParser;
import io.tributary.feature.group.FeatureGroupSpec;
import io.tributary.feature.job.FeatureJob;
import io.tributary.stream.job.JobLauncher;
import io.tributary.stream.job.JobSettings;
import io.tributary.stream.job.LaunchedJob;
import io.tributary.stream.job.StateLocation;
import io.tributary.stream.job.StateStore;
import io.tributary.stream.landing.BronzeTables;
import io.tributary.stream.landing.LandingJob;
import io.tributary.stream.lineage.JobLineage;
import io.tributary.stream.lineage.LineageDatasets;
import io.tributary.stream.source.SourceSpec;
import io.tributary.stream.source.Sources;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.flink.api.common.JobStatus;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code bench freshness}: how long after an event is appended to Kafka a query sees it in bronze,
 * with {@code up}'s settings (unbounded landing, exactly-once commits on each checkpoint). A steady
 * stream of orders is published at a fixed rate for a while; every hundredth event is sampled with
 * its append time (the topic stamps {@code LogAppendTime}), and a reader polls the table every 100
 * ms, reading only the rows each new snapshot appended: an event's freshness is the time from its
 * append until the poll that first finds it. Run at the given checkpoint interval and at 1 s, each
 * on a topic and table of its own; every published event is checked to have landed. Then, with a
 * local DynamoDB, the example feature group's freshness at the same rate: append to readable in the
 * online store ({@link FeatureFreshness}).
 */
public final class FreshnessBenchmark {
  /** What to measure with. */
  public record Settings(
      int rate,
      Duration duration,
      Duration checkpointInterval,
      Optional<Path> dynalite,
      Path examples,
      Path workDir) {
    public Settings {
      requireNonNull(duration, "duration is null");
      requireNonNull(dynalite, "dynalite is null");
      requireNonNull(checkpointInterval, "checkpointInterval is null");
      requireNonNull(examples, "examples is null");
      requireNonNull(workDir, "workDir is null");
      if (rate < 1 || duration.isNegative() || duration.isZero()) {
        throw new InvalidValueException("rate and duration must be positive");
      }
    }
  }

  /** One run's freshness, in milliseconds. */
  public record Run(Duration checkpointInterval, long events, long sampled, Histogram millis) {}

  private static final String FEATURE_GROUP = "restaurant_activity";
  private static final int SAMPLE_EVERY = 100;
  private static final Duration POLL = Duration.ofMillis(100);

  private final Settings settings;
  private final PrintWriter out;

  public FreshnessBenchmark(Settings settings, PrintWriter out) {
    this.settings = requireNonNull(settings, "settings is null");
    this.out = requireNonNull(out, "out is null");
  }

  public List<Run> run() throws Exception {
    SourceSpec orders = Sources.load(settings.examples().resolve("sources")).get("orders");
    out.printf(
        Locale.ROOT,
        "%s; %,d events/s for %d s, checkpoints every %d s and every 1 s%n",
        BenchStack.machine(),
        settings.rate(),
        settings.duration().toSeconds(),
        settings.checkpointInterval().toSeconds());
    List<Duration> intervals = new ArrayList<>(List.of(settings.checkpointInterval()));
    if (!settings.checkpointInterval().equals(Duration.ofSeconds(1))) {
      intervals.add(Duration.ofSeconds(1));
    }
    List<Run> runs = new ArrayList<>();
    Optional<FeatureFreshness.Result> features = Optional.empty();
    try (BenchStack stack = BenchStack.start(settings.workDir(), 8)) {
      for (int i = 0; i < intervals.size(); i++) {
        runs.add(run(stack, orders, intervals.get(i), i + 1));
      }
      if (settings.dynalite().isPresent()) {
        features = Optional.of(features(stack, orders));
      }
    }
    for (Run run : runs) {
      Histogram h = run.millis();
      out.printf(
          Locale.ROOT,
          "checkpoint interval %2d s: freshness p50 %.1f s | p99 %.1f s | max %.1f s"
              + " (%,d of %,d events sampled; target p99 <= %d s)%n",
          run.checkpointInterval().toSeconds(),
          h.getValueAtPercentile(50) / 1000.0,
          h.getValueAtPercentile(99) / 1000.0,
          h.getMaxValue() / 1000.0,
          run.sampled(),
          run.events(),
          run.checkpointInterval().toSeconds() + 5);
    }
    features.ifPresent(
        fresh ->
            out.printf(
                Locale.ROOT,
                "features %s (no checkpoint wait: written as they change, coalesced per"
                    + " restaurant over %d ms): readable in DynamoDB p50 %.1f s | p99 %.1f s |"
                    + " max %.1f s (%,d probes)%n",
                FEATURE_GROUP,
                FeatureJob.DEFAULT_COALESCE.toMillis(),
                fresh.percentile(0.5) / 1000.0,
                fresh.percentile(0.99) / 1000.0,
                fresh.max() / 1000.0,
                fresh.millis().size()));
    return runs;
  }

  /**
   * The example feature group's freshness at the same rate, over the orders' 10,000 restaurants:
   * from an order's append to its effect readable in the online store (a local dynalite).
   */
  private FeatureFreshness.Result features(BenchStack stack, SourceSpec orders) throws Exception {
    FeatureGroupSpec example =
        FeatureGroupParser.parse(
            settings.examples().resolve("features").resolve(FEATURE_GROUP + ".yaml"));
    try (LocalDynamoDb dynamo =
            LocalDynamoDb.start(
                settings.dynalite().get(),
                settings.workDir().resolve("dynamodb"),
                "127.0.0.1",
                0,
                settings.workDir().resolve("dynamodb.log"));
        OnlineStore store = OnlineStore.connect(OnlineStoreConfig.local(dynamo.endpoint()))) {
      store.ensureTable();
      return FeatureFreshness.measure(
          stack,
          store,
          new FeatureLoad(stack.kafka().connection()),
          orders,
          example,
          "bench_fresh_features",
          10_000,
          settings.rate(),
          (int) settings.duration().toSeconds(),
          1);
    }
  }

  private Run run(BenchStack stack, SourceSpec orders, Duration interval, int n) throws Exception {
    String topic = "bench.fresh." + n;
    SourceSpec source = IngestBenchmark.renamed(orders, "bench_fresh_" + n, topic);
    try (Admin admin = stack.kafka().admin()) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(topic, Optional.of(2), Optional.empty())
                      .configs(Map.of("message.timestamp.type", "LogAppendTime"))))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    JobLauncher launcher =
        new JobLauncher(
            stack.cluster(),
            new StateStore(StateLocation.of(settings.workDir().resolve("state-" + n))),
            new JobSettings(interval, "hashmap", 1));
    LandingJob landing =
        LandingJob.builder()
            .source(source)
            .kafka(stack.kafka().connection())
            .lake(stack.lake())
            .parallelism(1)
            .build();
    LaunchedJob job =
        launcher.launch(
            landing.definition(
                JobLineage.landing(
                    source,
                    LineageDatasets.of(stack.kafka().connection(), List.of(source), stack.lake()),
                    stack.lake().config().name())));
    try {
      awaitRunning(job);
      Map<String, Long> pending = new ConcurrentHashMap<>();
      Histogram millis = new Histogram(3_600_000L, 3);
      Table table = stack.lake().loadTable(BronzeTables.bronze(source));
      Poller poller = new Poller(table, pending, millis);
      Thread reader = new Thread(poller, "freshness-reader");
      reader.start();
      long events = publish(stack, topic, pending);
      // every published event lands: the reader finds every sampled one
      long deadline = System.nanoTime() + interval.multipliedBy(3).plusSeconds(60).toNanos();
      while (!pending.isEmpty() && System.nanoTime() < deadline) {
        poller.check();
        Thread.sleep(POLL.toMillis());
      }
      poller.stop();
      reader.join();
      poller.check();
      if (!pending.isEmpty()) {
        throw new IllegalStateException(
            pending.size() + " sampled events never became visible in " + table.name());
      }
      // the events after the last sampled one may wait for the next checkpoint's commit
      long rows = rows(table);
      while (rows < events && System.nanoTime() < deadline) {
        Thread.sleep(POLL.toMillis());
        rows = rows(table);
      }
      if (rows != events) {
        throw new IllegalStateException(
            "Bronze holds " + rows + " rows, " + events + " were published");
      }
      out.printf(
          Locale.ROOT,
          "run %d   checkpoint interval %d s: %,d events published, %,d in bronze%n",
          n,
          interval.toSeconds(),
          events,
          rows);
      return new Run(interval, events, millis.getTotalCount(), millis);
    } finally {
      job.cancel(Duration.ofSeconds(30));
    }
  }

  private static long rows(Table table) {
    table.refresh();
    Snapshot snapshot = table.currentSnapshot();
    return snapshot == null ? 0 : Long.parseLong(snapshot.summary().get("total-records"));
  }

  private static void awaitRunning(LaunchedJob job) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (job.status(Duration.ofSeconds(10)) != JobStatus.RUNNING) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Landing did not start within 2 minutes");
      }
      Thread.sleep(200);
    }
  }

  /** Publishes at the rate for the duration, in slices of 10 ms; returns the events sent. */
  private long publish(BenchStack stack, String topic, Map<String, Long> pending)
      throws InterruptedException {
    java.util.Properties properties = stack.kafka().connection().clientProperties();
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    properties.put(
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    long total = (long) settings.rate() * settings.duration().toSeconds();
    long started = System.nanoTime();
    java.util.concurrent.atomic.AtomicLong failures = new java.util.concurrent.atomic.AtomicLong();
    try (Producer<byte[], byte[]> producer = new KafkaProducer<>(properties)) {
      for (long i = 0; i < total; i++) {
        // the i-th event is due i / rate seconds after the start
        long due = started + i * 1_000_000_000L / settings.rate();
        long wait = due - System.nanoTime();
        if (wait > 1_000_000) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        String id = new UUID(i, System.nanoTime()).toString();
        String json =
            "{\"order_id\":\""
                + id
                + "\",\"customer_id\":\"c-"
                + (i % 50_000)
                + "\",\"restaurant_id\":\"r-"
                + (i % 1_000)
                + "\",\"dish\":\"pho\",\"amount\":"
                + (5 + i % 100)
                + ".50,\"event_time\":\""
                + Instant.now()
                + "\"}";
        boolean sampled = i % SAMPLE_EVERY == 0;
        producer.send(
            new ProducerRecord<>(topic, id.getBytes(UTF_8), json.getBytes(UTF_8)),
            (metadata, e) -> {
              if (e != null) {
                failures.incrementAndGet();
              } else if (sampled) {
                pending.put(id, metadata.timestamp());
              }
            });
      }
      producer.flush();
    }
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " events were not acknowledged");
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    out.printf(
        Locale.ROOT,
        "         published %,d events in %.1f s (%,.0f events/s)%n",
        total,
        seconds,
        total / seconds);
    return total;
  }

  /** Reads what each new snapshot appended and records when each sampled event first shows. */
  private static final class Poller implements Runnable {
    private final Table table;
    private final Map<String, Long> pending;
    private final Histogram millis;
    private volatile boolean stopped;
    private volatile Exception failure;
    private Long seen;

    Poller(Table table, Map<String, Long> pending, Histogram millis) {
      this.table = table;
      this.pending = pending;
      this.millis = millis;
    }

    void stop() {
      stopped = true;
    }

    /** Throws what stopped the reader, if anything did. */
    void check() {
      if (failure != null) {
        throw new IllegalStateException("Cannot read " + table.name(), failure);
      }
    }

    @Override
    public void run() {
      while (!stopped) {
        try {
          poll();
          Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
          return;
        } catch (IOException | RuntimeException e) {
          // the benchmark's thread reports it: a silent reader would read as events never landing
          failure = e;
          return;
        }
      }
    }

    private void poll() throws IOException {
      table.refresh();
      Snapshot current = table.currentSnapshot();
      if (current == null || (seen != null && seen == current.snapshotId())) {
        return;
      }
      IcebergGenerics.ScanBuilder scan = IcebergGenerics.read(table).select("order_id");
      scan =
          seen == null
              ? scan.useSnapshot(current.snapshotId())
              : scan.appendsBetween(seen, current.snapshotId());
      long now = System.currentTimeMillis();
      try (CloseableIterable<Record> rows = scan.build()) {
        for (Record row : rows) {
          Long appended = pending.remove((String) row.getField("order_id"));
          if (appended != null) {
            millis.recordValue(Math.max(0, now - appended));
          }
        }
      }
      seen = current.snapshotId();
    }
  }
}
