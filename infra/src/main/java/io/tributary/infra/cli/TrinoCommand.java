package io.tributary.infra.cli;

import io.tributary.catalog.CatalogBackend;
import io.tributary.catalog.LakeCatalogConfig;
import io.tributary.infra.local.EmbeddedTrino;
import io.tributary.infra.local.RuntimeInfo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tributary trino}: Athena's engine beside the running platform, on the same lake. */
@Command(
    name = "trino",
    mixinStandardHelpOptions = true,
    description =
        "Start Trino (the engine behind Athena) beside the running platform, reading the lake"
            + " through its REST catalog as catalog 'lake', and print how to connect. The first"
            + " start fetches Trino (about 550 MB) from Maven Central into a cache. Ctrl-C stops it.")
final class TrinoCommand implements Callable<Integer> {
  @Spec CommandSpec command;
  @Mixin CliOptions.DataDir dataDir;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "8090",
      description = "Trino's HTTP port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
  int port;

  @Override
  public Integer call() throws Exception {
    RuntimeInfo runtime = RuntimeInfo.running(dataDir.dataDir);
    LakeCatalogConfig catalog = runtime.catalog();
    String over =
        catalog.backend() == CatalogBackend.GLUE
            ? "Glue, warehouse " + catalog.warehouse().orElse("?")
            : catalog.uri();
    PrintWriter out = command.commandLine().getOut();
    Path log = dataDir.dataDir.resolve("logs").resolve("trino.log");
    out.println("trino starting on 127.0.0.1:" + port + " (logs in " + log + ") ...");
    out.flush();
    CountDownLatch stopRequested = StopSignals.install(out);
    try (EmbeddedTrino trino =
        EmbeddedTrino.start(
            Home.root().resolve(EmbeddedTrino.SCRIPT),
            catalog,
            port,
            dataDir.dataDir.resolve("trino"),
            log,
            Duration.ofMinutes(10))) {
      out.println("trino     " + trino.uri() + "  (catalog 'lake' over " + over + ")");
      out.println("connect:  JDBC " + trino.jdbcUrl() + "?user=analyst");
      out.println("          or the Trino CLI: trino --server " + trino.uri() + " --catalog lake");
      out.println("try:      SELECT ds, count(*) AS orders FROM lake.bronze.orders GROUP BY ds");
      out.println("trino ready; Ctrl-C stops it");
      out.flush();
      stopRequested.await();
      out.println("trino stopping...");
      out.flush();
    }
    return 0;
  }
}
