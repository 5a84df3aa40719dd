package io.tributary.infra.cli;

import io.tributary.infra.bench.FeatureBenchmark;
import io.tributary.infra.bench.HistoryBenchmark;
import io.tributary.infra.bench.MaintenanceBenchmark;
import io.tributary.infra.bench.ReplayBenchmark;
import io.tributary.infra.local.EmbeddedTrino;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tributary bench}: measurements with their same-run baselines. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Benchmarks that print a figure next to its same-run baseline, each on an embedded stack"
            + " of its own in a temporary directory (a running `up` is untouched).",
    subcommands = {
      IngestBenchCommand.class,
      BenchCommand.Replay.class,
      BenchCommand.Maintenance.class,
      BenchCommand.History.class,
      BenchCommand.Features.class,
      ServingBenchCommand.class,
      SyncBenchCommand.class,
      ProduceBenchCommand.class,
      FreshnessBenchCommand.class,
      StartupBenchCommand.class
    })
final class BenchCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "Missing a benchmark: ingest, replay, maintenance, history, features, serving, sync,"
            + " produce, freshness or startup");
  }

  /** Options both benchmarks take. */
  static final class Shape {
    @Option(
        names = "--events",
        defaultValue = "2000000",
        paramLabel = "N",
        description =
            "Events to produce, about 200 bytes of JSON each (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(
        names = "--partitions",
        defaultValue = "2",
        paramLabel = "N",
        description = "Topic partitions (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
        names = "--parallelism",
        defaultValue = "2",
        paramLabel = "N",
        description = "Job parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
        names = "--rounds",
        defaultValue = "3",
        paramLabel = "N",
        description =
            "Rounds of both jobs; with more than one, the first warms the JVM up and is not"
                + " counted; best and median of the others are reported (default:"
                + " ${DEFAULT-VALUE}).")
    int rounds;
  }

  @Command(
      name = "replay",
      mixinStandardHelpOptions = true,
      description =
          "The replay of one day of orders through an example pipeline (batch SQL, overwrite of"
              + " the day), against the ingest ceiling Kafka -> validate -> discard on the same"
              + " events.")
  static final class Replay implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Shape shape;

    @Option(
        names = "--pipeline",
        defaultValue = "big_orders",
        description =
            "The example pipeline to replay: big_orders (a filter that writes most of what it"
                + " reads) or daily_revenue (a windowed aggregation). Default: ${DEFAULT-VALUE}.")
    String pipeline;

    @Override
    public Integer call() throws Exception {
      return inTemporaryDirectory(
          work ->
              new ReplayBenchmark(
                      new ReplayBenchmark.Settings(
                          shape.events,
                          shape.partitions,
                          shape.parallelism,
                          shape.rounds,
                          ReplayBenchmark.Pipeline.named(pipeline),
                          Home.examples(),
                          work),
                      spec.commandLine().getOut())
                  .run());
    }
  }

  @Command(
      name = "maintenance",
      mixinStandardHelpOptions = true,
      description =
          "A bronze table of many small files: its data files and a Trino query's time before and"
              + " after maintenance (compaction and snapshot expiry), with the query's result"
              + " checked equal.")
  static final class Maintenance implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--files",
        defaultValue = "10000",
        paramLabel = "N",
        description = "Small data files to write (default: ${DEFAULT-VALUE}).")
    int files;

    @Option(
        names = "--rows-per-file",
        defaultValue = "60",
        paramLabel = "N",
        description =
            "Orders in each file, as a 10 s checkpoint of 5 events/s leaves them (default:"
                + " ${DEFAULT-VALUE}).")
    int rowsPerFile;

    @Option(
        names = "--days",
        defaultValue = "10",
        paramLabel = "N",
        description = "Days (ds partitions) the files spread over (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(
        names = "--files-per-commit",
        defaultValue = "50",
        paramLabel = "N",
        description = "Files in each commit, each a snapshot (default: ${DEFAULT-VALUE}).")
    int filesPerCommit;

    @Option(
        names = "--query-runs",
        defaultValue = "5",
        paramLabel = "N",
        description =
            "Counted runs of the query before and after, after one that warms up; the median is"
                + " reported (default: ${DEFAULT-VALUE}).")
    int queryRuns;

    @Option(
        names = "--parallelism",
        defaultValue = "2",
        paramLabel = "N",
        description = "The maintenance job's parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Override
    public Integer call() throws Exception {
      return inTemporaryDirectory(
          work ->
              new MaintenanceBenchmark(
                      new MaintenanceBenchmark.Settings(
                          files,
                          rowsPerFile,
                          days,
                          filesPerCommit,
                          queryRuns,
                          parallelism,
                          Home.examples(),
                          Home.root().resolve(EmbeddedTrino.SCRIPT),
                          work),
                      spec.commandLine().getOut())
                  .run());
    }
  }

  @Command(
      name = "history",
      mixinStandardHelpOptions = true,
      description =
          "Landing a file of events that fall into one day, against the same number of events"
              + " spread over many days (a file of history): rows/s and the heap's peak of each.")
  static final class History implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--events",
        defaultValue = "1000000",
        paramLabel = "N",
        description = "Events of each shape (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(
        names = "--days",
        defaultValue = "3000",
        paramLabel = "N",
        description = "Days the history's events spread over (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(
        names = "--partitions",
        defaultValue = "2",
        paramLabel = "N",
        description = "Topic partitions (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
        names = "--parallelism",
        defaultValue = "1",
        paramLabel = "N",
        description = "Job parallelism, as `up` runs jobs (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
        names = "--rounds",
        defaultValue = "3",
        paramLabel = "N",
        description =
            "Rounds of both shapes; with more than one, the first is not counted (default:"
                + " ${DEFAULT-VALUE}).")
    int rounds;

    @Override
    public Integer call() throws Exception {
      return inTemporaryDirectory(
          work ->
              new HistoryBenchmark(
                      new HistoryBenchmark.Settings(
                          events, days, partitions, parallelism, rounds, Home.examples(), work),
                      spec.commandLine().getOut())
                  .run());
    }
  }

  @Command(
      name = "features",
      mixinStandardHelpOptions = true,
      description =
          "A feature group's job (restaurant_activity) beside the landing job on the same orders:"
              + " events/s at each number of entities, DynamoDB writes per 1,000 events, and"
              + " freshness (append to Kafka -> readable in DynamoDB, p50/p99) at a steady rate.")
  static final class Features implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--events",
        defaultValue = "1000000",
        paramLabel = "N",
        description = "Orders for each number of entities (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(
        names = "--entities",
        defaultValue = "1000,100000",
        split = ",",
        paramLabel = "N",
        description =
            "Numbers of entities (restaurants) to measure at (default: ${DEFAULT-VALUE}).")
    List<Integer> entities;

    @Option(
        names = "--rate",
        defaultValue = "10000",
        paramLabel = "N",
        description = "Orders per second while freshness is measured (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(
        names = "--seconds",
        defaultValue = "30",
        paramLabel = "N",
        description = "How long freshness is measured (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(
        names = "--fresh-entities",
        defaultValue = "100,1000",
        split = ",",
        paramLabel = "N",
        description =
            "Numbers of restaurants the steady orders spread over while freshness is measured"
                + " (default: ${DEFAULT-VALUE}).")
    List<Integer> freshEntities;

    @Option(
        names = "--parallelism",
        defaultValue = "1",
        paramLabel = "N",
        description = "The jobs' parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Override
    public Integer call() throws Exception {
      return inTemporaryDirectory(
          work ->
              new FeatureBenchmark(
                      new FeatureBenchmark.Settings(
                          events,
                          entities,
                          rate,
                          seconds,
                          freshEntities,
                          parallelism,
                          Home.examples(),
                          Home.root().resolve("infra/local/dynalite/dynalite.sh"),
                          work),
                      spec.commandLine().getOut())
                  .run());
    }
  }

  /** A benchmark body, run in a fresh directory. */
  interface InDirectory {
    void run(Path work) throws Exception;
  }

  static int inTemporaryDirectory(InDirectory benchmark) throws Exception {
    Path work = Files.createTempDirectory("tributary-bench-");
    try {
      benchmark.run(work);
    } finally {
      deleteTree(work);
    }
    return 0;
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
