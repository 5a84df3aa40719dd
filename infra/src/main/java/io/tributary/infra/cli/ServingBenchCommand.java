package io.tributary.infra.cli;

import io.tributary.infra.bench.ServingBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tributary bench serving}. */
@Command(
    name = "serving",
    mixinStandardHelpOptions = true,
    description =
        "The serving API over HTTP on a local dynalite: latency p50/p99/p99.9 and requests/s for"
            + " 1-entity and 50-entity requests at each number of connections, beside the raw"
            + " DynamoDB reads of the same requests; a long run counting errors; the deployment"
            + " jar's size and its cold start.")
final class ServingBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--entities",
      defaultValue = "1000",
      paramLabel = "N",
      description = "Entities in the store (default: ${DEFAULT-VALUE}).")
  int entities;

  @Option(
      names = "--connections",
      defaultValue = "1,8,32",
      split = ",",
      paramLabel = "N",
      description = "Numbers of concurrent connections (default: ${DEFAULT-VALUE}).")
  List<Integer> connections;

  @Option(
      names = "--seconds",
      defaultValue = "10",
      paramLabel = "N",
      description = "How long each measure runs (default: ${DEFAULT-VALUE}).")
  int seconds;

  @Option(
      names = "--long-seconds",
      defaultValue = "60",
      paramLabel = "N",
      description = "How long the run at the most connections lasts (default: ${DEFAULT-VALUE}).")
  int longSeconds;

  @Override
  public Integer call() throws Exception {
    if (connections.isEmpty() || connections.stream().anyMatch(c -> c < 1) || entities < 50) {
      throw new CliException("--connections must be at least 1 each, --entities at least 50");
    }
    Path work = Files.createTempDirectory("tributary-bench-");
    try {
      run(work);
    } finally {
      try (java.util.stream.Stream<Path> walk = Files.walk(work)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    return 0;
  }

  private void run(Path work) throws Exception {
    new ServingBenchmark(
            new ServingBenchmark.Settings(
                entities,
                connections,
                seconds,
                longSeconds,
                Home.examples(),
                Home.root().resolve("infra/local/dynalite/dynalite.sh"),
                Home.root().resolve("serving-lambda/target/serving-lambda.jar"),
                work),
            spec.commandLine().getOut())
        .run();
  }
}
