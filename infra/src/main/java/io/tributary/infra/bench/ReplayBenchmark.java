package io.tributary.infra.bench;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.error.InvalidValueException;
import io.tributary.stream.pipeline.PipelineSpec;
import io.tributary.stream.pipeline.Pipelines;
import io.tributary.stream.replay.DayReplay;
import io.tributary.stream.replay.ReplayReport;
import io.tributary.stream.source.SourceSpec;
import io.tributary.stream.source.Sources;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * Measures the T+1 replay of one day against the ingest ceiling and landing of the same events, in
 * one run: a day of orders in {@code src.orders}; the ceiling job reads and validates them and
 * discards them, the landing job writes them to bronze (both as in {@link IngestBenchmark}); the
 * replay of an example pipeline reads the same events in batch and overwrites the day in its
 * target: {@code big_orders} keeps the orders of 20 or more, {@code daily_revenue} sums them per
 * restaurant. The first round warms the JVM up and is not counted.
 */
public final class ReplayBenchmark {
  /** The example pipeline replayed, and the rows its replay of the day must write. */
  public enum Pipeline {
    /** A filter that writes most of what it reads: the orders of 20 or more. */
    BIG_ORDERS("big_orders", BenchStack.Produced::atLeast20),
    /** A windowed aggregation that writes one row per restaurant. */
    DAILY_REVENUE("daily_revenue", BenchStack.Produced::restaurants);

    private final String pipelineName;
    private final ToLongFunction<BenchStack.Produced> expectedRows;

    Pipeline(String pipelineName, ToLongFunction<BenchStack.Produced> expectedRows) {
      this.pipelineName = pipelineName;
      this.expectedRows = expectedRows;
    }

    /** The pipeline named {@code name} as in examples/pipelines. */
    public static Pipeline named(String name) {
      for (Pipeline pipeline : values()) {
        if (pipeline.pipelineName.equals(name)) {
          return pipeline;
        }
      }
      throw new InvalidValueException(
          "Unknown pipeline '"
              + name
              + "' for the replay benchmark; it replays big_orders or daily_revenue");
    }

    public String pipelineName() {
      return pipelineName;
    }
  }

  /** What to measure with. */
  public record Settings(
      long events,
      int partitions,
      int parallelism,
      int rounds,
      Pipeline pipeline,
      Path examples,
      Path workDir) {
    public Settings {
      requireNonNull(pipeline, "pipeline is null");
      requireNonNull(examples, "examples is null");
      requireNonNull(workDir, "workDir is null");
      if (events < 1 || partitions < 1 || parallelism < 1 || rounds < 1) {
        throw new InvalidValueException(
            "events, partitions, parallelism and rounds must each be at least 1");
      }
    }
  }

  /** The counted rounds: the ceiling, landing, the replay's Flink job, and the whole replay. */
  public record Result(
      long events, Rounds ceiling, Rounds landing, Rounds replayJob, Rounds replay) {}

  private final Settings settings;
  private final PrintWriter out;

  public ReplayBenchmark(Settings settings, PrintWriter out) {
    this.settings = requireNonNull(settings, "settings is null");
    this.out = requireNonNull(out, "out is null");
  }

  public Result run() throws Exception {
    List<SourceSpec> sources = Sources.load(settings.examples().resolve("sources")).all();
    SourceSpec orders =
        sources.stream().filter(s -> s.name().equals("orders")).findFirst().orElseThrow();
    PipelineSpec pipeline =
        Pipelines.load(List.of(settings.examples().resolve("pipelines")))
            .get(settings.pipeline().pipelineName());
    LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(3);
    out.printf(
        Locale.ROOT,
        "%s; pipeline %s, events %,d on %s, partitions %d, parallelism %d, rounds %d%n",
        BenchStack.machine(),
        pipeline.name(),
        settings.events(),
        day,
        settings.partitions(),
        settings.parallelism(),
        settings.rounds());
    try (BenchStack stack =
        BenchStack.start(settings.workDir(), Math.max(8, settings.parallelism() * 4))) {
      for (SourceSpec source : sources) {
        stack.createTopic(source.topic(), settings.partitions());
      }
      BenchStack.Produced produced =
          stack.produceOrders(
              orders.topic(),
              settings.events(),
              day.atStartOfDay(ZoneOffset.UTC).toInstant(),
              Duration.ofDays(1),
              out);
      DayReplay replay =
          DayReplay.builder()
              .pipeline(pipeline)
              .sources(sources)
              .kafka(stack.kafka().connection())
              .lake(stack.lake())
              .cluster(stack.cluster())
              .parallelism(settings.parallelism())
              .build();
      List<Duration> ceiling = new ArrayList<>();
      List<Duration> landing = new ArrayList<>();
      List<Duration> replayJob = new ArrayList<>();
      List<Duration> replayWhole = new ArrayList<>();
      for (int round = 1; round <= settings.rounds(); round++) {
        boolean counted = round > 1 || settings.rounds() == 1;
        Duration parseOnly = null;
        Duration landed = null;
        ReplayReport report = null;
        // a different job goes first in each round, so none always runs on a warmer JVM
        for (int k = 0; k < 3; k++) {
          switch ((k + round - 1) % 3) {
            case 0 -> parseOnly = ceiling(stack, orders, round);
            case 1 -> landed = landing(stack, orders, round);
            default -> report = replay(replay, day, produced, round);
          }
        }
        if (counted) {
          ceiling.add(parseOnly);
          landing.add(landed);
          replayJob.add(report.jobElapsed());
          replayWhole.add(report.elapsed());
        } else {
          out.println("         (round 1 warms the JVM up and is not counted)");
        }
      }
      Result result =
          new Result(
              settings.events(),
              new Rounds(ceiling),
              new Rounds(landing),
              new Rounds(replayJob),
              new Rounds(replayWhole));
      long n = settings.events();
      for (String kind : List.of("best", "median")) {
        boolean best = kind.equals("best");
        double c = best ? result.ceiling().bestPerSecond(n) : result.ceiling().medianPerSecond(n);
        double l = best ? result.landing().bestPerSecond(n) : result.landing().medianPerSecond(n);
        double j =
            best ? result.replayJob().bestPerSecond(n) : result.replayJob().medianPerSecond(n);
        double w = best ? result.replay().bestPerSecond(n) : result.replay().medianPerSecond(n);
        out.printf(
            Locale.ROOT,
            "%-6s of the counted rounds: ceiling %,.0f events/s | landing %,.0f events/s (%.2f of"
                + " the ceiling) | replay job %,.0f events/s (%.2f) | whole replay %,.0f events/s"
                + " (%.2f of the ceiling, %.2f of landing)%n",
            kind,
            c,
            l,
            l / c,
            j,
            j / c,
            w,
            w / c,
            w / l);
      }
      return result;
    }
  }

  private Duration ceiling(BenchStack stack, SourceSpec orders, int round) throws Exception {
    Duration took =
        IngestBenchmark.ceilingJob(
            stack,
            IngestBenchmark.renamed(orders, "bench_ceiling_" + round, orders.topic()),
            settings.parallelism(),
            "bench-ceiling-" + round);
    Rounds.print(out, round, "ceiling  Kafka -> validate -> discard", settings.events(), took);
    return took;
  }

  private Duration landing(BenchStack stack, SourceSpec orders, int round) throws Exception {
    Duration took =
        IngestBenchmark.landingJob(
            stack,
            IngestBenchmark.renamed(orders, "bench_landing_" + round, orders.topic()),
            settings.parallelism(),
            settings.events());
    Rounds.print(out, round, "landing  Kafka -> bronze (exactly-once)", settings.events(), took);
    return took;
  }

  private ReplayReport replay(
      DayReplay replay, LocalDate day, BenchStack.Produced produced, int round)
      throws InterruptedException {
    ReplayReport report = replay.replay(day);
    long expected = settings.pipeline().expectedRows.applyAsLong(produced);
    if (report.rowsWritten() != expected) {
      throw new IllegalStateException(
          "The replay wrote " + report.rowsWritten() + " rows, expected " + expected);
    }
    Rounds.print(
        out,
        round,
        "replay job  batch SQL -> overwrite the day",
        settings.events(),
        report.jobElapsed());
    out.printf(
        Locale.ROOT,
        "round %d  %-44s %,10.0f events/s  (%.2f s; %,d rows written, %,d late)%n",
        round,
        "whole replay  plan, job, commit, late count",
        Rounds.perSecond(settings.events(), report.elapsed()),
        report.elapsed().toMillis() / 1000.0,
        report.rowsWritten(),
        report.lateEvents());
    return report;
  }
}
