package io.tributary.infra.bench;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.error.InvalidValueException;
import io.tributary.stream.landing.BronzeTables;
import io.tributary.stream.landing.LandingJob;
import io.tributary.stream.source.SourceSpec;
import io.tributary.stream.source.Sources;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.iceberg.Snapshot;

/**
 * Measures, in one run and on the same events, how fast landing moves events from Kafka into a
 * bronze table with exactly-once Iceberg commits, against the ceiling of reading and validating the
 * same events and discarding them, and against what a user would write instead: plain Flink SQL
 * ({@link PlainFlinkSql}) into a table of the same layout. All run as bounded Flink jobs on an
 * embedded cluster of their own, each into its own table, and each run's committed rows are
 * checked. The first round warms the JVM up and is not counted; the order of the jobs rotates.
 */
public final class IngestBenchmark {
  /** What to measure with. */
  public record Settings(
      long events, int partitions, int parallelism, int rounds, Path examples, Path workDir) {
    public Settings {
      requireNonNull(examples, "examples is null");
      requireNonNull(workDir, "workDir is null");
      if (events < 1 || partitions < 1 || parallelism < 1 || rounds < 1) {
        throw new InvalidValueException(
            "events, partitions, parallelism and rounds must each be at least 1");
      }
    }
  }

  /** The counted rounds of each job. */
  public record Result(long events, Rounds ceiling, Rounds landing, Rounds plainSql) {}

  private static final String TOPIC = "bench.orders";

  private final Settings settings;
  private final PrintWriter out;

  public IngestBenchmark(Settings settings, PrintWriter out) {
    this.settings = requireNonNull(settings, "settings is null");
    this.out = requireNonNull(out, "out is null");
  }

  public Result run() throws Exception {
    SourceSpec orders = Sources.load(settings.examples().resolve("sources")).get("orders");
    out.printf(
        Locale.ROOT,
        "%s; events %,d, partitions %d, parallelism %d, rounds %d%n",
        BenchStack.machine(),
        settings.events(),
        settings.partitions(),
        settings.parallelism(),
        settings.rounds());
    try (BenchStack stack =
        BenchStack.start(settings.workDir(), Math.max(8, settings.parallelism() * 4))) {
      stack.createTopic(TOPIC, settings.partitions());
      Instant from =
          LocalDate.now(ZoneOffset.UTC).minusDays(3).atStartOfDay(ZoneOffset.UTC).toInstant();
      stack.produceOrders(TOPIC, settings.events(), from, Duration.ofDays(2), out);
      List<Duration> ceiling = new ArrayList<>();
      List<Duration> landing = new ArrayList<>();
      List<Duration> plain = new ArrayList<>();
      for (int round = 1; round <= settings.rounds(); round++) {
        boolean counted = round > 1 || settings.rounds() == 1;
        // rotate which job goes first, so none always runs on a warmer JVM
        Duration parseOnly = null;
        Duration landed = null;
        Duration plainSql = null;
        for (int job = 0; job < 3; job++) {
          switch ((job + round) % 3) {
            case 0 -> parseOnly = ceiling(stack, orders, round);
            case 1 -> landed = landing(stack, orders, round);
            default -> plainSql = plainSql(stack, round);
          }
        }
        if (counted) {
          ceiling.add(parseOnly);
          landing.add(landed);
          plain.add(plainSql);
        } else {
          out.println("         (round 1 warms the JVM up and is not counted)");
        }
      }
      Result result =
          new Result(
              settings.events(), new Rounds(ceiling), new Rounds(landing), new Rounds(plain));
      long n = settings.events();
      out.printf(
          Locale.ROOT,
          "best of the counted rounds:   ceiling %,.0f events/s | landing %,.0f events/s |"
              + " landing/ceiling %.2f%n",
          result.ceiling().bestPerSecond(n),
          result.landing().bestPerSecond(n),
          result.landing().bestPerSecond(n) / result.ceiling().bestPerSecond(n));
      out.printf(
          Locale.ROOT,
          "median of the counted rounds: ceiling %,.0f events/s | landing %,.0f events/s |"
              + " landing/ceiling %.2f%n",
          result.ceiling().medianPerSecond(n),
          result.landing().medianPerSecond(n),
          result.landing().medianPerSecond(n) / result.ceiling().medianPerSecond(n));
      out.printf(
          Locale.ROOT,
          "against plain Flink SQL:      plain SQL %,.0f events/s median (best %,.0f) |"
              + " landing/plain SQL %.2f median (best %.2f)%n",
          result.plainSql().medianPerSecond(n),
          result.plainSql().bestPerSecond(n),
          result.landing().medianPerSecond(n) / result.plainSql().medianPerSecond(n),
          result.landing().bestPerSecond(n) / result.plainSql().bestPerSecond(n));
      return result;
    }
  }

  /** The ceiling job: Kafka → validate → discard, on the benchmark topic. */
  static Duration ceilingJob(BenchStack stack, SourceSpec source, int parallelism, String name)
      throws Exception {
    LandingJob job =
        LandingJob.builder()
            .source(source)
            .kafka(stack.kafka().connection())
            .lake(stack.lake())
            .parallelism(parallelism)
            .stopAt(OffsetsInitializer.latest())
            .build();
    return stack.runBounded(name, job::addParseOnlyTo);
  }

  private Duration ceiling(BenchStack stack, SourceSpec orders, int round) throws Exception {
    Duration took =
        ceilingJob(
            stack,
            renamed(orders, "bench_ceiling_" + round, TOPIC),
            settings.parallelism(),
            "bench-ceiling-" + round);
    Rounds.print(out, round, "ceiling  Kafka -> validate -> discard", settings.events(), took);
    return took;
  }

  private Duration landing(BenchStack stack, SourceSpec orders, int round) throws Exception {
    Duration took =
        landingJob(
            stack,
            renamed(orders, "bench_landing_" + round, TOPIC),
            settings.parallelism(),
            settings.events());
    Rounds.print(out, round, "landing  Kafka -> bronze (exactly-once)", settings.events(), took);
    out.printf(
        Locale.ROOT, "         bronze rows committed: %,d (as produced)%n", settings.events());
    return took;
  }

  private Duration plainSql(BenchStack stack, int round) throws Exception {
    String table = "bench_plain_sql_" + round;
    Duration took =
        PlainFlinkSql.run(stack, stack.kafka().connection(), TOPIC, table, settings.parallelism());
    long rows = PlainFlinkSql.committedRows(stack, table);
    if (rows != settings.events()) {
      throw new IllegalStateException(
          "Plain Flink SQL committed " + rows + " rows, expected " + settings.events());
    }
    Rounds.print(out, round, "plain SQL  kafka json -> Iceberg by day", settings.events(), took);
    out.printf(Locale.ROOT, "         plain SQL rows committed: %,d (as produced)%n", rows);
    return took;
  }

  /**
   * The landing job, bounded: Kafka → validate → bronze, exactly-once, one commit at its end;
   * checks that it committed {@code events} rows.
   */
  static Duration landingJob(BenchStack stack, SourceSpec source, int parallelism, long events)
      throws Exception {
    LandingJob job =
        LandingJob.builder()
            .source(source)
            .kafka(stack.kafka().connection())
            .lake(stack.lake())
            .parallelism(parallelism)
            .stopAt(OffsetsInitializer.latest())
            .build();
    Duration took = stack.runBounded(source.name().replace('_', '-'), job::addTo);
    org.apache.iceberg.Table table = stack.lake().loadTable(BronzeTables.bronze(source));
    table.refresh();
    Snapshot snapshot = table.currentSnapshot();
    long rows =
        snapshot == null
            ? 0
            : Long.parseLong(snapshot.summary().getOrDefault("total-records", "0"));
    if (rows != events) {
      throw new IllegalStateException("Landing committed " + rows + " rows, expected " + events);
    }
    return took;
  }

  /** The source as the benchmark uses it: its own name (so its own tables) on {@code topic}. */
  static SourceSpec renamed(SourceSpec spec, String name, String topic) {
    return new SourceSpec(
        name,
        topic,
        spec.format(),
        spec.key(),
        spec.eventTime(),
        spec.maxOutOfOrderness(),
        spec.partitions(),
        spec.columns(),
        spec.metadata(),
        spec.current(),
        spec.maintenance(),
        spec.kinesis());
  }
}
