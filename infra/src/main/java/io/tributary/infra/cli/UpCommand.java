package io.tributary.infra.cli;

import io.tributary.catalog.LakeCatalogConfig;
import io.tributary.gateway.GatewayOptions;
import io.tributary.infra.local.CatalogDatabase;
import io.tributary.infra.local.FeatureConfig;
import io.tributary.infra.local.LocalConfig;
import io.tributary.infra.local.LocalPlatform;
import io.tributary.infra.local.PlatformOptions;
import io.tributary.stream.config.Setting;
import io.tributary.stream.job.JobOptions;
import io.tributary.stream.job.JobSettings;
import io.tributary.stream.kafka.KafkaConnection;
import io.tributary.stream.maintenance.policy.MaintenanceOptions;
import io.tributary.stream.maintenance.policy.MaintenanceSettings;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.logging.log4j.LogManager;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code tributary up}: the whole platform in this process, until SIGINT or SIGTERM. Its options
 * are the settings of {@link PlatformOptions#UP}, added by {@link Options}.
 */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    modelTransformer = UpCommand.Options.class,
    description =
        "Start Kafka, Flink, the Iceberg catalog, the SQL gateway and one landing job per source, in this process. Prints one line per component, then 'ready'. Ctrl-C (SIGINT) or SIGTERM stops every job with a savepoint; `up` on the same data dir resumes where it stopped.")
final class UpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin CliOptions.DataDir dataDir;

  /** Adds every setting of {@code up} but the data dir (a mixin every command shares). */
  static final class Options implements CommandLine.IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec command) {
      SettingOptions.add(
          command, PlatformOptions.UP.stream().filter(s -> s != PlatformOptions.DATA_DIR).toList());
      return command;
    }
  }

  @Override
  public Integer call() throws Exception {
    LocalConfig config = config(spec, dataDir.dataDir);
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

  /**
   * The configuration the options of {@code up} (a profile's included) give: what {@code up} runs,
   * and what {@code k8s render} writes manifests for.
   */
  static LocalConfig config(CommandSpec spec, Path dataDir) {
    boolean demo = SettingOptions.flag(spec, PlatformOptions.DEMO);
    return new LocalConfig(
        dataDir,
        directories(
            spec, PlatformOptions.SOURCES, PlatformOptions.DEFAULT_SOURCES_DIR, "Sources", demo),
        directories(
            spec,
            PlatformOptions.PIPELINES,
            PlatformOptions.DEFAULT_PIPELINES_DIR,
            "Pipelines",
            demo),
        demo
            ? Optional.of(SettingOptions.value(spec, PlatformOptions.DEMO_RATE))
            : Optional.empty(),
        PlatformOptions.HOST,
        SettingOptions.value(spec, PlatformOptions.KAFKA_PORT),
        SettingOptions.value(spec, PlatformOptions.FLINK_PORT),
        SettingOptions.value(spec, PlatformOptions.CATALOG_PORT),
        SettingOptions.value(spec, GatewayOptions.PORT),
        SettingOptions.value(spec, GatewayOptions.HOST),
        SettingOptions.optional(spec, GatewayOptions.TOKENS),
        SettingOptions.value(spec, PlatformOptions.API_PORT),
        new JobSettings(
            SettingOptions.value(spec, JobOptions.CHECKPOINT_INTERVAL),
            SettingOptions.value(spec, JobOptions.STATE_BACKEND),
            SettingOptions.value(spec, JobOptions.PARALLELISM)),
        SettingOptions.value(spec, PlatformOptions.TASK_SLOTS),
        SettingOptions.optional(spec, PlatformOptions.LINEAGE_URL),
        SettingOptions.optional(spec, JobOptions.FLINK_CLUSTER),
        kafka(spec),
        SettingOptions.optional(spec, PlatformOptions.KAFKA_PROPERTIES),
        SettingOptions.optional(spec, PlatformOptions.KINESIS_ENDPOINT),
        SettingOptions.optional(spec, PlatformOptions.CATALOG_DB)
            .map(
                url ->
                    new CatalogDatabase(
                        url,
                        environment(CatalogDatabase.USER_VARIABLE),
                        environment(CatalogDatabase.PASSWORD_VARIABLE))),
        lakeCatalog(spec),
        SettingOptions.optional(spec, PlatformOptions.STATE_DIR),
        maintenance(spec),
        new FeatureConfig(
            directories(
                spec,
                PlatformOptions.FEATURES,
                PlatformOptions.DEFAULT_FEATURES_DIR,
                "Features",
                demo),
            SettingOptions.optional(spec, PlatformOptions.DYNAMODB),
            SettingOptions.value(spec, PlatformOptions.DYNAMODB_PORT),
            SettingOptions.value(spec, PlatformOptions.SERVING_PORT)));
  }

  /** A Kafka of its own when {@code --kafka}, with the client properties of its file. */
  private static Optional<KafkaConnection> kafka(CommandSpec spec) {
    Optional<Path> properties = SettingOptions.optional(spec, PlatformOptions.KAFKA_PROPERTIES);
    Optional<String> servers = SettingOptions.optional(spec, PlatformOptions.KAFKA);
    if (servers.isEmpty()) {
      if (properties.isPresent()) {
        throw new CliException("--kafka-properties are the client properties of --kafka; add it");
      }
      return Optional.empty();
    }
    return Optional.of(
        new KafkaConnection(
            servers.get(), properties.map(KafkaConnection::readProperties).orElse(Map.of())));
  }

  /** The glue catalog when {@code --catalog glue}; empty for the embedded one. */
  private static Optional<LakeCatalogConfig> lakeCatalog(CommandSpec spec) {
    Optional<String> warehouse = SettingOptions.optional(spec, PlatformOptions.WAREHOUSE);
    if (SettingOptions.value(spec, PlatformOptions.CATALOG).equals("local")) {
      if (warehouse.isPresent()) {
        throw new CliException("--warehouse is where --catalog glue puts its tables; add that");
      }
      return Optional.empty();
    }
    if (SettingOptions.optional(spec, PlatformOptions.CATALOG_DB).isPresent()) {
      throw new CliException(
          "--catalog-db is the local catalog's store; --catalog glue keeps its tables in Glue");
    }
    return Optional.of(
        LakeCatalogConfig.glue(
            warehouse.orElseThrow(
                () -> new CliException("--catalog glue needs --warehouse s3://bucket/path")),
            SettingOptions.value(spec, PlatformOptions.AWS_REGION),
            SettingOptions.optional(spec, PlatformOptions.AWS_ENDPOINT)));
  }

  private static MaintenanceSettings maintenance(CommandSpec spec) {
    MaintenanceSettings settings =
        new MaintenanceSettings(
            true,
            SettingOptions.value(spec, MaintenanceOptions.INTERVAL),
            SettingOptions.value(spec, MaintenanceOptions.TARGET_FILE_SIZE),
            SettingOptions.value(spec, MaintenanceOptions.SNAPSHOT_RETENTION),
            SettingOptions.value(spec, MaintenanceOptions.MIN_SNAPSHOTS),
            SettingOptions.value(spec, MaintenanceOptions.ORPHAN_MIN_AGE));
    return SettingOptions.flag(spec, MaintenanceOptions.OFF) ? settings.off() : settings;
  }

  private static Optional<String> environment(String name) {
    return Optional.ofNullable(System.getenv(name)).filter(value -> !value.isEmpty());
  }

  /**
   * The directories of a repeatable {@code setting}, or its default directory when none is given
   * and it exists; each must exist. The demo adds the example directory of the same name.
   */
  private static List<Path> directories(
      CommandSpec spec, Setting<Path> setting, String fallback, String what, boolean demo) {
    List<Path> dirs = new ArrayList<>(SettingOptions.values(spec, setting));
    if (dirs.isEmpty() && Files.isDirectory(Path.of(fallback))) {
      dirs.add(Path.of(fallback));
    }
    for (Path dir : dirs) {
      if (!Files.isDirectory(dir)) {
        throw new CliException(what + " directory " + dir + " does not exist");
      }
    }
    if (demo) {
      dirs.add(Home.examples().resolve(setting.key()));
    }
    return dirs;
  }
}
