package io.tributary.infra.bench;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.error.InvalidValueException;
import io.tributary.feature.dynamodb.GroupStats;
import io.tributary.feature.dynamodb.LocalDynamoDb;
import io.tributary.feature.dynamodb.OnlineStore;
import io.tributary.feature.dynamodb.OnlineStoreConfig;
import io.tributary.feature.group.FeatureGroupParser;
import io.tributary.feature.group.FeatureGroupSpec;
import io.tributary.feature.job.FeatureJob;
import io.tributary.stream.source.SourceSpec;
import io.tributary.stream.source.Sources;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;

/**
 * Measures a feature group's job (the example restaurant_activity: eight features, sketches
 * included) beside the landing job on the same events in the same run: events/s at two numbers of
 * entities, DynamoDB writes per 1,000 events, and freshness, the time from an order's append to
 * Kafka to its effect being readable in the store, at a steady rate. The store is a local dynalite.
 */
public final class FeatureBenchmark {
  /** What to measure with. */
  public record Settings(
      long events,
      List<Integer> entities,
      int rate,
      int seconds,
      List<Integer> freshEntities,
      int parallelism,
      Path examples,
      Path dynalite,
      Path workDir) {
    public Settings {
      requireNonNull(examples, "examples is null");
      requireNonNull(dynalite, "dynalite is null");
      requireNonNull(workDir, "workDir is null");
      entities = List.copyOf(entities);
      freshEntities = List.copyOf(freshEntities);
      if (events < 1 || rate < 100 || seconds < 1 || parallelism < 1 || entities.isEmpty()) {
        throw new InvalidValueException(
            "events, seconds and parallelism must be at least 1, the rate at least 100 per second");
      }
    }
  }

  private final Settings settings;
  private final PrintWriter out;

  public FeatureBenchmark(Settings settings, PrintWriter out) {
    this.settings = requireNonNull(settings, "settings is null");
    this.out = requireNonNull(out, "out is null");
  }

  public void run() throws Exception {
    SourceSpec orders = Sources.load(settings.examples().resolve("sources")).get("orders");
    FeatureGroupSpec example =
        FeatureGroupParser.parse(
            settings.examples().resolve("features").resolve("restaurant_activity.yaml"));
    out.printf(
        Locale.ROOT,
        "%s; events %,d, entities %s, parallelism %d; group restaurant_activity (%d features)%n",
        BenchStack.machine(),
        settings.events(),
        settings.entities(),
        settings.parallelism(),
        example.features().size());
    try (BenchStack stack = BenchStack.start(settings.workDir(), 8);
        LocalDynamoDb dynamo =
            LocalDynamoDb.start(
                settings.dynalite(),
                settings.workDir().resolve("dynamodb"),
                "127.0.0.1",
                0,
                settings.workDir().resolve("dynamodb.log"));
        OnlineStore store = OnlineStore.connect(OnlineStoreConfig.local(dynamo.endpoint()))) {
      store.ensureTable();
      FeatureLoad load = new FeatureLoad(stack.kafka().connection());
      for (int entities : settings.entities()) {
        String topic = "bench.features." + entities;
        stack.createTopic(topic, 2);
        load.bulk(topic, settings.events(), entities);
        out.printf(Locale.ROOT, "%,d entities: produced %,d orders%n", entities, settings.events());
        SourceSpec landingSource =
            IngestBenchmark.renamed(orders, "bench_landing_" + entities, topic);
        Duration landing =
            IngestBenchmark.landingJob(
                stack, landingSource, settings.parallelism(), settings.events());
        Rounds.print(out, 1, "landing  Kafka -> bronze (exactly-once)", settings.events(), landing);
        SourceSpec featureSource = IngestBenchmark.renamed(orders, "bench_" + entities, topic);
        FeatureGroupSpec group = renamed(example, "bench_" + entities, featureSource.name());
        Measured feature =
            streaming(
                stack, store, group, featureSource, settings.events(), settings.parallelism());
        Rounds.print(
            out, 1, "features Kafka -> 8 features -> DynamoDB", settings.events(), feature.took());
        out.printf(
            Locale.ROOT,
            "         features/landing %.2f; DynamoDB writes %,d = %.1f per 1,000 events"
                + " (coalesced per entity over %d ms)%n",
            Rounds.perSecond(settings.events(), feature.took())
                / Rounds.perSecond(settings.events(), landing),
            feature.writes(),
            feature.writes() * 1000.0 / settings.events(),
            FeatureJob.DEFAULT_COALESCE.toMillis());
      }
      for (int entities : settings.freshEntities()) {
        freshness(stack, store, load, orders, example, entities);
      }
    }
  }

  /** A feature job's run: how long it took to read every event, and the puts the store took. */
  record Measured(Duration took, long writes) {}

  /**
   * The streaming job over the topic's orders, timed from submission until its stats say it read
   * them all (stats come about once a second, so the time is up to a second long).
   */
  static Measured streaming(
      BenchStack stack,
      OnlineStore store,
      FeatureGroupSpec group,
      SourceSpec source,
      long events,
      int parallelism)
      throws Exception {
    long started = System.nanoTime();
    JobClient client = submit(stack, store, group, source, parallelism);
    try {
      long deadline = started + TimeUnit.MINUTES.toNanos(30);
      while (true) {
        GroupStats stats = store.stats(group.name(), group.generation());
        if (stats.events() >= events) {
          return new Measured(Duration.ofNanos(System.nanoTime() - started), stats.writes());
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "The feature job read " + stats.events() + " of " + events + " in 30 min");
        }
        TimeUnit.MILLISECONDS.sleep(100);
      }
    } finally {
      client.cancel().get(1, TimeUnit.MINUTES);
    }
  }

  private void freshness(
      BenchStack stack,
      OnlineStore store,
      FeatureLoad load,
      SourceSpec orders,
      FeatureGroupSpec example,
      int entities)
      throws Exception {
    FeatureFreshness.Result fresh =
        FeatureFreshness.measure(
            stack,
            store,
            load,
            orders,
            example,
            "bench_fresh_" + entities,
            entities,
            settings.rate(),
            settings.seconds(),
            settings.parallelism());
    out.printf(
        Locale.ROOT,
        "freshness at %,d orders/s over %,d restaurants for %d s: append to Kafka -> readable"
            + " in DynamoDB, %d probes: p50 %d ms, p99 %d ms, max %d ms (p50 to the job's"
            + " write %d ms); %s%n",
        settings.rate(),
        entities,
        settings.seconds(),
        fresh.millis().size(),
        fresh.percentile(0.5),
        fresh.percentile(0.99),
        fresh.max(),
        fresh.writeLagMillis(),
        writesPerSecond(store, fresh.group()));
  }

  private String writesPerSecond(OnlineStore store, FeatureGroupSpec group) {
    GroupStats stats = store.stats(group.name(), group.generation());
    return String.format(
        Locale.ROOT,
        "DynamoDB writes %.1f per 1,000 events (%,.0f/s)",
        stats.writes() * 1000.0 / Math.max(1, stats.events()),
        stats.writes() / (double) settings.seconds());
  }

  /** Publishes the group's pointer and submits its streaming job, which reads from the start. */
  static JobClient submit(
      BenchStack stack,
      OnlineStore store,
      FeatureGroupSpec group,
      SourceSpec source,
      int parallelism)
      throws InterruptedException {
    FeatureJob job =
        FeatureJob.builder()
            .group(group)
            .source(source)
            .kafka(stack.kafka().connection())
            .store(store.config())
            .parallelism(parallelism)
            .build();
    store.publish(FeatureJob.pointer(group));
    return stack.submit(job.jobName(), job::addTo);
  }

  static FeatureGroupSpec renamed(FeatureGroupSpec group, String name, String source) {
    return new FeatureGroupSpec(
        name,
        group.owner(),
        group.description(),
        group.entity(),
        source,
        group.filter(),
        group.features(),
        group.lateness(),
        group.maxAge(),
        group.file());
  }
}
