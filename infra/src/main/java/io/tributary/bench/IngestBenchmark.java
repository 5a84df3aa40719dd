package io.tributary.bench;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.tributary.catalog.LakeCatalog;
import io.tributary.catalog.LakeCatalogConfig;
import io.tributary.landing.BronzeTables;
import io.tributary.landing.LandingJob;
import io.tributary.local.EmbeddedFlink;
import io.tributary.local.EmbeddedKafka;
import io.tributary.source.SourceSpec;
import io.tributary.source.Sources;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.Snapshot;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Measures, in one run and on the same events, how fast landing moves events from Kafka into a
 * bronze table with exactly-once Iceberg commits, against the ceiling of reading and validating the
 * same events and discarding them. Both run as bounded Flink jobs on an embedded cluster of their
 * own; a round runs the ceiling then landing, and the best of the rounds is reported.
 */
public final class IngestBenchmark {
  /** What to measure with. */
  public record Settings(
      long events,
      int partitions,
      int parallelism,
      int rounds,
      Duration checkpointInterval,
      Path workDir) {
    public Settings {
      requireNonNull(checkpointInterval, "checkpointInterval is null");
      requireNonNull(workDir, "workDir is null");
      if (events < 1 || partitions < 1 || parallelism < 1 || rounds < 1) {
        throw new IllegalArgumentException(
            "events, partitions, parallelism and rounds must each be at least 1");
      }
    }
  }

  /** Wall times of each round's jobs, from the job's start to its end (final commit included). */
  public record Result(
      long events, long payloadBytes, List<Duration> ceiling, List<Duration> landing) {
    public double ceilingEventsPerSecond() {
      return events / seconds(Collections.min(ceiling));
    }

    public double landingEventsPerSecond() {
      return events / seconds(Collections.min(landing));
    }

    public double ratio() {
      return landingEventsPerSecond() / ceilingEventsPerSecond();
    }

    public double medianCeilingEventsPerSecond() {
      return events / seconds(median(ceiling));
    }

    public double medianLandingEventsPerSecond() {
      return events / seconds(median(landing));
    }

    private static Duration median(List<Duration> durations) {
      List<Duration> sorted = durations.stream().sorted().toList();
      int middle = sorted.size() / 2;
      return sorted.size() % 2 == 1
          ? sorted.get(middle)
          : sorted.get(middle - 1).plus(sorted.get(middle)).dividedBy(2);
    }

    private static double seconds(Duration duration) {
      return Math.max(duration.toNanos(), 1) / 1e9;
    }
  }

  private static final String TOPIC = "bench.orders";

  private final Settings settings;
  private final PrintStream out;

  public IngestBenchmark(Settings settings, PrintStream out) {
    this.settings = requireNonNull(settings, "settings is null");
    this.out = requireNonNull(out, "out is null");
  }

  public Result run() throws Exception {
    SourceSpec orders = Sources.load(examplesSources()).get("orders");
    Path work = settings.workDir();
    out.printf(
        Locale.ROOT,
        "machine: %d cores, %s, max heap %d MiB; events %,d, partitions %d, parallelism %d, rounds %d%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20,
        settings.events(),
        settings.partitions(),
        settings.parallelism(),
        settings.rounds());
    try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"), "127.0.0.1", 0);
        EmbeddedFlink flink =
            EmbeddedFlink.start(
                "127.0.0.1", 0, Math.max(8, settings.parallelism() * 4), work.resolve("flink"));
        LakeCatalog lake = LakeCatalog.open(LakeCatalogConfig.local(work)).ensureLayers()) {
      try (Admin admin = kafka.admin()) {
        admin
            .createTopics(
                List.of(new NewTopic(TOPIC, Optional.of(settings.partitions()), Optional.empty())))
            .all()
            .get(30, TimeUnit.SECONDS);
      }
      long bytes = produce(kafka.bootstrapServers());
      List<Duration> ceiling = new ArrayList<>();
      List<Duration> landing = new ArrayList<>();
      for (int round = 1; round <= settings.rounds(); round++) {
        boolean warmUp = round == 1 && settings.rounds() > 1;
        // alternate which job goes first, so neither always runs on a warmer JVM
        if (round % 2 == 1) {
          Duration parseOnly = ceiling(flink, kafka, lake, orders, round);
          Duration landed = landing(flink, kafka, lake, orders, round);
          if (!warmUp) {
            ceiling.add(parseOnly);
            landing.add(landed);
          }
        } else {
          Duration landed = landing(flink, kafka, lake, orders, round);
          Duration parseOnly = ceiling(flink, kafka, lake, orders, round);
          ceiling.add(parseOnly);
          landing.add(landed);
        }
        if (warmUp) {
          out.println("         (round 1 warms the JVM up and is not counted)");
        }
      }
      Result result = new Result(settings.events(), bytes, ceiling, landing);
      out.printf(
          Locale.ROOT,
          "best of the counted rounds:   ceiling %,.0f events/s | landing %,.0f events/s |"
              + " landing/ceiling %.2f%n",
          result.ceilingEventsPerSecond(),
          result.landingEventsPerSecond(),
          result.ratio());
      out.printf(
          Locale.ROOT,
          "median of the counted rounds: ceiling %,.0f events/s | landing %,.0f events/s |"
              + " landing/ceiling %.2f%n",
          result.medianCeilingEventsPerSecond(),
          result.medianLandingEventsPerSecond(),
          result.medianLandingEventsPerSecond() / result.medianCeilingEventsPerSecond());
      return result;
    }
  }

  private Duration ceiling(
      EmbeddedFlink flink, EmbeddedKafka kafka, LakeCatalog lake, SourceSpec orders, int round)
      throws Exception {
    SourceSpec source = renamed(orders, "bench_ceiling_" + round);
    Duration took =
        runBounded(
            flink,
            "bench-ceiling-" + round,
            Optional.empty(),
            env -> job(source, kafka, lake).addParseOnlyTo(env));
    report("ceiling  Kafka -> validate -> discard", round, took);
    return took;
  }

  private Duration landing(
      EmbeddedFlink flink, EmbeddedKafka kafka, LakeCatalog lake, SourceSpec orders, int round)
      throws Exception {
    SourceSpec source = renamed(orders, "bench_landing_" + round);
    Duration took =
        runBounded(
            flink,
            "bench-landing-" + round,
            Optional.of(settings.workDir().resolve("checkpoints").resolve("round-" + round)),
            env -> job(source, kafka, lake).addTo(env));
    report("landing  Kafka -> bronze (exactly-once)", round, took);
    long rows = committedRows(lake, source);
    if (rows != settings.events()) {
      throw new IllegalStateException(
          "Landing committed " + rows + " rows, expected " + settings.events());
    }
    out.printf(Locale.ROOT, "         bronze rows committed: %,d (as produced)%n", rows);
    return took;
  }

  private LandingJob job(SourceSpec source, EmbeddedKafka kafka, LakeCatalog lake) {
    return LandingJob.builder()
        .source(source)
        .bootstrapServers(kafka.bootstrapServers())
        .lake(lake)
        .parallelism(settings.parallelism())
        .stopAt(OffsetsInitializer.latest())
        .build();
  }

  private Duration runBounded(
      EmbeddedFlink flink,
      String name,
      Optional<Path> checkpoints,
      java.util.function.Consumer<StreamExecutionEnvironment> graph)
      throws Exception {
    Configuration configuration = new Configuration();
    checkpoints.ifPresent(
        dir -> {
          configuration.set(
              CheckpointingOptions.CHECKPOINTING_INTERVAL, settings.checkpointInterval());
          configuration.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
          configuration.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.toUri().toString());
        });
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createRemoteEnvironment(
            flink.restAddress().getHost(), flink.restAddress().getPort(), configuration);
    graph.accept(env);
    JobExecutionResult result = env.execute(name);
    return Duration.ofMillis(result.getNetRuntime(TimeUnit.MILLISECONDS));
  }

  private long committedRows(LakeCatalog lake, SourceSpec source) {
    org.apache.iceberg.Table table = lake.loadTable(BronzeTables.bronze(source));
    table.refresh();
    Snapshot snapshot = table.currentSnapshot();
    return snapshot == null
        ? 0
        : Long.parseLong(snapshot.summary().getOrDefault("total-records", "0"));
  }

  private void report(String what, int round, Duration took) {
    out.printf(
        Locale.ROOT,
        "round %d  %-40s %,10.0f events/s  (%.2f s)%n",
        round,
        what,
        settings.events() / (Math.max(took.toNanos(), 1) / 1e9),
        took.toMillis() / 1000.0);
  }

  /** Publishes the events: orders of about 200 bytes of JSON, over two days. */
  private long produce(String bootstrap) throws Exception {
    Properties properties = new Properties();
    properties.putAll(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.LINGER_MS_CONFIG,
            "20",
            ProducerConfig.BATCH_SIZE_CONFIG,
            Integer.toString(512 * 1024),
            ProducerConfig.COMPRESSION_TYPE_CONFIG,
            "lz4",
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ByteArraySerializer.class.getName(),
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ByteArraySerializer.class.getName()));
    SplittableRandom random = new SplittableRandom(42);
    String[] dishes = {
      "spicy tuna poke bowl", "margherita pizza", "chicken pad thai", "beef pho large"
    };
    long start = Instant.parse("2026-11-20T00:00:00Z").toEpochMilli();
    long bytes = 0;
    long started = System.nanoTime();
    try (Producer<byte[], byte[]> producer = new KafkaProducer<>(properties)) {
      for (long i = 0; i < settings.events(); i++) {
        String id = new UUID(random.nextLong(), random.nextLong()).toString();
        String json =
            "{\"order_id\":\""
                + id
                + "\",\"customer_id\":\"customer-"
                + String.format(Locale.ROOT, "%06d", random.nextInt(1_000_000))
                + "\",\"restaurant_id\":\"restaurant-"
                + String.format(Locale.ROOT, "%04d", random.nextInt(10_000))
                + "\",\"dish\":\""
                + dishes[random.nextInt(dishes.length)]
                + "\",\"amount\":"
                + (500 + random.nextInt(5500)) / 100
                + "."
                + String.format(Locale.ROOT, "%02d", random.nextInt(100))
                + ",\"event_time\":\""
                + Instant.ofEpochMilli(start + random.nextLong(TimeUnit.DAYS.toMillis(2)))
                + "\"}";
        byte[] value = json.getBytes(UTF_8);
        bytes += value.length;
        producer.send(new ProducerRecord<>(TOPIC, id.getBytes(UTF_8), value));
      }
      producer.flush();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    out.printf(
        Locale.ROOT,
        "produced %,d events, %.0f bytes each on average, in %.1f s%n",
        settings.events(),
        (double) bytes / settings.events(),
        seconds);
    return bytes;
  }

  private static SourceSpec renamed(SourceSpec spec, String name) {
    return new SourceSpec(
        name,
        TOPIC,
        spec.format(),
        spec.key(),
        spec.eventTime(),
        spec.maxOutOfOrderness(),
        spec.partitions(),
        spec.columns());
  }

  private static Path examplesSources() {
    String home = System.getProperty("tributary.home");
    return (home == null ? Path.of("examples") : Path.of(home).resolve("examples"))
        .resolve("sources");
  }
}
