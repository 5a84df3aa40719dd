package io.tributary.infra.local;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.error.InvalidValueException;
import io.tributary.gateway.GatewayConfig;
import io.tributary.stream.job.JobSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Everything {@code tributary up} needs to assemble the embedded platform. Defaults are declared
 * once here and used by the CLI's options and the docs.
 *
 * @param dataDir where all state lives: Kafka log, checkpoints, catalog, warehouse, logs
 * @param sourceDirs directories of source declarations, one YAML file per source
 * @param pipelineDirs directories of pipelines, one subdirectory per pipeline
 * @param demo when present, a generator publishes demo events at this rate per second and source
 * @param host the address every server binds to and advertises
 * @param kafkaPort Kafka client port (0 picks a free port)
 * @param flinkPort Flink REST and web UI port (0 picks a free port)
 * @param catalogPort Iceberg REST catalog port (0 picks a free port)
 * @param gatewayPort SQL gateway REST port (0 picks a free port)
 * @param gatewayHost the address the SQL gateway binds to; anything but a loopback address needs
 *     {@code gatewayTokens}
 * @param gatewayTokens the SQL gateway's users and their token hashes; without it, auth is off
 * @param apiPort platform API port, {@code /api/v1} (0 picks a free port)
 * @param jobs how jobs checkpoint and how wide they run
 * @param taskSlots task slots of the embedded task manager
 * @param lineageUrl an OpenLineage endpoint that also receives every lineage event ({@code
 *     lineage.url}); events are kept under the data directory either way
 * @param flinkCluster the REST address of a Flink cluster of its own to run every job on, instead
 *     of the embedded MiniCluster ({@code flinkPort} and {@code taskSlots} then go unused); jobs
 *     carry the job jar there, and the cluster must reach Kafka, the catalog and the data directory
 * @param catalogDatabase a database of its own (PostgreSQL) for the catalog's store, instead of the
 *     SQLite file under the data directory
 */
public record LocalConfig(
    Path dataDir,
    List<Path> sourceDirs,
    List<Path> pipelineDirs,
    Optional<Integer> demo,
    String host,
    int kafkaPort,
    int flinkPort,
    int catalogPort,
    int gatewayPort,
    String gatewayHost,
    Optional<Path> gatewayTokens,
    int apiPort,
    JobSettings jobs,
    int taskSlots,
    Optional<URI> lineageUrl,
    Optional<URI> flinkCluster,
    Optional<CatalogDatabase> catalogDatabase) {

  public static final String DEFAULT_DATA_DIR = ".tributary";
  public static final String DEFAULT_SOURCES_DIR = "sources";
  public static final String DEFAULT_PIPELINES_DIR = "pipelines";
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_KAFKA_PORT = 9092;
  public static final int DEFAULT_FLINK_PORT = 8081;
  public static final int DEFAULT_CATALOG_PORT = 8181;
  public static final int DEFAULT_API_PORT = 8084;
  public static final int DEFAULT_GATEWAY_PORT = GatewayConfig.DEFAULT_PORT;
  public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);
  public static final String DEFAULT_STATE_BACKEND = "hashmap";
  public static final int DEFAULT_PARALLELISM = 1;
  public static final int DEFAULT_TASK_SLOTS = 16;
  public static final int DEFAULT_DEMO_RATE = 5;

  public LocalConfig {
    requireNonNull(dataDir, "dataDir is null");
    sourceDirs = List.copyOf(requireNonNull(sourceDirs, "sourceDirs is null"));
    pipelineDirs = List.copyOf(requireNonNull(pipelineDirs, "pipelineDirs is null"));
    requireNonNull(demo, "demo is null");
    requireNonNull(host, "host is null");
    requireNonNull(gatewayHost, "gatewayHost is null");
    requireNonNull(gatewayTokens, "gatewayTokens is null");
    GatewayConfig.requireTokensBeyondLoopback(gatewayHost, gatewayTokens);
    requireNonNull(jobs, "jobs is null");
    requireNonNull(lineageUrl, "lineageUrl is null");
    requireNonNull(flinkCluster, "flinkCluster is null");
    requireNonNull(catalogDatabase, "catalogDatabase is null");
    flinkCluster.ifPresent(LocalConfig::checkFlinkAddress);
    checkPort("kafka", kafkaPort);
    checkPort("flink", flinkPort);
    checkPort("catalog", catalogPort);
    checkPort("api", apiPort);
    checkPort("gateway", gatewayPort);
    if (taskSlots < 1) {
      throw new InvalidValueException("Task slots " + taskSlots + " must be at least 1");
    }
    demo.ifPresent(
        rate -> {
          if (rate < 1 || rate > 100_000) {
            throw new InvalidValueException("Demo rate " + rate + " events/s is outside 1..100000");
          }
        });
  }

  /** What the core stack (Kafka, Flink, the catalog) is started with. */
  public StackConfig stack() {
    return new StackConfig(
        host, kafkaPort, flinkPort, catalogPort, taskSlots, flinkCluster, catalogDatabase);
  }

  /**
   * The defaults, with everything under {@code dataDir}, on free ports: what tests and benchmarks
   * start beside anything else running.
   */
  public static LocalConfig onFreePorts(Path dataDir, List<Path> sourceDirs) {
    return new LocalConfig(
        dataDir,
        sourceDirs,
        List.of(),
        Optional.empty(),
        DEFAULT_HOST,
        0,
        0,
        0,
        0,
        DEFAULT_HOST,
        Optional.empty(),
        0,
        new JobSettings(DEFAULT_CHECKPOINT_INTERVAL, DEFAULT_STATE_BACKEND, DEFAULT_PARALLELISM),
        DEFAULT_TASK_SLOTS,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  public LocalConfig withJobs(JobSettings newJobs) {
    return with(copy -> copy.jobs = newJobs);
  }

  public LocalConfig withDemo(Optional<Integer> rate) {
    return with(copy -> copy.demo = rate);
  }

  public LocalConfig withPipelines(List<Path> dirs) {
    return with(copy -> copy.pipelineDirs = dirs);
  }

  /** The same, with the SQL gateway checking bearer tokens against {@code tokenFile}. */
  public LocalConfig withGatewayTokens(Path tokenFile) {
    return with(copy -> copy.gatewayTokens = Optional.of(tokenFile));
  }

  /** The same, running every job on the Flink cluster at {@code restAddress}. */
  public LocalConfig withFlinkCluster(URI restAddress) {
    return with(copy -> copy.flinkCluster = Optional.of(restAddress));
  }

  /** The same, with the catalog's store in {@code database}. */
  public LocalConfig withCatalogDatabase(CatalogDatabase database) {
    return with(copy -> copy.catalogDatabase = Optional.of(database));
  }

  private LocalConfig with(Consumer<Copy> change) {
    Copy copy = new Copy(this);
    change.accept(copy);
    return copy.build();
  }

  /** The components of a config, to change one and build the copy: what {@code with...} use. */
  private static final class Copy {
    private final LocalConfig of;
    private List<Path> pipelineDirs;
    private Optional<Integer> demo;
    private Optional<Path> gatewayTokens;
    private JobSettings jobs;
    private Optional<URI> flinkCluster;
    private Optional<CatalogDatabase> catalogDatabase;

    Copy(LocalConfig of) {
      this.of = of;
      this.pipelineDirs = of.pipelineDirs;
      this.demo = of.demo;
      this.gatewayTokens = of.gatewayTokens;
      this.jobs = of.jobs;
      this.flinkCluster = of.flinkCluster;
      this.catalogDatabase = of.catalogDatabase;
    }

    LocalConfig build() {
      return new LocalConfig(
          of.dataDir,
          of.sourceDirs,
          pipelineDirs,
          demo,
          of.host,
          of.kafkaPort,
          of.flinkPort,
          of.catalogPort,
          of.gatewayPort,
          of.gatewayHost,
          gatewayTokens,
          of.apiPort,
          jobs,
          of.taskSlots,
          of.lineageUrl,
          flinkCluster,
          catalogDatabase);
    }
  }

  private static void checkFlinkAddress(URI address) {
    if (!"http".equals(address.getScheme()) || address.getHost() == null || address.getPort() < 1) {
      throw new InvalidValueException(
          "The Flink cluster address '"
              + address
              + "' is not an http URL with a host and a port, such as http://flink-jm:8081");
    }
  }

  private static void checkPort(String name, int port) {
    if (port < 0 || port > 65535) {
      throw new InvalidValueException("The " + name + " port " + port + " is not in 0..65535");
    }
  }
}
