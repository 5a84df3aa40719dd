package io.tributary.infra.local;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.Filter;
import io.tributary.catalog.LakeCatalog;
import io.tributary.catalog.LakeCatalogConfig;
import io.tributary.catalog.Layer;
import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.TributaryException;
import io.tributary.catalog.lineage.Lineage;
import io.tributary.catalog.rest.RestCatalogServer;
import io.tributary.gateway.EmbeddedSqlGateway;
import io.tributary.gateway.GatewayConfig;
import io.tributary.gateway.SessionSetup;
import io.tributary.gateway.api.PlatformApi;
import io.tributary.gateway.auth.BearerAuthFilter;
import io.tributary.gateway.auth.TokenFile;
import io.tributary.gateway.deploy.Deployment;
import io.tributary.gateway.deploy.PipelineDeployer;
import io.tributary.gateway.jobs.JobDefinition;
import io.tributary.gateway.jobs.ManagedJobs;
import io.tributary.gateway.replay.ClusterReplays;
import io.tributary.gateway.replay.ReplayRun;
import io.tributary.gateway.replay.ReplayScheduler;
import io.tributary.gateway.store.JsonLinesLog;
import io.tributary.infra.query.SqlRunner;
import io.tributary.stream.flink.FlinkRest;
import io.tributary.stream.job.FlinkCluster;
import io.tributary.stream.job.JobLauncher;
import io.tributary.stream.job.LaunchedJob;
import io.tributary.stream.kafka.KafkaConnection;
import io.tributary.stream.landing.BronzeTables;
import io.tributary.stream.landing.LandingJob;
import io.tributary.stream.lineage.LineageDatasets;
import io.tributary.stream.pipeline.PipelinePlanner;
import io.tributary.stream.pipeline.PipelineSpec;
import io.tributary.stream.pipeline.PipelineTables;
import io.tributary.stream.pipeline.Pipelines;
import io.tributary.stream.pipeline.PlannedPipeline;
import io.tributary.stream.source.SourceSpec;
import io.tributary.stream.source.Sources;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole platform in one JVM: a Kafka broker, a Flink MiniCluster, the Iceberg catalog {@code
 * lake} and one landing job per declared source, all under one data directory. Assembled here and
 * nowhere else, so tests can start the same thing a user does.
 *
 * <p>Closing stops every job with a savepoint before the servers go down; starting again on the
 * same data directory resumes each job from its newest savepoint or checkpoint, so no event is lost
 * or landed twice.
 */
public final class LocalPlatform implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalPlatform.class);

  /** The file, under the data dir, of the replay run history. */
  public static final String REPLAY_RUNS_FILE = "replay-runs.jsonl";

  private static final Duration SCHEDULER_PERIOD = Duration.ofSeconds(20);
  private static final Duration REPLAY_STREAM_WAIT = Duration.ofMinutes(2);
  private static final int REPLAY_PARALLELISM = 2;

  /** The file, under the data dir, of the deployment history. */
  public static final String DEPLOYMENTS_FILE = "deployments.jsonl";

  /** Under the data dir: the files of every pipeline version that runs, kept by the deployer. */
  public static final String DEPLOYED_DIR = "deployed";

  /** The directory, under the data dir, of the lineage store. */
  public static final String LINEAGE_DIR = "lineage";

  private final LocalConfig config;
  private final Deque<AutoCloseable> closeables;
  private final Sources sources;
  private final Pipelines pipelines;
  private final EmbeddedKafka kafka;
  private final Optional<EmbeddedFlink> flink;
  private final FlinkCluster cluster;
  private final EmbeddedSqlGateway gateway;
  private final LakeCatalog lake;
  private final ManagedJobs jobs;
  private final PipelineDeployer deployer;
  private final PlatformApi api;
  private final ReplayScheduler replays;
  private final Instant startedAt;
  private DemoGenerator demo;
  private boolean closed;

  private LocalPlatform(Builder parts) {
    this.config = parts.config;
    this.closeables = parts.closeables;
    this.sources = parts.sources;
    this.pipelines = parts.pipelines;
    this.kafka = parts.kafka;
    this.flink = Optional.ofNullable(parts.flink);
    this.cluster = parts.cluster;
    this.gateway = parts.gateway;
    this.lake = parts.lake;
    this.jobs = parts.jobs;
    this.deployer = parts.deployer;
    this.api = parts.api;
    this.replays = parts.replays;
    this.startedAt = parts.startedAt;
  }

  /**
   * Starts everything and returns once every landing job runs. Each component announces itself with
   * one line on {@code announce}. If a step fails, what already started is stopped.
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
    requireNonNull(announce, "announce is null");
    Builder parts = new Builder(config, clock);
    try {
      parts.start(announce);
    } catch (Exception | Error e) {
      parts.closeAll(e);
      throw e;
    }
    LocalPlatform platform = new LocalPlatform(parts);
    try {
      config.demo().ifPresent(rate -> platform.startDemo(rate, announce));
      platform.runtimeInfo().write(config.dataDir());
    } catch (Exception | Error e) {
      try {
        platform.close();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    return platform;
  }

  public LocalConfig config() {
    return config;
  }

  public Sources sources() {
    return sources;
  }

  public Pipelines pipelines() {
    return pipelines;
  }

  /** How clients reach the platform's broker. */
  public KafkaConnection kafka() {
    return kafka.connection();
  }

  /** The broker's {@code host:port}. */
  public String kafkaBootstrap() {
    return kafka.bootstrapServers();
  }

  public URI flinkRest() {
    return cluster.restAddress();
  }

  public LakeCatalog lake() {
    return lake;
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
  public EmbeddedFlink flink() {
    return flink.orElseThrow(
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

  /** The platform API, such as {@code http://127.0.0.1:8084}. */
  public URI api() {
    return api.address();
  }

  public Instant startedAt() {
    return startedAt;
  }

  RuntimeInfo runtimeInfo() {
    LakeCatalogConfig catalog = lake.config();
    Map<String, String> jobIds = jobs.runningIds();
    return new RuntimeInfo(
        ProcessHandle.current().pid(),
        startedAt,
        kafka.bootstrapServers(),
        cluster.restAddress(),
        gateway.address(),
        api.address(),
        catalog.name(),
        catalog.backend(),
        catalog.properties(),
        config.sourceDirs(),
        config.pipelineDirs(),
        jobIds,
        config.lineageUrl().orElse(null));
  }

  private void startDemo(int rate, Consumer<String> announce) {
    demo = DemoGenerator.start(kafka.connection(), rate);
    announce.accept(
        line("demo", rate + " orders/s and " + rate + " clicks/s, about 1% malformed on purpose"));
  }

  /** Stops jobs with savepoints, then the servers. Safe to call more than once. */
  @Override
  public synchronized void close() throws Exception {
    if (closed) {
      return;
    }
    closed = true;
    long started = System.nanoTime();
    Exception failure = null;
    if (demo != null) {
      try {
        demo.close();
      } catch (Exception e) {
        failure = e;
      }
    }
    // no request or scheduled replay may start a job while the jobs stop
    for (AutoCloseable entrance : List.<AutoCloseable>of(api, replays)) {
      try {
        entrance.close();
      } catch (Exception e) {
        failure = addTo(failure, e);
      }
    }
    stopJobs();
    try {
      RuntimeInfo.delete(config.dataDir());
    } catch (RuntimeException e) {
      failure = addTo(failure, e);
    }
    Exception closing = closeInOrder(closeables);
    failure = closing == null ? failure : addTo(failure, closing);
    LOG.info(
        "Platform stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    if (failure != null) {
      throw failure;
    }
  }

  private void stopJobs() {
    jobs.stopAll();
  }

  /**
   * How lineage names this platform's datasets: lake tables by the location the catalog gives them
   * (a table that does not exist yet by its name).
   */
  public static LineageDatasets lineageDatasets(
      KafkaConnection kafka, List<SourceSpec> sources, LakeCatalog lake) {
    return new LineageDatasets(
        kafka,
        sources,
        lake.config().name(),
        identifier -> {
          TableIdentifier id = TableIdentifier.parse(identifier);
          return lake.iceberg().tableExists(id)
              ? Optional.of(lake.loadTable(id).location())
              : Optional.empty();
        });
  }

  static String line(String component, String detail) {
    return String.format("%-9s %s", component, detail);
  }

  private static Exception addTo(Exception first, Exception next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }

  private static Exception closeInOrder(Deque<AutoCloseable> closeables) {
    Exception failure = null;
    while (!closeables.isEmpty()) {
      try {
        closeables.pop().close();
      } catch (Exception e) {
        failure = addTo(failure, e);
      }
    }
    return failure;
  }

  /** Starts the parts in order and remembers how to stop each. */
  private static final class Builder {
    private final LocalConfig config;
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private ManagedJobs jobs;
    private PipelineDeployer deployer;
    private PlatformApi api;
    private ReplayScheduler replays;
    private final Clock clock;
    private final Instant startedAt = Instant.now();
    private Lineage lineage;
    private LineageDatasets datasets;
    private Sources sources;
    private Pipelines pipelines;
    private EmbeddedKafka kafka;
    private EmbeddedFlink flink;
    private FlinkCluster cluster;
    private EmbeddedSqlGateway gateway;
    private LakeCatalog lake;

    Builder(LocalConfig config, Clock clock) {
      this.config = config;
      this.clock = clock;
    }

    void start(Consumer<String> announce) throws Exception {
      Path dataDir = config.dataDir();
      closeables.push(DataDirLock.acquire(dataDir));
      sources = loadSources();
      pipelines = loadPipelines(dataDir, announce);
      // a wrong token file stops the start before anything runs
      config.gatewayTokens().ifPresent(TokenFile::load);

      // a cluster of its own must answer, and the job jar be there, before anything starts
      FlinkCluster remote = null;
      FlinkRest.Overview remoteOverview = null;
      if (config.flinkCluster().isPresent()) {
        remote = new FlinkCluster(config.flinkCluster().get(), List.of(JobJar.locate()));
        remoteOverview = reach(remote.restAddress());
      }

      // the catalog's own store, served over Iceberg's REST API; everything else is a client of it;
      // opened first, as a catalog database that cannot be reached should stop up at once
      LakeCatalog store =
          LakeCatalog.open(
                  config
                      .catalogDatabase()
                      .map(database -> LakeCatalogConfig.jdbc(database.store(dataDir)))
                      .orElse(LakeCatalogConfig.local(dataDir)))
              .ensureLayers();
      closeables.push(store);

      kafka = EmbeddedKafka.start(dataDir.resolve("kafka"), config.host(), config.kafkaPort());
      closeables.push(kafka);
      announce.accept(
          line("kafka", kafka.bootstrapServers() + "  (KRaft broker, log " + kafka.logDir() + ")"));
      try (Admin admin = kafka.admin()) {
        Topics.ensure(admin, sources.all());
      }

      RestCatalogServer catalogServer =
          RestCatalogServer.start(store.iceberg(), config.host(), config.catalogPort());
      closeables.push(catalogServer);
      lake = LakeCatalog.open(LakeCatalogConfig.rest(catalogServer.uri()));
      closeables.push(lake);
      announce.accept(
          line(
              "catalog",
              catalogServer.uri()
                  + "  (Iceberg REST catalog '"
                  + lake.config().name()
                  + "' over "
                  + store.config().uri()
                  + ", warehouse "
                  + store.config().warehouse().orElse("?")
                  + ", namespaces "
                  + Arrays.stream(Layer.values())
                      .map(Layer::namespaceName)
                      .collect(Collectors.joining(", "))
                  + ")"));

      // Flink starts while the pipelines are planned: both take seconds, neither needs the other
      CompletableFuture<EmbeddedFlink> flinkStarting =
          config.flinkCluster().isPresent()
              ? CompletableFuture.completedFuture(null)
              : CompletableFuture.supplyAsync(
                  () ->
                      EmbeddedFlink.start(
                          config.host(),
                          config.flinkPort(),
                          config.taskSlots(),
                          dataDir.resolve("flink")));
      // whatever happens next, the cluster is closed once it has started
      closeables.push(
          () -> {
            EmbeddedFlink started = flinkStarting.handle((cluster, failure) -> cluster).join();
            if (started != null) {
              started.close();
            }
          });
      PipelineTables pipelineTables =
          new PipelineTables(sources.all(), kafka.connection(), lake.config());
      List<PlannedPipeline> planned =
          new PipelinePlanner(lake).planStreaming(pipelines.all(), pipelineTables);
      flink = joinStart(flinkStarting);
      if (flink != null) {
        cluster = FlinkCluster.embedded(flink.restAddress());
        announce.accept(line("flink", flink.restAddress() + "  (REST API and web UI)"));
      } else {
        cluster = remote;
        announce.accept(
            line(
                "flink",
                cluster.restAddress()
                    + "  (a cluster of its own: "
                    + remoteOverview.taskManagers()
                    + " task manager(s), "
                    + remoteOverview.slotsAvailable()
                    + " of "
                    + remoteOverview.slotsTotal()
                    + " slots free; jobs carry "
                    + cluster.jobJars().get(0)
                    + ")"));
      }

      lineage = Lineage.open(dataDir.resolve(LINEAGE_DIR), config.lineageUrl());
      closeables.push(lineage);
      datasets = lineageDatasets(kafka.connection(), sources.all(), lake);
      announce.accept(
          line("lineage", String.join(" and ", lineage.destinations()) + "  (OpenLineage events)"));

      gateway =
          EmbeddedSqlGateway.start(
              new GatewayConfig(
                  config.gatewayHost(),
                  config.gatewayPort(),
                  cluster.restAddress(),
                  config.jobs().parallelism(),
                  config.gatewayTokens(),
                  cluster.jobJars()),
              SessionSetup.of(lake.config(), kafka.connection(), sources.all()));
      closeables.push(gateway);
      announce.accept(
          line(
              "gateway",
              gateway.address()
                  + "  (Flink SQL Gateway REST API; sessions see "
                  + lake.config().name()
                  + ".* and src.*; "
                  + SqlRunner.jdbcUrl(gateway.address())
                  + "; "
                  + gateway.authSummary()
                  + ")"));

      FlinkRest flinkRest = new FlinkRest(cluster.restAddress());
      jobs =
          new ManagedJobs(
              new JobLauncher(cluster, dataDir, config.jobs()),
              lineage,
              flinkRest,
              kafka.connection(),
              clock);
      List<JobDefinition> landings = new ArrayList<>();
      for (SourceSpec source : sources.all()) {
        landings.add(landingDefinition(source));
      }
      List<LaunchedJob> landed = jobs.startAll(landings);
      for (int i = 0; i < landed.size(); i++) {
        SourceSpec source = sources.all().get(i);
        LaunchedJob job = landed.get(i);
        announce.accept(
            line(
                "landing",
                source.topic()
                    + " -> "
                    + lake.config().name()
                    + "."
                    + BronzeTables.bronze(source)
                    + BronzeTables.current(source).map(c -> " (current: " + c + ")").orElse("")
                    + " (+ _rejects, "
                    + source.deadLetterTopic()
                    + ")  job "
                    + job.id()
                    + job.restoredFrom().map(p -> ", resumed").orElse("")));
      }
      deployer =
          new PipelineDeployer(
              jobs,
              lake,
              pipelineTables,
              datasets,
              new JsonLinesLog<>(
                  dataDir.resolve(DEPLOYMENTS_FILE), Deployment.class, Deployment::id),
              dataDir.resolve(DEPLOYED_DIR),
              flinkRest,
              config.jobs().checkpointInterval(),
              clock);
      List<LaunchedJob> streaming = deployer.startAll(planned, !config.pipelineDirs().isEmpty());
      for (int i = 0; i < streaming.size(); i++) {
        PlannedPipeline pipeline = planned.get(i);
        LaunchedJob job = streaming.get(i);
        announce.accept(
            line(
                "pipeline",
                pipeline.spec().name()
                    + " -> "
                    + pipeline.spec().target()
                    + "  job "
                    + job.id()
                    + job.restoredFrom().map(p -> ", resumed").orElse("")));
      }
      replays =
          new ReplayScheduler(
              deployer::running,
              new ClusterReplays(
                  jobs,
                  sources.all(),
                  kafka.connection(),
                  lake,
                  cluster,
                  REPLAY_PARALLELISM,
                  lineage,
                  datasets,
                  clock,
                  REPLAY_STREAM_WAIT),
              new JsonLinesLog<>(dataDir.resolve(REPLAY_RUNS_FILE), ReplayRun.class, ReplayRun::id),
              clock,
              ReplayScheduler.Retry.DEFAULT);
      replays.start(SCHEDULER_PERIOD);
      closeables.push(replays);
      // the same users as the SQL gateway's, checked the same way
      List<Filter> auth =
          config
              .gatewayTokens()
              .<List<Filter>>map(f -> List.of(new BearerAuthFilter(f)))
              .orElse(List.of());
      api = PlatformApi.start(config.host(), config.apiPort(), jobs, deployer, replays, auth);
      closeables.push(api);
      announce.accept(
          line(
              "api",
              api.address()
                  + "/api/v1  (deployments, jobs; OpenAPI at /api/v1/openapi.json; "
                  + (auth.isEmpty() ? "auth off" : "auth on: the gateway's bearer tokens")
                  + ")"));
      if (sources.isEmpty()) {
        announce.accept(
            line(
                "landing",
                "no sources declared; add YAML files to a sources directory or use --demo"));
      }
    }

    /** What the cluster at {@code address} says of itself; it must answer. */
    private static FlinkRest.Overview reach(URI address) throws InterruptedException {
      try {
        return new FlinkRest(address).overview();
      } catch (IOException | RuntimeException e) {
        throw new PlatformStartException(
            "Cannot reach the Flink cluster at "
                + address
                + " ("
                + e
                + "); is its JobManager running, and is that its REST address?",
            e);
      }
    }

    private static EmbeddedFlink joinStart(CompletableFuture<EmbeddedFlink> starting)
        throws InterruptedException {
      try {
        return starting.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException cause) {
          throw cause;
        }
        throw new TributaryException(
            ErrorCode.UNAVAILABLE, "Cannot start Flink: " + e.getCause(), e.getCause());
      }
    }

    /**
     * The pipelines of the configured directories; without any, the ones last deployed on this data
     * dir, so that a restart runs what ran before it: those whose sources are declared now (a
     * pipeline over a source this start does not declare is left out, with a line saying so, and
     * stays deployed for a start that declares it).
     */
    private Pipelines loadPipelines(Path dataDir, Consumer<String> announce) {
      if (!config.pipelineDirs().isEmpty()) {
        return Pipelines.load(config.pipelineDirs());
      }
      Path deployed = dataDir.resolve(DEPLOYED_DIR);
      if (!Files.isDirectory(deployed)) {
        return Pipelines.none();
      }
      Set<String> declared =
          sources.all().stream().map(SourceSpec::name).collect(Collectors.toSet());
      Map<String, PipelineSpec> resumed = new LinkedHashMap<>();
      for (PipelineSpec pipeline : Pipelines.load(List.of(deployed)).all()) {
        List<String> missing =
            pipeline.transform().sourceNames().stream()
                .filter(source -> !declared.contains(source))
                .toList();
        if (missing.isEmpty()) {
          resumed.put(pipeline.name(), pipeline);
        } else {
          announce.accept(
              line(
                  "pipeline",
                  pipeline.name()
                      + " not resumed: it reads "
                      + missing.stream().map(s -> "src." + s).collect(Collectors.joining(", "))
                      + ", which no source declares now (start with the sources it needs)"));
        }
      }
      if (!resumed.isEmpty()) {
        announce.accept(
            line(
                "pipelines",
                resumed.size()
                    + " deployed before this restart, from "
                    + deployed
                    + " (no pipelines directory given)"));
      }
      return Pipelines.of(resumed.values());
    }

    private Sources loadSources() {
      List<SourceSpec> all = new ArrayList<>();
      for (Path dir : config.sourceDirs()) {
        all.addAll(Sources.load(dir).all());
      }
      try {
        return Sources.of(all);
      } catch (TributaryException e) {
        throw new TributaryException(
            ErrorCode.INVALID_DECLARATION, e.getMessage() + " (in " + config.sourceDirs() + ")", e);
      }
    }

    private JobDefinition landingDefinition(SourceSpec source) {
      LandingJob landing =
          LandingJob.builder()
              .source(source)
              .kafka(kafka.connection())
              .lake(lake)
              .parallelism(config.jobs().parallelism())
              .build();
      return new JobDefinition(
          landing.jobName(),
          "LANDING",
          Optional.empty(),
          landing::addTo,
          LandingJob.lineage(source, datasets, lake.config().name()),
          Optional.of(LandingJob.consumerGroup(source)),
          Optional.of(source.topic()));
    }

    void closeAll(Throwable cause) {
      if (jobs != null) {
        jobs.stopAll();
      }
      Exception failure = closeInOrder(closeables);
      if (failure != null) {
        cause.addSuppressed(failure);
      }
    }
  }
}
