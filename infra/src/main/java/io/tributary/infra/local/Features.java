package io.tributary.infra.local;

import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.TributaryException;
import io.tributary.feature.dynamodb.LocalDynamoDb;
import io.tributary.feature.dynamodb.OnlineStore;
import io.tributary.feature.dynamodb.OnlineStoreConfig;
import io.tributary.feature.group.FeatureGroups;
import io.tributary.feature.job.FeatureJob;
import io.tributary.gateway.feature.FeatureDeployer;
import io.tributary.gateway.feature.FeatureJobs;
import io.tributary.gateway.feature.SyncRun;
import io.tributary.gateway.feature.TableSyncs;
import io.tributary.gateway.feature.TrainingSets;
import io.tributary.gateway.jobs.ManagedJobs;
import io.tributary.gateway.store.JsonLinesLog;
import io.tributary.serving.ApiKeys;
import io.tributary.serving.ServingApi;
import io.tributary.serving.ServingConfig;
import io.tributary.serving.ServingHandler;
import io.tributary.stream.job.LaunchedJob;
import io.tributary.stream.lineage.LineageDatasets;
import io.tributary.stream.source.Sources;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The feature groups of a platform: the online store (the local dynalite under the data dir, unless
 * {@code --dynamodb} names another endpoint), and one job per group, started by the {@link
 * FeatureDeployer}, which also deploys and backfills them.
 */
final class Features {
  /** Where the local DynamoDB's launcher is in the checkout. */
  static final Path SCRIPT = Path.of("infra", "local", "dynalite", "dynalite.sh");

  /** How long a changed group's new generation may take to catch up with the log. */
  static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(30);

  /** How long an old generation's items outlive the switch, for reads under way. */
  static final Duration RETIRE_GRACE = Duration.ofSeconds(5);

  /** How wide a training set's job runs. */
  static final int TRAINING_PARALLELISM = 2;

  /** How often the table syncs look for a daily sync that is due. */
  static final Duration SYNC_SCHEDULER_PERIOD = Duration.ofSeconds(20);

  private Features() {}

  /** The online store: the local dynalite, started and registered with {@code shutdown}. */
  static OnlineStoreConfig store(
      LocalConfig config, DataDir dataDir, Shutdown shutdown, Banner banner) {
    FeatureConfig features = config.features();
    if (features.dynamodb().isPresent()) {
      URI endpoint = features.dynamodb().get();
      banner.dynamodb(endpoint, Optional.empty());
      return FeatureConfig.store(endpoint);
    }
    LocalDynamoDb local =
        shutdown.add(
            "the local DynamoDB",
            LocalDynamoDb.start(
                checkout().resolve(SCRIPT),
                dataDir.dynamodb(),
                config.host(),
                features.dynamodbPort(),
                dataDir.logs().resolve("dynamodb.log")));
    banner.dynamodb(local.endpoint(), Optional.of(dataDir.dynamodb()));
    return OnlineStoreConfig.local(local.endpoint());
  }

  /** Starts every group's job; the deployer runs them from here on. */
  static FeatureDeployer start(
      OnlineStoreConfig storeConfig,
      CoreStack stack,
      ManagedJobs jobs,
      Sources sources,
      FeatureGroups groups,
      LineageDatasets datasets,
      int parallelism,
      Shutdown shutdown,
      Banner banner)
      throws InterruptedException {
    OnlineStore store = shutdown.add("the online store's client", OnlineStore.connect(storeConfig));
    FeatureDeployer deployer =
        new FeatureDeployer(
            jobs,
            store,
            sources,
            new FeatureJobs(
                stack.kafkaConnection(),
                storeConfig,
                sources,
                datasets,
                parallelism,
                FeatureJob.DEFAULT_COALESCE),
            CATCH_UP_TIMEOUT,
            RETIRE_GRACE);
    List<LaunchedJob> started = deployer.startAll(groups.all());
    for (int i = 0; i < started.size(); i++) {
      banner.featureGroup(groups.all().get(i), started.get(i));
    }
    return deployer;
  }

  /**
   * The table groups: checked against their tables, synced in the background when their table
   * changed since the snapshot they serve, after each replay of the pipeline they follow and daily.
   */
  static TableSyncs tables(
      OnlineStoreConfig storeConfig,
      CoreStack stack,
      FeatureGroups groups,
      DataDir dataDir,
      Clock clock,
      Shutdown shutdown,
      Banner banner) {
    OnlineStore store =
        shutdown.add("the table groups' store client", OnlineStore.connect(storeConfig));
    TableSyncs tables =
        shutdown.add(
            "the table group syncs",
            new TableSyncs(
                store,
                stack.lake(),
                new JsonLinesLog<>(dataDir.syncRuns(), SyncRun.class, SyncRun::id),
                clock,
                RETIRE_GRACE));
    tables.start(groups.tables());
    tables.schedule(SYNC_SCHEDULER_PERIOD);
    groups.tables().forEach(banner::tableGroup);
    return tables;
  }

  /** Point-in-time training sets of the running groups, written to the lake by jobs of theirs. */
  static TrainingSets trainingSets(
      CoreStack stack,
      ManagedJobs jobs,
      Sources sources,
      LineageDatasets datasets,
      FeatureDeployer deployer) {
    return new TrainingSets(
        jobs,
        stack.lake(),
        stack.kafkaConnection(),
        sources,
        datasets,
        TRAINING_PARALLELISM,
        deployer::running);
  }

  /**
   * The serving API on {@code config.host()}: the serving Lambda's handler over HTTP. Open to
   * requests without a key while none is defined, on a loopback address only; bound elsewhere it
   * does not start without a key, as the SQL gateway does not without tokens.
   */
  static URI serve(OnlineStoreConfig store, LocalConfig config, Shutdown shutdown, Banner banner)
      throws IOException {
    boolean loopback = InetAddress.getByName(config.host()).isLoopbackAddress();
    int keys;
    try (ApiKeys existing = ApiKeys.connect(store)) {
      keys = existing.list().size();
    }
    if (keys == 0 && !loopback) {
      throw new TributaryException(
          ErrorCode.INVALID_REQUEST,
          "The serving API would answer anyone on "
              + config.host()
              + ": no API key is defined. Start on 127.0.0.1 and add one with `tributary serving"
              + " keys add NAME --groups G`, then start on "
              + config.host()
              + " again");
    }
    ServingApi api =
        shutdown.add(
            "the serving API's clients", ServingApi.create(new ServingConfig(store, loopback)));
    ServingEndpoint endpoint =
        shutdown.add(
            "the serving API",
            ServingEndpoint.start(
                new ServingHandler(api), config.host(), config.features().servingPort()));
    banner.serving(endpoint.address(), keys, loopback);
    return endpoint.address();
  }

  /**
   * The checkout's root: {@code -Dtributary.home} as {@code bin/tributary} passes it, else the
   * nearest directory up from here that holds the launcher (a test's module directory).
   */
  static Path checkout() {
    String home = System.getProperty("tributary.home");
    if (home != null) {
      return Path.of(home);
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isRegularFile(dir.resolve(SCRIPT))) {
        return dir;
      }
      dir = dir.getParent();
    }
    return Path.of("");
  }
}
