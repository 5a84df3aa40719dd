package io.tributary.infra.cli;

import io.tributary.infra.bench.ProduceBenchmark;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tributary bench produce}. */
@Command(
    name = "produce",
    mixinStandardHelpOptions = true,
    description =
        "`tributary produce` of the same orders as JSON lines, CSV and Parquet, beside a plain"
            + " Kafka producer sending the same records from memory with the same settings, on one"
            + " embedded broker; every run's topic checked to hold every row.")
final class ProduceBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--rows",
      defaultValue = "1000000",
      paramLabel = "N",
      description = "Orders in each file (default: ${DEFAULT-VALUE}).")
  long rows;

  @Option(
      names = "--partitions",
      defaultValue = "2",
      paramLabel = "N",
      description = "Partitions of each run's topic (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--rounds",
      defaultValue = "3",
      paramLabel = "N",
      description =
          "Rounds of every run; with more than one, the first warms the JVM up and is not counted"
              + " (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Override
  public Integer call() throws Exception {
    return BenchCommand.inTemporaryDirectory(
        work ->
            new ProduceBenchmark(
                    new ProduceBenchmark.Settings(rows, partitions, rounds, Home.examples(), work),
                    spec.commandLine().getOut())
                .run());
  }
}
