package io.tributary.infra.cli;

import io.tributary.infra.bench.FreshnessBenchmark;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tributary bench freshness}. */
@Command(
    name = "freshness",
    mixinStandardHelpOptions = true,
    description =
        "How long after its append to Kafka a query sees an event in bronze, with up's settings"
            + " (unbounded landing, a commit per checkpoint), at a steady rate: p50, p99 and max"
            + " beside the checkpoint interval, and at a 1 s interval; then a feature group's, until"
            + " readable in DynamoDB.")
final class FreshnessBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--rate",
      defaultValue = "10000",
      paramLabel = "N",
      description = "Events per second (default: ${DEFAULT-VALUE}).")
  int rate;

  @Option(
      names = "--duration",
      defaultValue = "3min",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "How long each run publishes (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(
      names = "--checkpoint-interval",
      defaultValue = "10s",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "The checkpoint interval of the first run, up's default (default: ${DEFAULT-VALUE}).")
  Duration checkpointInterval;

  @Option(
      names = "--no-features",
      description =
          "Leave out the feature group's freshness in DynamoDB (it starts a local dynalite).")
  boolean noFeatures;

  @Override
  public Integer call() throws Exception {
    return BenchCommand.inTemporaryDirectory(
        work ->
            new FreshnessBenchmark(
                    new FreshnessBenchmark.Settings(
                        rate,
                        duration,
                        checkpointInterval,
                        noFeatures
                            ? Optional.empty()
                            : Optional.of(Home.root().resolve("infra/local/dynalite/dynalite.sh")),
                        Home.examples(),
                        work),
                    spec.commandLine().getOut())
                .run());
  }
}
