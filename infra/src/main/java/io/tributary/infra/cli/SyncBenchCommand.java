package io.tributary.infra.cli;

import io.tributary.infra.bench.SyncBenchmark;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tributary bench sync}. */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    description =
        "A table group's sync from a lake table into a local dynalite: a full sync of the table,"
            + " incremental syncs after a day is replaced, rows read/s and DynamoDB writes/s,"
            + " beside a feature group's streaming job writing to the same store in the same run.")
final class SyncBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--rows",
      defaultValue = "1000000",
      paramLabel = "N",
      description = "Rows of the table, a whole number of days (default: ${DEFAULT-VALUE}).")
  long rows;

  @Option(
      names = "--entities",
      defaultValue = "100000",
      paramLabel = "N",
      description = "Restaurants, a row each per day (default: ${DEFAULT-VALUE}).")
  int entities;

  @Option(
      names = "--events",
      defaultValue = "200000",
      paramLabel = "N",
      description =
          "Orders the baseline feature job reads, over the same restaurants (default:"
              + " ${DEFAULT-VALUE}).")
  long events;

  @Option(
      names = "--parallelism",
      defaultValue = "1",
      paramLabel = "N",
      description = "The feature job's parallelism (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Override
  public Integer call() throws Exception {
    return BenchCommand.inTemporaryDirectory(
        work ->
            new SyncBenchmark(
                    new SyncBenchmark.Settings(
                        rows,
                        entities,
                        events,
                        parallelism,
                        Home.examples(),
                        Home.root().resolve("infra/local/dynalite/dynalite.sh"),
                        work),
                    spec.commandLine().getOut())
                .run());
  }
}
