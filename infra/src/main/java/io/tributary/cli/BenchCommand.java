package io.tributary.cli;

import io.tributary.bench.IngestBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tributary bench}: measurements with their same-run baselines. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks that print a figure next to its same-run baseline.",
    subcommands = {BenchCommand.Ingest.class})
final class BenchCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "Missing a benchmark: ingest");
  }

  @Command(
      name = "ingest",
      mixinStandardHelpOptions = true,
      description =
          "Kafka -> bronze with exactly-once commits, against the ceiling Kafka -> validate -> discard, on the same ~200-byte JSON events, on an embedded stack of its own (any running `up` is untouched).")
  static final class Ingest implements Callable<Integer> {
    @Option(
        names = "--events",
        defaultValue = "2000000",
        paramLabel = "N",
        description = "Events to produce (default: ${DEFAULT-VALUE}).")
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
            "Rounds of both jobs; with more than one, the first warms the JVM up and is not counted,"
                + " and the best of the others is reported (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(
        names = "--checkpoint-interval",
        defaultValue = "10s",
        paramLabel = "DURATION",
        converter = DurationConverter.class,
        description =
            "Checkpoint (and so commit) interval of the landing job (default: ${DEFAULT-VALUE}).")
    Duration checkpointInterval;

    @Override
    public Integer call() throws Exception {
      Path work = Files.createTempDirectory("tributary-bench-");
      try {
        new IngestBenchmark(
                new IngestBenchmark.Settings(
                    events, partitions, parallelism, rounds, checkpointInterval, work),
                System.out)
            .run();
      } finally {
        try (Stream<Path> walk = Files.walk(work)) {
          walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
      return 0;
    }
  }
}
