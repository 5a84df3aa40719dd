package io.tributary.infra.local;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.LakeCatalogConfig;
import io.tributary.gateway.GatewayConfig;
import io.tributary.gateway.GatewayOptions;
import io.tributary.stream.job.JobOptions;
import io.tributary.stream.job.JobSettings;
import io.tributary.stream.job.StateLocation;
import io.tributary.stream.kafka.KafkaConnection;
import io.tributary.stream.maintenance.policy.MaintenanceSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Everything {@code tributary up} needs to assemble the embedded platform. Each value is checked
 * against its setting in {@link PlatformOptions}, where its default and description are declared
 * for the CLI and the docs too.
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
 * @param kafka a Kafka of its own that every client uses, instead of the embedded broker ({@code
 *     kafkaPort} then goes unused)
 * @param kafkaProperties the file {@code kafka}'s client properties came from, which the other
 *     commands read again (the runtime file names it rather than holding its secrets)
 * @param kinesisEndpoint where the sources on Kinesis that name no endpoint read their streams
 *     (kinesis-local), instead of AWS's Kinesis
 * @param catalogDatabase a database of its own (PostgreSQL) for the catalog's store, instead of the
 *     SQLite file under the data directory
 * @param lakeCatalog a catalog of its own (the glue backend, tables on S3) that jobs and engines
 *     use directly, instead of the local store served over the REST catalog
 * @param stateDir where jobs keep checkpoints and savepoints instead of the data directory
 * @param maintenance the defaults of the tables' maintenance, and whether it runs at all
 * @param features the feature groups and where their online store is
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
    Optional<KafkaConnection> kafka,
    Optional<Path> kafkaProperties,
    Optional<URI> kinesisEndpoint,
    Optional<CatalogDatabase> catalogDatabase,
    Optional<LakeCatalogConfig> lakeCatalog,
    Optional<URI> stateDir,
    MaintenanceSettings maintenance,
    FeatureConfig features) {

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
    requireNonNull(kafka, "kafka is null");
    requireNonNull(kafkaProperties, "kafkaProperties is null");
    requireNonNull(kinesisEndpoint, "kinesisEndpoint is null");
    requireNonNull(catalogDatabase, "catalogDatabase is null");
    requireNonNull(lakeCatalog, "lakeCatalog is null");
    requireNonNull(stateDir, "stateDir is null");
    requireNonNull(maintenance, "maintenance is null");
    requireNonNull(features, "features is null");
    flinkCluster.ifPresent(JobOptions.FLINK_CLUSTER::check);
    PlatformOptions.KAFKA_PORT.check(kafkaPort);
    PlatformOptions.FLINK_PORT.check(flinkPort);
    PlatformOptions.CATALOG_PORT.check(catalogPort);
    PlatformOptions.API_PORT.check(apiPort);
    GatewayOptions.PORT.check(gatewayPort);
    PlatformOptions.TASK_SLOTS.check(taskSlots);
    demo.ifPresent(PlatformOptions.DEMO_RATE::check);
  }

  /** What the core stack (Kafka, Flink, the catalog) is started with. */
  public StackConfig stack() {
    return new StackConfig(
        host,
        kafkaPort,
        flinkPort,
        catalogPort,
        taskSlots,
        flinkCluster,
        kafka,
        catalogDatabase,
        lakeCatalog);
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
        PlatformOptions.HOST,
        0,
        0,
        0,
        0,
        PlatformOptions.HOST,
        Optional.empty(),
        0,
        JobSettings.DEFAULT,
        PlatformOptions.TASK_SLOTS.defaultValue().orElseThrow(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        MaintenanceSettings.DEFAULT,
        FeatureConfig.onFreePort(List.of()));
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

  /** The same, with the feature groups of {@code dirs} (the local DynamoDB as configured). */
  public LocalConfig withFeatures(List<Path> dirs) {
    return with(copy -> copy.features = copy.features.withDirs(dirs));
  }

  /** The same, with the feature groups and online store of {@code newFeatures}. */
  public LocalConfig withFeatures(FeatureConfig newFeatures) {
    return with(copy -> copy.features = newFeatures);
  }

  /** The same, with the SQL gateway checking bearer tokens against {@code tokenFile}. */
  public LocalConfig withGatewayTokens(Path tokenFile) {
    return with(copy -> copy.gatewayTokens = Optional.of(tokenFile));
  }

  /** The same, running every job on the Flink cluster at {@code restAddress}. */
  public LocalConfig withFlinkCluster(URI restAddress) {
    return with(copy -> copy.flinkCluster = Optional.of(restAddress));
  }

  /** The same, with every client of the log reaching the Kafka of {@code connection}. */
  public LocalConfig withKafka(KafkaConnection connection) {
    return with(
        copy -> {
          copy.kafka = Optional.of(connection);
          copy.kafkaProperties = Optional.empty();
        });
  }

  /** The same, with the sources on Kinesis that name no endpoint reading {@code endpoint}. */
  public LocalConfig withKinesisEndpoint(URI endpoint) {
    return with(copy -> copy.kinesisEndpoint = Optional.of(endpoint));
  }

  /** The same, with the catalog's store in {@code database}. */
  public LocalConfig withCatalogDatabase(CatalogDatabase database) {
    return with(copy -> copy.catalogDatabase = Optional.of(database));
  }

  /**
   * The same, with the lake in a catalog of its own (the glue backend) instead of the local one.
   */
  public LocalConfig withLakeCatalog(LakeCatalogConfig catalog) {
    return with(copy -> copy.lakeCatalog = Optional.of(catalog));
  }

  /** The same, with the jobs' checkpoints and savepoints under {@code location}. */
  public LocalConfig withStateDir(URI location) {
    return with(copy -> copy.stateDir = Optional.of(location));
  }

  /** Where jobs keep their checkpoints and savepoints: the state dir, or the data dir. */
  public StateLocation stateRoot() {
    return stateDir
        .map(uri -> StateLocation.of(uri.toString()))
        .orElse(new DataDir(dataDir).state());
  }

  /** The same, with these maintenance defaults (or none, {@link MaintenanceSettings#off}). */
  public LocalConfig withMaintenance(MaintenanceSettings newMaintenance) {
    return with(copy -> copy.maintenance = newMaintenance);
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
    private Optional<KafkaConnection> kafka;
    private Optional<Path> kafkaProperties;
    private Optional<URI> kinesisEndpoint;
    private Optional<CatalogDatabase> catalogDatabase;
    private Optional<LakeCatalogConfig> lakeCatalog;
    private Optional<URI> stateDir;
    private MaintenanceSettings maintenance;
    private FeatureConfig features;

    Copy(LocalConfig of) {
      this.of = of;
      this.pipelineDirs = of.pipelineDirs;
      this.demo = of.demo;
      this.gatewayTokens = of.gatewayTokens;
      this.jobs = of.jobs;
      this.flinkCluster = of.flinkCluster;
      this.kafka = of.kafka;
      this.kafkaProperties = of.kafkaProperties;
      this.kinesisEndpoint = of.kinesisEndpoint;
      this.catalogDatabase = of.catalogDatabase;
      this.lakeCatalog = of.lakeCatalog;
      this.stateDir = of.stateDir;
      this.maintenance = of.maintenance;
      this.features = of.features;
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
          kafka,
          kafkaProperties,
          kinesisEndpoint,
          catalogDatabase,
          lakeCatalog,
          stateDir,
          maintenance,
          features);
    }
  }
}
