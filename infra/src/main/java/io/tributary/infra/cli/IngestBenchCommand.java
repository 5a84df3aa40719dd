package io.tributary.infra.cli;

import io.tributary.infra.bench.IngestBenchmark;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tributary bench ingest}. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description =
        "Kafka -> bronze with exactly-once commits, against the ceiling Kafka -> validate ->"
            + " discard, plain Flink SQL and Iceberg's Kafka Connect sink, on the same events, bad"
            + " ones included.")
final class IngestBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin BenchCommand.Shape shape;

  @Option(
      names = "--bad-every",
      defaultValue = "1000",
      paramLabel = "N",
      description =
          "One event in N is bad, malformed JSON or an order without its key, in turn; 0 for"
              + " none (default: ${DEFAULT-VALUE}).")
  long badEvery;

  @Option(
      names = "--connect-commit-interval",
      defaultValue = "1s",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "The Kafka Connect sink's commit interval; its time ends at the commit that holds the"
              + " last row (default: ${DEFAULT-VALUE}).")
  Duration connectCommitInterval;

  @Option(
      names = "--no-connect",
      description =
          "Leave Iceberg's Kafka Connect sink out (it runs in a worker process whose class path"
              + " Maven resolves on first use).")
  boolean noConnect;

  @Override
  public Integer call() throws Exception {
    return BenchCommand.inTemporaryDirectory(
        work ->
            new IngestBenchmark(
                    new IngestBenchmark.Settings(
                        shape.events,
                        shape.partitions,
                        shape.parallelism,
                        shape.rounds,
                        badEvery,
                        connectCommitInterval,
                        noConnect
                            ? Optional.empty()
                            : Optional.of(Home.root().resolve(IngestBenchmark.CONNECT_SCRIPT)),
                        Home.examples(),
                        work),
                    spec.commandLine().getOut())
                .run());
  }
}
