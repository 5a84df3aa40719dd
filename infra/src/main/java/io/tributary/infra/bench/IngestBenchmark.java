package io.tributary.infra.bench;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.error.InvalidValueException;
import io.tributary.stream.landing.BronzeTables;
import io.tributary.stream.landing.LandingJob;
import io.tributary.stream.source.SourceSpec;
import io.tributary.stream.source.SourceTopics;
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
import java.util.Optional;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Measures, in one run and on the same events, how fast landing moves events from Kafka into a
 * bronze table with exactly-once Iceberg commits, against the ceiling of reading and validating the
 * same events and discarding them, and against what a user would run instead: plain Flink SQL
 * ({@link PlainFlinkSql}) and Iceberg's Kafka Connect sink ({@link ConnectSinkPeer}), each into a
 * table of the same Parquet settings, partitioned by day. The topic holds bad events too (malformed
 * JSON, orders without their key); each round checks what every run committed, and that landing's
 * rejects hold exactly the bad events, and says what each peer did with them. The Flink jobs run
 * bounded on an embedded cluster of their own; the sink in a Kafka Connect worker beside it. The
 * first round warms the JVMs up and is not counted; the order of the runs rotates.
 */
public final class IngestBenchmark {
  /**
   * What to measure with.
   *
   * @param badEvery every how many events one is bad (0: none)
   * @param connectCommitInterval the Kafka Connect sink's commit interval
   * @param connectScript the Kafka Connect worker's launcher; empty to leave the sink out
   */
  public record Settings(
      long events,
      int partitions,
      int parallelism,
      int rounds,
      long badEvery,
      Duration connectCommitInterval,
      Optional<Path> connectScript,
      Path examples,
      Path workDir) {
    public Settings {
      requireNonNull(connectCommitInterval, "connectCommitInterval is null");
      requireNonNull(connectScript, "connectScript is null");
      requireNonNull(examples, "examples is null");
      requireNonNull(workDir, "workDir is null");
      if (events < 1 || partitions < 1 || parallelism < 1 || rounds < 1) {
        throw new InvalidValueException(
            "events, partitions, parallelism and rounds must each be at least 1");
      }
      if (badEvery < 0 || badEvery == 1) {
        throw new InvalidValueException(
            "--bad-every is " + badEvery + "; it must be 0 (no bad events) or at least 2");
      }
      if (connectCommitInterval.isNegative() || connectCommitInterval.isZero()) {
        throw new InvalidValueException("The Kafka Connect commit interval must be positive");
      }
    }
  }

  /**
   * The counted rounds of each run; {@code connect} is empty when the sink was left out or did not
   * land every round, and then {@code connectFailure} says why.
   */
  public record Result(
      long events,
      Rounds ceiling,
      Rounds landing,
      Rounds plainSql,
      Optional<Rounds> connect,
      Optional<String> connectFailure) {}

  /** The Kafka Connect worker's launcher, under the Tributary checkout. */
  public static final Path CONNECT_SCRIPT = IcebergConnectSink.SCRIPT;

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
            BenchStack.start(settings.workDir(), Math.max(8, settings.parallelism() * 4));
        Peers peers = Peers.start(settings, stack, out)) {
      stack.createTopic(TOPIC, settings.partitions());
      Instant from =
          LocalDate.now(ZoneOffset.UTC).minusDays(3).atStartOfDay(ZoneOffset.UTC).toInstant();
      BenchStack.Produced produced =
          stack.produceOrders(
              TOPIC, settings.events(), from, Duration.ofDays(2), true, settings.badEvery(), out);
      List<Duration> ceiling = new ArrayList<>();
      List<Duration> landing = new ArrayList<>();
      List<Duration> plain = new ArrayList<>();
      List<Duration> connect = new ArrayList<>();
      Optional<String> connectFailure =
          peers.sink().isPresent() ? Optional.empty() : Optional.of("left out (--no-connect)");
      int runs = peers.sink().isPresent() ? 4 : 3;
      for (int round = 1; round <= settings.rounds(); round++) {
        boolean counted = round > 1 || settings.rounds() == 1;
        // rotate which run goes first, so none always runs on a warmer JVM
        Duration[] took = new Duration[4];
        for (int run = 0; run < runs; run++) {
          int which = (run + round) % runs;
          took[which] =
              switch (which) {
                case 0 -> ceiling(stack, orders, round);
                case 1 -> landing(stack, orders, produced, round);
                case 2 -> plainSql(stack, produced, round);
                default -> {
                  ConnectSinkPeer.Run sunk =
                      connectSink(stack, peers.sink().orElseThrow(), produced, round);
                  if (sunk.failure().isPresent() && connectFailure.isEmpty()) {
                    connectFailure = Optional.of("round " + round + ": " + sunk.failure().get());
                  }
                  yield sunk.took();
                }
              };
        }
        if (counted) {
          ceiling.add(took[0]);
          landing.add(took[1]);
          plain.add(took[2]);
          if (runs == 4) {
            connect.add(took[3]);
          }
        } else {
          out.println("         (round 1 warms the JVMs up and is not counted)");
        }
      }
      Result result =
          new Result(
              settings.events(),
              new Rounds(ceiling),
              new Rounds(landing),
              new Rounds(plain),
              connectFailure.isEmpty() ? Optional.of(new Rounds(connect)) : Optional.empty(),
              connectFailure);
      WrongTypeCase.run(stack, orders, peers.sink(), settings.parallelism(), out);
      IngestSummary.print(out, result, produced, settings.connectCommitInterval());
      return result;
    }
  }

  /** The Kafka Connect worker, when the sink is part of the run. */
  private record Peers(Optional<IcebergConnectSink> sink) implements AutoCloseable {
    static Peers start(Settings settings, BenchStack stack, PrintWriter out) throws Exception {
      if (settings.connectScript().isEmpty()) {
        return new Peers(Optional.empty());
      }
      out.println(
          "starting a Kafka Connect worker with Iceberg's sink (the first time, Maven resolves"
              + " its class path: a minute or two; --no-connect leaves it out) ...");
      out.flush();
      return new Peers(
          Optional.of(
              IcebergConnectSink.start(
                  settings.connectScript().get(),
                  stack.kafka().connection().bootstrapServers(),
                  settings.workDir().resolve("kafka-connect"),
                  Duration.ofMinutes(10))));
    }

    @Override
    public void close() throws InterruptedException {
      if (sink.isPresent()) {
        sink.get().close();
      }
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

  private Duration landing(
      BenchStack stack, SourceSpec orders, BenchStack.Produced produced, int round)
      throws Exception {
    SourceSpec source = renamed(orders, "bench_landing_" + round, TOPIC);
    Duration took =
        landingJob(stack, source, settings.parallelism(), produced.events() - produced.bad());
    long rejects = stack.committedRows(BronzeTables.rejects(source));
    if (rejects != produced.bad()) {
      throw new IllegalStateException(
          "Landing rejected " + rejects + " events, " + produced.bad() + " were bad");
    }
    Rounds.print(out, round, "landing  Kafka -> bronze (exactly-once)", settings.events(), took);
    out.printf(
        Locale.ROOT,
        "         bronze rows committed: %,d, rejects with their reason: %,d (as produced)%n",
        produced.events() - produced.bad(),
        rejects);
    return took;
  }

  private Duration plainSql(BenchStack stack, BenchStack.Produced produced, int round)
      throws Exception {
    String table = "bench_plain_sql_" + round;
    Duration took =
        PlainFlinkSql.run(stack, stack.kafka().connection(), TOPIC, table, settings.parallelism());
    long rows = stack.committedRows(TableIdentifier.of("bronze", table));
    // json.ignore-parse-errors drops what does not parse and keeps a missing key as null
    long expected = produced.events() - produced.malformed();
    if (rows != expected) {
      throw new IllegalStateException(
          "Plain Flink SQL committed " + rows + " rows, expected " + expected);
    }
    Rounds.print(out, round, "plain SQL  kafka json -> Iceberg by day", settings.events(), took);
    out.printf(
        Locale.ROOT,
        "         plain SQL rows committed: %,d; %,d malformed events dropped without a trace%n",
        rows,
        produced.malformed());
    return took;
  }

  private ConnectSinkPeer.Run connectSink(
      BenchStack stack, IcebergConnectSink sink, BenchStack.Produced produced, int round)
      throws Exception {
    long expected = produced.events() - produced.malformed();
    ConnectSinkPeer.Run run =
        ConnectSinkPeer.run(
            stack,
            sink,
            TOPIC,
            "bench_connect_" + round,
            settings.parallelism(),
            settings.connectCommitInterval(),
            expected);
    if (run.failure().isPresent()) {
      out.printf(
          Locale.ROOT,
          "round %d  Kafka Connect sink failed after %.1f s with %,d of %,d rows: %s%n",
          round,
          run.took().toMillis() / 1000.0,
          run.rows(),
          expected,
          run.failure().get());
      return run;
    }
    // Connect's dead-letter queue is at-least-once: a task that restarts sends some again
    ConnectSinkPeer.DeadLetters dead = run.deadLetters();
    if (run.rows() != expected || dead.events() != produced.malformed()) {
      throw new IllegalStateException(
          "The Kafka Connect sink committed "
              + run.rows()
              + " rows and dead-lettered "
              + dead.events()
              + " events, expected "
              + expected
              + " and "
              + produced.malformed());
    }
    Rounds.print(
        out, round, "sink  Kafka Connect -> Iceberg by day", settings.events(), run.took());
    out.printf(
        Locale.ROOT,
        "         sink rows committed: %,d, dead-letter topic: %,d%s%n",
        run.rows(),
        dead.events(),
        dead.records() > dead.events()
            ? String.format(Locale.ROOT, " (in %,d records: some sent twice)", dead.records())
            : "");
    return run;
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
    // its dead-letter topic, as up creates it
    SourceTopics.ensure(stack.kafka().connection(), List.of(source));
    Duration took = stack.runBounded(source.name().replace('_', '-'), job::addTo);
    long rows = stack.committedRows(BronzeTables.bronze(source));
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
