package io.tributary.infra.local;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.LakeCatalog;
import io.tributary.catalog.LakeCatalogConfig;
import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.TributaryException;
import io.tributary.catalog.rest.RestCatalogServer;
import io.tributary.stream.flink.FlinkRest;
import io.tributary.stream.job.FlinkCluster;
import io.tributary.stream.kafka.KafkaConnection;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The parts everything else runs on: a Kafka broker, a Flink cluster (the embedded MiniCluster, or
 * one of its own) and the lake's catalog (its store, served over Iceberg's REST API, and a client
 * of that server). What {@code up}, the benchmarks and the integration tests assemble alike.
 *
 * <p>Parts start in the order a failure should be found in: the catalog's store first (an
 * unreachable database stops everything at once), then Kafka, then the REST catalog; the embedded
 * Flink starts in the background meanwhile, and {@link #cluster()} waits for it. If a step fails,
 * what started is closed.
 */
public final class CoreStack implements AutoCloseable {
  private final Shutdown shutdown;
  private final Optional<EmbeddedKafka> embeddedKafka;
  private final KafkaConnection kafka;
  private final LakeCatalog lake;
  private final Optional<URI> catalogServer;
  private final CompletableFuture<EmbeddedFlink> flinkStarting;
  private final Optional<FlinkCluster> remote;
  private final Banner banner;
  private FlinkCluster cluster;
  private EmbeddedFlink flink;

  private CoreStack(
      Shutdown shutdown,
      Optional<EmbeddedKafka> embeddedKafka,
      KafkaConnection kafka,
      LakeCatalog lake,
      Optional<URI> catalogServer,
      CompletableFuture<EmbeddedFlink> flinkStarting,
      Optional<FlinkCluster> remote,
      Banner banner) {
    this.shutdown = shutdown;
    this.embeddedKafka = embeddedKafka;
    this.kafka = kafka;
    this.lake = lake;
    this.catalogServer = catalogServer;
    this.flinkStarting = flinkStarting;
    this.remote = remote;
    this.banner = banner;
  }

  /**
   * Starts the stack with its data under {@code dataDir}, announcing each part on {@code banner}.
   */
  public static CoreStack start(StackConfig config, DataDir dataDir, Banner banner)
      throws IOException, InterruptedException {
    requireNonNull(config, "config is null");
    requireNonNull(dataDir, "dataDir is null");
    requireNonNull(banner, "banner is null");
    // a cluster of its own must answer, and the job jar be there, before anything starts
    Optional<FlinkCluster> remote = Optional.empty();
    FlinkRest.Overview overview = null;
    if (config.flinkCluster().isPresent()) {
      remote = Optional.of(new FlinkCluster(config.flinkCluster().get(), List.of(JobJar.locate())));
      overview = reach(remote.get().restAddress());
    }
    Shutdown shutdown = new Shutdown();
    try {
      Map<String, String> fileSystems = S3State.settings(config.lakeCatalog());
      S3State.initialize(fileSystems);
      // the catalog first, its own (glue) or the local store: if it cannot be reached, nothing
      // else starts
      LakeCatalog opened =
          shutdown.add(
              config.lakeCatalog().isPresent() ? "the lake" : "the catalog's store",
              LakeCatalog.open(
                      config
                          .lakeCatalog()
                          .orElseGet(
                              () ->
                                  config
                                      .catalogDatabase()
                                      .map(db -> LakeCatalogConfig.jdbc(db.store(dataDir.root())))
                                      .orElse(LakeCatalogConfig.local(dataDir.root()))))
                  .ensureLayers());
      Optional<EmbeddedKafka> embeddedKafka = Optional.empty();
      KafkaConnection kafka;
      if (config.kafka().isPresent()) {
        kafka = config.kafka().get();
        banner.ownKafka(kafka);
      } else {
        EmbeddedKafka broker =
            shutdown.add(
                "Kafka", EmbeddedKafka.start(dataDir.kafka(), config.host(), config.kafkaPort()));
        banner.kafka(broker.bootstrapServers(), broker.logDir());
        embeddedKafka = Optional.of(broker);
        kafka = broker.connection();
      }
      LakeCatalog lake;
      Optional<URI> catalogServer;
      if (config.lakeCatalog().isPresent()) {
        // jobs, engines and the platform all use a catalog of its own directly
        lake = opened;
        banner.ownCatalog(lake.config());
        catalogServer = Optional.empty();
      } else {
        RestCatalogServer server =
            shutdown.add(
                "the REST catalog",
                RestCatalogServer.start(opened.iceberg(), config.host(), config.catalogPort()));
        lake = shutdown.add("the lake", LakeCatalog.open(LakeCatalogConfig.rest(server.uri())));
        banner.catalog(server.uri(), lake.config(), opened.config());
        catalogServer = Optional.of(server.uri());
      }
      CompletableFuture<EmbeddedFlink> flinkStarting =
          remote.isPresent()
              ? CompletableFuture.completedFuture(null)
              : CompletableFuture.supplyAsync(
                  () ->
                      EmbeddedFlink.start(
                          config.host(),
                          config.flinkPort(),
                          config.taskSlots(),
                          dataDir.flink(),
                          fileSystems));
      // whatever happens next, the cluster is closed once it has started
      shutdown.add("Flink", () -> closeOnceStarted(flinkStarting));
      if (remote.isPresent()) {
        banner.remoteFlink(remote.get(), overview);
      }
      return new CoreStack(
          shutdown, embeddedKafka, kafka, lake, catalogServer, flinkStarting, remote, banner);
    } catch (IOException | RuntimeException e) {
      shutdown.closeAfter(e);
      throw e;
    }
  }

  /**
   * The embedded broker, which the benchmarks start on.
   *
   * @throws IllegalStateException when the stack uses a Kafka of its own
   */
  public EmbeddedKafka kafka() {
    return embeddedKafka.orElseThrow(
        () -> new IllegalStateException("The stack uses a Kafka of its own: " + kafka));
  }

  /** How clients reach the log: the embedded broker, or a Kafka of its own. */
  public KafkaConnection kafkaConnection() {
    return kafka;
  }

  /** The lake, through the REST catalog: how jobs and engines see it. */
  public LakeCatalog lake() {
    return lake;
  }

  /**
   * The local REST catalog's address, such as {@code http://127.0.0.1:8181}; empty when the lake is
   * in a catalog of its own (glue).
   */
  public Optional<URI> catalogServer() {
    return catalogServer;
  }

  /** Where jobs run; for the embedded cluster, waits until it has started. */
  public synchronized FlinkCluster cluster() throws InterruptedException {
    if (cluster == null) {
      if (remote.isPresent()) {
        cluster = remote.get();
      } else {
        flink = awaitStart(flinkStarting);
        cluster = FlinkCluster.embedded(flink.restAddress());
        banner.embeddedFlink(flink.restAddress());
      }
    }
    return cluster;
  }

  /** The embedded Flink cluster, when jobs run on it (for failure injection in tests). */
  public synchronized Optional<EmbeddedFlink> embeddedFlink() throws InterruptedException {
    cluster();
    return Optional.ofNullable(flink);
  }

  /** Stops Flink, the catalog and Kafka, in that order. */
  @Override
  public void close() throws Exception {
    shutdown.close();
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

  private static EmbeddedFlink awaitStart(CompletableFuture<EmbeddedFlink> starting)
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

  private static void closeOnceStarted(CompletableFuture<EmbeddedFlink> starting) throws Exception {
    EmbeddedFlink started = starting.handle((flink, failure) -> flink).join();
    if (started != null) {
      started.close();
    }
  }
}
