package io.tributary.local;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.LakeCatalog;
import io.tributary.catalog.LakeCatalogConfig;
import io.tributary.catalog.Layer;
import io.tributary.catalog.rest.RestCatalogServer;
import io.tributary.gateway.EmbeddedSqlGateway;
import io.tributary.gateway.GatewayConfig;
import io.tributary.gateway.SessionSetup;
import io.tributary.gateway.auth.TokenFile;
import io.tributary.landing.BronzeTables;
import io.tributary.landing.LandingJob;
import io.tributary.pipeline.PipelinePlanner;
import io.tributary.pipeline.PipelineTables;
import io.tributary.pipeline.Pipelines;
import io.tributary.pipeline.PlannedPipeline;
import io.tributary.pipeline.StreamingPipeline;
import io.tributary.source.SourceSpec;
import io.tributary.source.Sources;
import java.net.URI;
import java.nio.file.Path;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
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
  private static final Duration JOB_START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration JOB_STOP_TIMEOUT = Duration.ofSeconds(90);

  private final LocalConfig config;
  private final Deque<AutoCloseable> closeables;
  private final Sources sources;
  private final Pipelines pipelines;
  private final EmbeddedKafka kafka;
  private final EmbeddedFlink flink;
  private final EmbeddedSqlGateway gateway;
  private final LakeCatalog lake;
  private final JobLauncher launcher;
  private final Map<String, LaunchedJob> jobs;
  private final Instant startedAt;
  private DemoGenerator demo;
  private boolean closed;

  private LocalPlatform(Builder parts) {
    this.config = parts.config;
    this.closeables = parts.closeables;
    this.sources = parts.sources;
    this.pipelines = parts.pipelines;
    this.kafka = parts.kafka;
    this.flink = parts.flink;
    this.gateway = parts.gateway;
    this.lake = parts.lake;
    this.launcher = parts.launcher;
    this.jobs = parts.jobs;
    this.startedAt = parts.startedAt;
  }

  /**
   * Starts everything and returns once every landing job runs. Each component announces itself with
   * one line on {@code announce}. If a step fails, what already started is stopped.
   */
  public static LocalPlatform start(LocalConfig config, Consumer<String> announce)
      throws Exception {
    requireNonNull(config, "config is null");
    requireNonNull(announce, "announce is null");
    Builder parts = new Builder(config);
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

  public String kafkaBootstrap() {
    return kafka.bootstrapServers();
  }

  public URI flinkRest() {
    return flink.restAddress();
  }

  public LakeCatalog lake() {
    return lake;
  }

  /** The SQL gateway's REST endpoint, such as {@code http://127.0.0.1:8083}. */
  public URI gateway() {
    return gateway.address();
  }

  /** The embedded Flink cluster, for failure injection in tests. */
  public EmbeddedFlink flink() {
    return flink;
  }

  public Map<String, LaunchedJob> jobs() {
    return Map.copyOf(jobs);
  }

  public Instant startedAt() {
    return startedAt;
  }

  RuntimeInfo runtimeInfo() {
    LakeCatalogConfig catalog = lake.config();
    Map<String, String> jobIds = new LinkedHashMap<>();
    jobs.forEach((name, job) -> jobIds.put(name, job.id().toHexString()));
    return new RuntimeInfo(
        ProcessHandle.current().pid(),
        startedAt,
        kafka.bootstrapServers(),
        flink.restAddress(),
        gateway.address(),
        catalog.name(),
        catalog.backend(),
        catalog.properties(),
        config.sourceDirs(),
        config.pipelineDirs(),
        jobIds);
  }

  private void startDemo(int rate, Consumer<String> announce) {
    demo = DemoGenerator.start(kafka.bootstrapServers(), rate);
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
    List<CompletableFuture<Optional<Path>>> stops = new ArrayList<>();
    for (LaunchedJob job : jobs.values()) {
      stops.add(CompletableFuture.supplyAsync(() -> job.stop(JOB_STOP_TIMEOUT)));
    }
    CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
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
    private final Map<String, LaunchedJob> jobs = new LinkedHashMap<>();
    private final Instant startedAt = Instant.now();
    private Sources sources;
    private Pipelines pipelines;
    private EmbeddedKafka kafka;
    private EmbeddedFlink flink;
    private EmbeddedSqlGateway gateway;
    private LakeCatalog lake;
    private JobLauncher launcher;

    Builder(LocalConfig config) {
      this.config = config;
    }

    void start(Consumer<String> announce) throws Exception {
      Path dataDir = config.dataDir();
      closeables.push(DataDirLock.acquire(dataDir));
      sources = loadSources();
      pipelines = Pipelines.load(config.pipelineDirs());
      // a wrong token file stops the start before anything runs
      config.gatewayTokens().ifPresent(TokenFile::load);

      kafka = EmbeddedKafka.start(dataDir.resolve("kafka"), config.host(), config.kafkaPort());
      closeables.push(kafka);
      announce.accept(
          line("kafka", kafka.bootstrapServers() + "  (KRaft broker, log " + kafka.logDir() + ")"));
      try (Admin admin = kafka.admin()) {
        Topics.ensure(admin, sources.all());
      }

      // the catalog's own store, served over Iceberg's REST API; everything else is a client of it
      LakeCatalog store = LakeCatalog.open(LakeCatalogConfig.local(dataDir)).ensureLayers();
      closeables.push(store);
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
          CompletableFuture.supplyAsync(
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
          new PipelineTables(sources.all(), kafka.bootstrapServers(), lake.config());
      List<PlannedPipeline> planned =
          new PipelinePlanner(lake).planStreaming(pipelines.all(), pipelineTables);
      flink = joinStart(flinkStarting);
      announce.accept(line("flink", flink.restAddress() + "  (REST API and web UI)"));

      gateway =
          EmbeddedSqlGateway.start(
              new GatewayConfig(
                  config.gatewayHost(),
                  config.gatewayPort(),
                  flink.restAddress(),
                  config.jobs().parallelism(),
                  config.gatewayTokens()),
              SessionSetup.of(lake.config(), kafka.bootstrapServers(), sources.all()));
      closeables.push(gateway);
      announce.accept(
          line(
              "gateway",
              gateway.address()
                  + "  (Flink SQL Gateway REST API; sessions see "
                  + lake.config().name()
                  + ".* and src.*; jdbc:flink://"
                  + gateway.address().getAuthority()
                  + "; "
                  + gateway.authSummary()
                  + ")"));

      launcher = new JobLauncher(flink.restAddress(), dataDir, config.jobs());
      for (SourceSpec source : sources.all()) {
        LandingJob landing =
            LandingJob.builder()
                .source(source)
                .bootstrapServers(kafka.bootstrapServers())
                .lake(lake)
                .parallelism(config.jobs().parallelism())
                .build();
        LaunchedJob job = launcher.launch(landing.jobName(), landing::addTo);
        jobs.put(job.name(), job);
      }
      for (SourceSpec source : sources.all()) {
        LaunchedJob job = jobs.get(LandingJob.jobName(source));
        awaitRunning(job);
        announce.accept(
            line(
                "landing",
                source.topic()
                    + " -> "
                    + lake.config().name()
                    + "."
                    + BronzeTables.bronze(source)
                    + " (+ _rejects, "
                    + source.deadLetterTopic()
                    + ")  job "
                    + job.id()
                    + job.restoredFrom().map(p -> ", resumed").orElse("")));
      }
      for (PlannedPipeline pipeline : planned) {
        StreamingPipeline streaming = new StreamingPipeline(pipeline.spec(), pipelineTables);
        LaunchedJob job =
            launcher.launch(
                pipeline.spec().jobName(), Optional.of(streaming.fingerprint()), streaming::addTo);
        jobs.put(job.name(), job);
      }
      for (PlannedPipeline pipeline : planned) {
        LaunchedJob job = jobs.get(pipeline.spec().jobName());
        awaitRunning(job);
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
      if (sources.isEmpty()) {
        announce.accept(
            line(
                "landing",
                "no sources declared; add YAML files to a sources directory or use --demo"));
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
        throw new IllegalStateException("Cannot start Flink: " + e.getCause(), e.getCause());
      }
    }

    private Sources loadSources() {
      List<SourceSpec> all = new ArrayList<>();
      for (Path dir : config.sourceDirs()) {
        all.addAll(Sources.load(dir).all());
      }
      try {
        return Sources.of(all);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(e.getMessage() + " (in " + config.sourceDirs() + ")", e);
      }
    }

    private void awaitRunning(LaunchedJob job) throws Exception {
      long deadline = System.nanoTime() + JOB_START_TIMEOUT.toNanos();
      while (true) {
        JobStatus status = job.status(Duration.ofSeconds(10));
        if (status == JobStatus.RUNNING) {
          return;
        }
        if (status.isTerminalState()) {
          throw new IllegalStateException(
              "Job " + job + " ended as " + status + " while starting; see the log");
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Job "
                  + job
                  + " is still "
                  + status
                  + " after "
                  + JOB_START_TIMEOUT.toSeconds()
                  + " s");
        }
        TimeUnit.MILLISECONDS.sleep(100);
      }
    }

    void closeAll(Throwable cause) {
      for (LaunchedJob job : jobs.values()) {
        job.stop(Duration.ofSeconds(30));
      }
      Exception failure = closeInOrder(closeables);
      if (failure != null) {
        cause.addSuppressed(failure);
      }
    }
  }
}
