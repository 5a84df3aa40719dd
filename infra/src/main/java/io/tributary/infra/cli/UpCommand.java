package io.tributary.infra.cli;

import io.tributary.catalog.lineage.Lineage;
import io.tributary.infra.local.CatalogDatabase;
import io.tributary.infra.local.LocalConfig;
import io.tributary.infra.local.LocalPlatform;
import io.tributary.stream.job.JobSettings;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.logging.log4j.LogManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tributary up}: the whole platform in this process, until SIGINT or SIGTERM. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description =
        "Start Kafka, Flink, the Iceberg catalog, the SQL gateway and one landing job per source, in this process. Prints one line per component, then 'ready'. Ctrl-C (SIGINT) or SIGTERM stops every job with a savepoint; `up` on the same data dir resumes where it stopped.")
final class UpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin CliOptions.DataDir dataDir;

  @Option(
      names = "--sources",
      paramLabel = "DIR",
      description =
          "Directory of source declarations, one YAML file per source; repeatable"
              + " (default: ./"
              + LocalConfig.DEFAULT_SOURCES_DIR
              + " when it exists).")
  List<Path> sources = new ArrayList<>();

  @Option(
      names = "--pipelines",
      paramLabel = "DIR",
      description =
          "Directory of pipelines, one subdirectory with pipeline.yaml and transform.sql each;"
              + " repeatable (default: ./"
              + LocalConfig.DEFAULT_PIPELINES_DIR
              + " when it exists).")
  List<Path> pipelines = new ArrayList<>();

  @Option(
      names = "--demo",
      description =
          "Add the example sources (orders, clicks) and pipelines (big_orders, daily_revenue), and a generator producing the sources' events.")
  boolean demo;

  @Option(
      names = "--demo-rate",
      paramLabel = "N",
      defaultValue = "" + LocalConfig.DEFAULT_DEMO_RATE,
      description = "Demo events per second, per source (default: ${DEFAULT-VALUE}).")
  int demoRate;

  @Option(
      names = "--kafka-port",
      paramLabel = "PORT",
      defaultValue = "" + LocalConfig.DEFAULT_KAFKA_PORT,
      description =
          "Kafka client port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int kafkaPort;

  @Option(
      names = "--flink-port",
      paramLabel = "PORT",
      defaultValue = "" + LocalConfig.DEFAULT_FLINK_PORT,
      description =
          "Flink REST API and web UI port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int flinkPort;

  @Option(
      names = "--catalog-port",
      paramLabel = "PORT",
      defaultValue = "" + LocalConfig.DEFAULT_CATALOG_PORT,
      description =
          "Iceberg REST catalog port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int catalogPort;

  @Option(
      names = "--gateway-port",
      paramLabel = "PORT",
      defaultValue = "" + LocalConfig.DEFAULT_GATEWAY_PORT,
      description =
          "Port of the SQL gateway (Flink's SQL Gateway REST API) on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int gatewayPort;

  @Option(
      names = "--api-port",
      paramLabel = "PORT",
      defaultValue = "" + LocalConfig.DEFAULT_API_PORT,
      description =
          "Port of the platform API (/api/v1: deployments, jobs) on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int apiPort;

  @Option(
      names = "--gateway-host",
      paramLabel = "ADDRESS",
      defaultValue = LocalConfig.DEFAULT_HOST,
      description =
          "Address the SQL gateway binds to (default: ${DEFAULT-VALUE}); any other than a loopback address needs --gateway-tokens.")
  String gatewayHost;

  @Option(
      names = "--gateway-tokens",
      paramLabel = "FILE",
      description =
          "YAML file of the SQL gateway's users: name, role (admin, developer, reader) and token_sha256, the SHA-256 of their bearer token. Without it, auth is off (allowed on 127.0.0.1 only).")
  Path gatewayTokens;

  @Option(
      names = "--checkpoint-interval",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description =
          "How often jobs checkpoint, and so how often bronze commits: 500ms, 10s, 1min (default: ${DEFAULT-VALUE}).")
  Duration checkpointInterval;

  @Option(
      names = "--state-backend",
      paramLabel = "NAME",
      defaultValue = LocalConfig.DEFAULT_STATE_BACKEND,
      description =
          "Where job state lives: hashmap (heap) or rocksdb (disk) (default: ${DEFAULT-VALUE}).")
  String stateBackend;

  @Option(
      names = "--parallelism",
      paramLabel = "N",
      defaultValue = "" + LocalConfig.DEFAULT_PARALLELISM,
      description = "Parallelism of each landing and pipeline job (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(
      names = "--task-slots",
      paramLabel = "N",
      defaultValue = "" + LocalConfig.DEFAULT_TASK_SLOTS,
      description = "Task slots of the embedded Flink task manager (default: ${DEFAULT-VALUE}).")
  int taskSlots;

  @Option(
      names = "--lineage-url",
      paramLabel = "URL",
      converter = LineageUrlConverter.class,
      description =
          "lineage.url: an OpenLineage endpoint (e.g. Marquez at http://localhost:5000) that also"
              + " receives every job's lineage events; they are kept under the data dir either"
              + " way.")
  Optional<URI> lineageUrl;

  @Option(
      names = "--flink",
      paramLabel = "URL",
      description =
          "REST address of a Flink cluster (its JobManager, such as http://flink-jm:8081) to run"
              + " every job on instead of the embedded one. Jobs carry infra/target/tributary-job.jar"
              + " there; the cluster must reach Kafka, the catalog and the data dir.")
  URI flinkCluster;

  @Option(
      names = "--catalog-db",
      paramLabel = "JDBC_URL",
      description =
          "A PostgreSQL database for the catalog's store, such as"
              + " jdbc:postgresql://db-host:5432/lake, instead of the SQLite file under the data"
              + " dir; user and password from $"
              + CatalogDatabase.USER_VARIABLE
              + " and $"
              + CatalogDatabase.PASSWORD_VARIABLE
              + ".")
  String catalogDb;

  @Override
  public Integer call() throws Exception {
    LocalConfig config =
        new LocalConfig(
            dataDir.dataDir,
            sourceDirs(),
            pipelineDirs(),
            demo ? Optional.of(demoRate) : Optional.empty(),
            LocalConfig.DEFAULT_HOST,
            kafkaPort,
            flinkPort,
            catalogPort,
            gatewayPort,
            gatewayHost,
            Optional.ofNullable(gatewayTokens),
            apiPort,
            new JobSettings(checkpointInterval, stateBackend, parallelism),
            taskSlots,
            lineageUrl == null ? Optional.empty() : lineageUrl,
            Optional.ofNullable(flinkCluster),
            Optional.ofNullable(catalogDb)
                .map(
                    url ->
                        new CatalogDatabase(
                            url,
                            environment(CatalogDatabase.USER_VARIABLE),
                            environment(CatalogDatabase.PASSWORD_VARIABLE))));
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        "tributary starting on data dir "
            + config.dataDir().toAbsolutePath()
            + " (logs in "
            + config.dataDir().resolve("logs")
            + ")");
    CountDownLatch stopRequested = StopSignals.install(out);
    LocalPlatform platform = LocalPlatform.start(config, out::println);
    double seconds =
        (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0;
    out.printf(
        Locale.ROOT,
        "tributary ready in %.1f s. Try: bin/tributary sql \"SELECT COUNT(*) FROM lake.bronze.%s\"%n",
        seconds,
        platform.sources().all().isEmpty() ? "orders" : platform.sources().all().get(0).name());
    out.flush();
    stopRequested.await();
    out.println("tributary stopping: jobs take savepoints, then the servers stop...");
    out.flush();
    try {
      platform.close();
    } finally {
      LogManager.shutdown();
    }
    out.println("tributary stopped; `up` on " + config.dataDir() + " resumes from here");
    return 0;
  }

  private static Optional<String> environment(String name) {
    return Optional.ofNullable(System.getenv(name)).filter(value -> !value.isEmpty());
  }

  private List<Path> pipelineDirs() {
    List<Path> dirs = new ArrayList<>(pipelines);
    if (dirs.isEmpty()) {
      Path fallback = Path.of(LocalConfig.DEFAULT_PIPELINES_DIR);
      if (Files.isDirectory(fallback)) {
        dirs.add(fallback);
      }
    }
    for (Path dir : dirs) {
      if (!Files.isDirectory(dir)) {
        throw new CliException("Pipelines directory " + dir + " does not exist");
      }
    }
    if (demo) {
      dirs.add(Home.examples().resolve("pipelines"));
    }
    return dirs;
  }

  private List<Path> sourceDirs() {
    List<Path> dirs = new ArrayList<>(sources);
    if (dirs.isEmpty()) {
      Path fallback = Path.of(LocalConfig.DEFAULT_SOURCES_DIR);
      if (Files.isDirectory(fallback)) {
        dirs.add(fallback);
      }
    }
    for (Path dir : dirs) {
      if (!Files.isDirectory(dir)) {
        throw new CliException("Sources directory " + dir + " does not exist");
      }
    }
    if (demo) {
      dirs.add(Home.examples().resolve("sources"));
    }
    return dirs;
  }

  static final class LineageUrlConverter implements picocli.CommandLine.ITypeConverter<URI> {
    @Override
    public URI convert(String value) {
      try {
        return Lineage.parseUrl(value);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
