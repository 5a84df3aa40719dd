package io.tributary.infra.local;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.LakeCatalog;
import io.tributary.catalog.LakeCatalogConfig;
import io.tributary.catalog.lineage.Lineage;
import io.tributary.feature.dynamodb.OnlineStoreConfig;
import io.tributary.gateway.EmbeddedSqlGateway;
import io.tributary.gateway.GatewayConfig;
import io.tributary.gateway.SessionSetup;
import io.tributary.gateway.api.PlatformApi;
import io.tributary.gateway.auth.TokenCheck;
import io.tributary.gateway.auth.TokenFile;
import io.tributary.gateway.deploy.DeployedFiles;
import io.tributary.gateway.deploy.DeploymentHistory;
import io.tributary.gateway.deploy.PipelineDeployer;
import io.tributary.gateway.feature.FeatureDeployer;
import io.tributary.gateway.feature.TableSyncs;
import io.tributary.gateway.feature.TrainingSets;
import io.tributary.gateway.jobs.ManagedJobs;
import io.tributary.gateway.replay.ReplayScheduler;
import io.tributary.stream.flink.FlinkRest;
import io.tributary.stream.job.FlinkCluster;
import io.tributary.stream.job.JobLauncher;
import io.tributary.stream.job.LaunchedJob;
import io.tributary.stream.job.StateStore;
import io.tributary.stream.kafka.KafkaConnection;
import io.tributary.stream.lineage.LineageDatasets;
import io.tributary.stream.maintenance.MaintenanceJobs;
import io.tributary.stream.pipeline.PipelinePlanner;
import io.tributary.stream.pipeline.PipelineTables;
import io.tributary.stream.pipeline.Pipelines;
import io.tributary.stream.pipeline.PlannedPipeline;
import io.tributary.stream.source.Sources;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole platform in one JVM: the {@link CoreStack} (Kafka, Flink, the lake's catalog), and on
 * top of it lineage, the SQL gateway, one landing job per declared source, the tables' maintenance,
 * the pipelines, the replays and the platform API, all under one data directory. Assembled here and
 * nowhere else, so tests start the same thing a user does; each part is one line of {@link #start}.
 *
 * <p>Closing stops every job with a savepoint before the servers go down; starting again on the
 * same data directory resumes each job from its newest savepoint or checkpoint, so no event is lost
 * or landed twice.
 */
public final class LocalPlatform implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalPlatform.class);

  private final LocalConfig config;
  private final Shutdown shutdown;
  private final Declarations declared;
  private final CoreStack stack;
  private final FlinkCluster cluster;
  private final EmbeddedSqlGateway gateway;
  private final ManagedJobs jobs;
  private final PipelineDeployer deployer;
  private final ReplayScheduler replays;
  private final PlatformApi api;
  private final OnlineStoreConfig store;
  private final FeatureDeployer features;
  private final TableSyncs tableSyncs;
  private final URI serving;
  private final Instant startedAt;
  private boolean closed;

  private LocalPlatform(Parts parts) {
    this.config = parts.config;
    this.shutdown = parts.shutdown;
    this.declared = parts.declared;
    this.stack = parts.stack;
    this.cluster = parts.cluster;
    this.gateway = parts.gateway;
    this.jobs = parts.jobs;
    this.deployer = parts.deployer;
    this.replays = parts.replays;
    this.api = parts.api;
    this.store = parts.store;
    this.features = parts.features;
    this.tableSyncs = parts.tableSyncs;
    this.serving = parts.serving;
    this.startedAt = parts.startedAt;
  }

  /**
   * Starts everything and returns once every landing and pipeline job runs. Each component
   * announces itself with one line on {@code announce}. If a step fails, what already started is
   * stopped.
   */
  public static LocalPlatform start(LocalConfig config, Consumer<String> announce)
      throws Exception {
    return start(config, announce, Clock.systemUTC());
  }

  /**
   * As {@link #start(LocalConfig, Consumer)}, with the clock that decides when scheduled replays
   * are due (tests move it).
   */
  public static LocalPlatform start(LocalConfig config, Consumer<String> announce, Clock clock)
      throws Exception {
    requireNonNull(config, "config is null");
    Parts parts = new Parts(config, new Banner(requireNonNull(announce, "announce is null")));
    try {
      parts.start(clock);
    } catch (Exception | Error e) { // whatever stops the start, what started is stopped again
      parts.shutdown.closeAfter(e);
      throw e;
    }
    return new LocalPlatform(parts);
  }

  public LocalConfig config() {
    return config;
  }

  public Sources sources() {
    return declared.sources();
  }

  public Pipelines pipelines() {
    return declared.pipelines();
  }

  /** How clients reach the platform's broker. */
  public KafkaConnection kafka() {
    return stack.kafkaConnection();
  }

  /** The broker's {@code host:port}. */
  public String kafkaBootstrap() {
    return stack.kafkaConnection().bootstrapServers();
  }

  public URI flinkRest() {
    return cluster.restAddress();
  }

  public LakeCatalog lake() {
    return stack.lake();
  }

  /** The SQL gateway's REST endpoint, such as {@code http://127.0.0.1:8083}. */
  public URI gateway() {
    return gateway.address();
  }

  /**
   * The embedded Flink cluster, for failure injection in tests.
   *
   * @throws IllegalStateException when the jobs run on a cluster of their own
   */
  public EmbeddedFlink flink() throws InterruptedException {
    return stack
        .embeddedFlink()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "No embedded Flink cluster: jobs run on " + cluster.restAddress()));
  }

  /** The jobs that run, by name. */
  public Map<String, LaunchedJob> jobs() {
    return jobs.runningJobs();
  }

  /** Every landing and pipeline job, with operations on each. */
  public ManagedJobs managedJobs() {
    return jobs;
  }

  /** Deploys pipelines onto this platform. */
  public PipelineDeployer deployer() {
    return deployer;
  }

  /** Scheduled, manual and backfill replays, and their runs. */
  public ReplayScheduler replays() {
    return replays;
  }

  /** Where the feature groups' online store is. */
  public OnlineStoreConfig onlineStore() {
    return store;
  }

  /** The feature groups: their jobs, deployments and backfills. */
  public FeatureDeployer features() {
    return features;
  }

  /** The serving API (the serving Lambda's handler), such as {@code http://127.0.0.1:8080}. */
  /** The table groups' syncs and their runs. */
  public TableSyncs tableSyncs() {
    return tableSyncs;
  }

  public URI serving() {
    return serving;
  }

  /** The platform API, such as {@code http://127.0.0.1:8084}. */
  public URI api() {
    return api.address();
  }

  public Instant startedAt() {
    return startedAt;
  }

  /** Stops jobs with savepoints, then the servers, in the reverse order of the start. */
  @Override
  public synchronized void close() throws Exception {
    if (closed) {
      return;
    }
    closed = true;
    long started = System.nanoTime();
    try {
      shutdown.close();
    } finally {
      LOG.info(
          "Platform stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }
  }

  /** The parts as they start, each registered to be stopped in the reverse order. */
  private static final class Parts {
    private final LocalConfig config;
    private final Banner banner;
    private final DataDir dataDir;
    private final Shutdown shutdown = new Shutdown();
    private final Instant startedAt = Instant.now();
    private Declarations declared;
    private CoreStack stack;
    private FlinkCluster cluster;
    private EmbeddedSqlGateway gateway;
    private ManagedJobs jobs;
    private PipelineDeployer deployer;
    private ReplayScheduler replays;
    private PlatformApi api;
    private OnlineStoreConfig store;
    private FeatureDeployer features;
    private TableSyncs tableSyncs;
    private TrainingSets trainingSets;
    private URI serving;

    Parts(LocalConfig config, Banner banner) {
      this.config = config;
      this.banner = banner;
      this.dataDir = new DataDir(config.dataDir());
    }

    void start(Clock clock) throws Exception {
      shutdown.add("the data dir's lock", DataDirLock.acquire(dataDir));
      declared = Declarations.load(config, dataDir, banner);
      // a wrong token file stops the start before anything runs
      config.gatewayTokens().ifPresent(TokenFile::load);
      stack = shutdown.add("the core stack", CoreStack.start(config.stack(), dataDir, banner));
      LakeCatalog lake = stack.lake();
      PipelineTables tables =
          new PipelineTables(declared.sources().all(), stack.kafkaConnection(), lake.config());
      // planned while the embedded Flink starts: both take seconds, neither needs the other
      List<PlannedPipeline> planned =
          new PipelinePlanner(lake).planStreaming(declared.pipelines().all(), tables);
      cluster = stack.cluster();
      Lineage lineage =
          shutdown.add("lineage", Lineage.open(dataDir.lineage(), config.lineageUrl()));
      banner.lineage(lineage);
      LineageDatasets datasets =
          LineageDatasets.of(stack.kafkaConnection(), declared.sources().all(), lake);
      gateway = shutdown.add("the SQL gateway", startGateway(lake.config()));
      banner.gateway(gateway, lake.config().name());
      // the runtime file goes once the jobs have stopped: until then, commands find the platform
      shutdown.add("the runtime file", () -> RuntimeInfo.delete(config.dataDir()));
      // before the jobs: feature jobs write to it until their savepoints are taken
      store = Features.store(config, dataDir, shutdown, banner);
      jobs =
          new ManagedJobs(
              new JobLauncher(cluster, new StateStore(config.stateRoot()), config.jobs()),
              lineage,
              new FlinkRest(cluster.restAddress()),
              stack.kafkaConnection(),
              clock);
      shutdown.add("the jobs", jobs::stopAll);
      Landing.start(stack, jobs, declared.sources().all(), datasets, config, shutdown, banner);
      MaintenanceJobs maintenance =
          Maintenance.jobs(stack, config, dataDir, datasets, declared.sources().all());
      deployer =
          new PipelineDeployer(
              jobs,
              lake,
              tables,
              datasets,
              new DeploymentHistory(dataDir.deployments(), clock),
              new DeployedFiles(dataDir.deployed()),
              new FlinkRest(cluster.restAddress()),
              config.jobs().checkpointInterval(),
              maintenance);
      List<LaunchedJob> streaming = deployer.startAll(planned, declared.replacesDeployed());
      for (int i = 0; i < streaming.size(); i++) {
        banner.pipeline(planned.get(i).spec(), streaming.get(i));
      }
      Maintenance.start(jobs, maintenance, declared.sources().all(), banner);
      features =
          Features.start(
              store,
              stack,
              jobs,
              declared.sources(),
              declared.features(),
              datasets,
              config.jobs().parallelism(),
              shutdown,
              banner);
      tableSyncs =
          Features.tables(store, stack, declared.features(), dataDir, clock, shutdown, banner);
      trainingSets = Features.trainingSets(stack, jobs, declared.sources(), datasets, features);
      serving = Features.serve(store, config, shutdown, banner);
      replays =
          shutdown.add(
              "the replay scheduler",
              Replays.start(
                  stack,
                  jobs,
                  deployer,
                  declared.sources().all(),
                  lineage,
                  datasets,
                  dataDir,
                  clock));
      replays.onSucceeded(run -> tableSyncs.afterReplay(run.pipeline()));
      api = shutdown.add("the platform API", startApi());
      banner.api(api.address(), config.gatewayTokens().isPresent());
      if (config.demo().isPresent()) {
        shutdown.add("the demo", DemoGenerator.start(stack.kafkaConnection(), config.demo().get()));
        banner.demo(config.demo().get());
      }
      runtimeInfo().write(config.dataDir());
    }

    private EmbeddedSqlGateway startGateway(LakeCatalogConfig lake) {
      return EmbeddedSqlGateway.start(
          new GatewayConfig(
              config.gatewayHost(),
              config.gatewayPort(),
              cluster.restAddress(),
              config.jobs().parallelism(),
              config.gatewayTokens(),
              cluster.jobJars()),
          SessionSetup.of(lake, stack.kafkaConnection(), declared.sources().all()));
    }

    /** The platform API, checking the same users as the SQL gateway's, the same way. */
    private PlatformApi startApi() throws java.io.IOException {
      return PlatformApi.start(
          config.host(),
          config.apiPort(),
          jobs,
          deployer,
          replays,
          features,
          tableSyncs,
          trainingSets,
          config.gatewayTokens().map(TokenCheck::new));
    }

    private RuntimeInfo runtimeInfo() {
      LakeCatalogConfig catalog = stack.lake().config();
      return new RuntimeInfo(
          ProcessHandle.current().pid(),
          startedAt,
          stack.kafkaConnection().bootstrapServers(),
          config.kafkaProperties().map(Path::toAbsolutePath).orElse(null),
          cluster.restAddress(),
          gateway.address(),
          api.address(),
          catalog.name(),
          catalog.backend(),
          catalog.properties(),
          config.sourceDirs(),
          config.pipelineDirs(),
          jobs.runningIds(),
          config.lineageUrl().orElse(null),
          store.endpoint().orElse(URI.create("aws://" + store.region())));
    }
  }
}
