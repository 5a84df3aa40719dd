package io.tributary.infra.cli;

import io.tributary.infra.bench.StartupBenchmark;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tributary bench startup}. */
@Command(
    name = "startup",
    mixinStandardHelpOptions = true,
    description =
        "up --demo in a JVM of its own, from a fresh data dir and from the one it left: seconds"
            + " to ready and to every job RUNNING, and its resident memory after a while of the"
            + " demo.")
final class StartupBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--resident-after",
      defaultValue = "5min",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "How long the demo runs before its memory is read (default: ${DEFAULT-VALUE}).")
  Duration residentAfter;

  @Override
  public Integer call() throws Exception {
    return BenchCommand.inTemporaryDirectory(
        work ->
            new StartupBenchmark(
                    new StartupBenchmark.Settings(residentAfter, Home.root(), work),
                    spec.commandLine().getOut())
                .run());
  }
}
