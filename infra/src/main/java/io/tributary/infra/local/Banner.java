package io.tributary.infra.local;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.LakeCatalogConfig;
import io.tributary.catalog.Layer;
import io.tributary.catalog.lineage.Lineage;
import io.tributary.feature.group.FeatureGroupSpec;
import io.tributary.feature.group.TableGroupSpec;
import io.tributary.gateway.EmbeddedSqlGateway;
import io.tributary.infra.query.SqlRunner;
import io.tributary.stream.config.Setting;
import io.tributary.stream.flink.FlinkRest;
import io.tributary.stream.job.FlinkCluster;
import io.tributary.stream.job.LaunchedJob;
import io.tributary.stream.kafka.KafkaConnection;
import io.tributary.stream.landing.BronzeTables;
import io.tributary.stream.maintenance.policy.MaintenanceOptions;
import io.tributary.stream.maintenance.policy.MaintenanceSettings;
import io.tributary.stream.pipeline.PipelineSpec;
import io.tributary.stream.source.KinesisSpec;
import io.tributary.stream.source.SourceSpec;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * What {@code up} prints as the platform starts: one line per component, its name in a column of
 * its own, then where it is and what it does. All the start-up text is here, so it reads as one.
 */
public final class Banner {
  private final Consumer<String> out;

  public Banner(Consumer<String> out) {
    this.out = requireNonNull(out, "out is null");
  }

  /** A banner that prints nothing: for benchmarks and tests that start parts of the platform. */
  public static Banner silent() {
    return new Banner(line -> {});
  }

  /** {@code component} padded to a column, then {@code detail}. */
  static String line(String component, String detail) {
    return String.format("%-9s %s", component, detail);
  }

  private void print(String component, String detail) {
    out.accept(line(component, detail));
  }

  void kafka(String bootstrapServers, Path logDir) {
    print("kafka", bootstrapServers + "  (KRaft broker, log " + logDir + ")");
  }

  void ownKafka(KafkaConnection kafka) {
    print(
        "kafka",
        kafka.bootstrapServers()
            + "  (a Kafka of its own"
            + (kafka.properties().isEmpty()
                ? ""
                : ", " + kafka.properties().getOrDefault("security.protocol", "client properties"))
            + ")");
  }

  void ownCatalog(LakeCatalogConfig lake) {
    print(
        "catalog",
        lake.backend().configName()
            + " catalog '"
            + lake.name()
            + "', warehouse "
            + lake.warehouse().orElse("?")
            + lake.awsEndpoint().map(endpoint -> " at " + endpoint).orElse("")
            + ", namespaces "
            + Arrays.stream(Layer.values())
                .map(Layer::namespaceName)
                .collect(Collectors.joining(", ")));
  }

  void catalog(URI server, LakeCatalogConfig lake, LakeCatalogConfig store) {
    print(
        "catalog",
        server
            + "  (Iceberg REST catalog '"
            + lake.name()
            + "' over "
            + store.uri()
            + ", warehouse "
            + store.warehouse().orElse("?")
            + ", namespaces "
            + Arrays.stream(Layer.values())
                .map(Layer::namespaceName)
                .collect(Collectors.joining(", "))
            + ")");
  }

  void embeddedFlink(URI restAddress) {
    print("flink", restAddress + "  (REST API and web UI)");
  }

  void remoteFlink(FlinkCluster cluster, FlinkRest.Overview overview) {
    print(
        "flink",
        cluster.restAddress()
            + "  (a cluster of its own: "
            + overview.taskManagers()
            + " task manager(s), "
            + overview.slotsAvailable()
            + " of "
            + overview.slotsTotal()
            + " slots free; jobs carry "
            + cluster.jobJars().get(0)
            + ")");
  }

  void lineage(Lineage lineage) {
    print("lineage", String.join(" and ", lineage.destinations()) + "  (OpenLineage events)");
  }

  void gateway(EmbeddedSqlGateway gateway, String lakeName) {
    print(
        "gateway",
        gateway.address()
            + "  (Flink SQL Gateway REST API; sessions see "
            + lakeName
            + ".* and src.*; "
            + SqlRunner.jdbcUrl(gateway.address())
            + "; "
            + gateway.authSummary()
            + ")");
  }

  void landing(SourceSpec source, String lakeName, LaunchedJob job) {
    print(
        "landing",
        source.topic()
            + " -> "
            + lakeName
            + "."
            + BronzeTables.bronze(source)
            + BronzeTables.current(source).map(c -> " (current: " + c + ")").orElse("")
            + " (+ _rejects, "
            + source.deadLetterTopic()
            + ")  job "
            + job.id()
            + resumed(job));
  }

  void maintenance(List<String> jobs, MaintenanceSettings settings) {
    if (!settings.enabled()) {
      print(
          "maintain",
          "no maintenance jobs (--no-maintenance): tables keep every file and snapshot");
      return;
    }
    print(
        "maintain",
        (jobs.isEmpty() ? "no maintenance jobs" : String.join(", ", jobs))
            + "  (every "
            + Setting.durationText(settings.interval())
            + ": closed days compacted to "
            + MaintenanceOptions.sizeText(settings.targetFileSize())
            + " files, snapshots kept "
            + Setting.durationText(settings.snapshotRetention())
            + " and at least "
            + settings.minSnapshots()
            + ", orphans removed after "
            + Setting.durationText(settings.orphanMinAge())
            + "; a declaration's maintenance: block may differ)");
  }

  void kinesisBridge(SourceSpec source) {
    KinesisSpec kinesis = source.kinesis().orElseThrow();
    print(
        "kinesis",
        "stream "
            + kinesis.stream()
            + kinesis.endpoint().map(uri -> " at " + uri).orElse("")
            + " -> "
            + source.topic()
            + " (exactly once; positions in "
            + source.kinesisPositionsTopic()
            + ")");
  }

  void noSources() {
    print("landing", "no sources declared; add YAML files to a sources directory or use --demo");
  }

  void pipeline(PipelineSpec pipeline, LaunchedJob job) {
    print(
        "pipeline",
        pipeline.name() + " -> " + pipeline.target() + "  job " + job.id() + resumed(job));
  }

  void resumedPipelines(int count, Path deployed) {
    print(
        "pipelines",
        count
            + " deployed before this restart, from "
            + deployed
            + " (no pipelines directory given)");
  }

  void notResumed(PipelineSpec pipeline, List<String> missingSources) {
    print(
        "pipeline",
        pipeline.name()
            + " not resumed: it reads "
            + missingSources.stream().map(s -> "src." + s).collect(Collectors.joining(", "))
            + ", which no source declares now (start with the sources it needs)");
  }

  void api(URI address, boolean authOn) {
    print(
        "api",
        address
            + "/api/v1  (deployments, jobs, features; OpenAPI at /api/v1/openapi.json; "
            + (authOn ? "auth on: the gateway's bearer tokens" : "auth off")
            + ")");
  }

  void dynamodb(URI endpoint, Optional<Path> dataDir) {
    print(
        "dynamodb",
        endpoint
            + dataDir
                .map(dir -> "  (dynalite, the online store's items in " + dir + ")")
                .orElse("  (the online store)"));
  }

  void serving(URI address, int keys, boolean open) {
    print(
        "serving",
        address
            + "/v1  (features over REST: the serving Lambda's handler; "
            + (keys > 0
                ? keys + " API key" + (keys == 1 ? "" : "s") + ")"
                : open
                    ? "open: no API key is defined, so it answers anyone on 127.0.0.1;"
                        + " `tributary serving keys add` makes keys)"
                    : "no API key is defined: every request is refused)"));
  }

  void featureGroup(FeatureGroupSpec group, LaunchedJob job) {
    print(
        "features",
        group.name()
            + " ("
            + group.features().size()
            + " features of "
            + group.source()
            + " per "
            + String.join(", ", group.entity())
            + ", generation "
            + group.generation()
            + ")  job "
            + job.id()
            + resumed(job));
  }

  void tableGroup(TableGroupSpec group) {
    print(
        "features",
        group.name()
            + " ("
            + group.columns().size()
            + " columns of "
            + group.from()
            + " per "
            + String.join(", ", group.entity())
            + ", latest by "
            + group.latestBy()
            + ")  synced "
            + group
                .sync()
                .afterPipeline()
                .map(p -> "after each replay of " + p)
                .orElseGet(() -> "daily at " + group.sync().daily().orElseThrow() + " UTC"));
  }

  void demo(int rate) {
    print("demo", rate + " orders/s and " + rate + " clicks/s, about 1% malformed on purpose");
  }

  private static String resumed(LaunchedJob job) {
    return job.restoredFrom().map(p -> ", resumed").orElse("");
  }
}
