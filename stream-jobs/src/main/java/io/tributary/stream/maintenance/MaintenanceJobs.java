package io.tributary.stream.maintenance;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.LakeCatalog;
import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.TributaryException;
import io.tributary.catalog.lineage.LineageDataset;
import io.tributary.catalog.lineage.LineageJob;
import io.tributary.stream.job.JobDefinition;
import io.tributary.stream.job.JobKind;
import io.tributary.stream.landing.BronzeTables;
import io.tributary.stream.lineage.JobLineage;
import io.tributary.stream.lineage.LineageDatasets;
import io.tributary.stream.maintenance.policy.MaintenancePolicy;
import io.tributary.stream.maintenance.policy.MaintenanceSettings;
import io.tributary.stream.pipeline.PipelineSpec;
import io.tributary.stream.source.SourceSpec;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The maintenance jobs of the platform, built in one place: one per source ({@code
 * maintenance-<source>}: its bronze table, its rejects, its current-only table and history) and one
 * per pipeline ({@code maintenance-<pipeline>}: its target), each with the platform's defaults and
 * the declaration's {@code maintenance:} block. A job is one tick source and one task, at
 * parallelism 1, so each takes one slot.
 *
 * <pre>{@code
 * MaintenanceJobs maintenance =
 *     new MaintenanceJobs(lake, MaintenanceSettings.DEFAULT, locks, lineageDir, lineageUrl,
 *         datasets, sources);
 * maintenance.source(orders).ifPresent(jobs::start);
 * }</pre>
 */
public final class MaintenanceJobs {
  /** The longest time between two looks at whether a table is due. */
  static final Duration MAX_TICK = Duration.ofMinutes(1);

  private final LakeCatalog lake;
  private final MaintenanceSettings settings;
  private final MaintenanceLocks locks;
  private final Path lineageDirectory;
  private final Optional<URI> lineageUrl;
  private final LineageDatasets datasets;
  private final List<SourceSpec> sources;

  /**
   * @param lineageDirectory the lineage store each run is recorded in
   * @param lineageUrl the OpenLineage endpoint that receives the runs too, if any
   * @param sources the declared sources: a pipeline's days close after the lateness of the sources
   *     it reads
   */
  public MaintenanceJobs(
      LakeCatalog lake,
      MaintenanceSettings settings,
      MaintenanceLocks locks,
      Path lineageDirectory,
      Optional<URI> lineageUrl,
      LineageDatasets datasets,
      List<SourceSpec> sources) {
    this.lake = requireNonNull(lake, "lake is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.locks = requireNonNull(locks, "locks is null");
    this.lineageDirectory = requireNonNull(lineageDirectory, "lineageDirectory is null");
    this.lineageUrl = requireNonNull(lineageUrl, "lineageUrl is null");
    this.datasets = requireNonNull(datasets, "datasets is null");
    this.sources = List.copyOf(sources);
  }

  /** The name of the maintenance job of a source or pipeline: {@code maintenance-<name>}. */
  public static String jobName(String name) {
    return "maintenance-" + name;
  }

  /** The platform's defaults. */
  public MaintenanceSettings settings() {
    return settings;
  }

  /**
   * The maintenance job of {@code source}'s tables, or empty when they are not maintained (the
   * platform starts no maintenance, or the source says {@code enabled: false}).
   */
  public Optional<JobDefinition> source(SourceSpec source) {
    return source
        .maintenance()
        .resolve(settings)
        .map(
            policy -> {
              List<TableIdentifier> ids = new ArrayList<>();
              ids.add(BronzeTables.bronze(source));
              ids.add(BronzeTables.rejects(source));
              BronzeTables.current(source).ifPresent(ids::add);
              List<MaintainedTable> tables =
                  ids.stream()
                      .map(
                          id ->
                              new MaintainedTable(
                                  id.toString(),
                                  BronzeTables.DAY_COLUMN,
                                  source.maxOutOfOrderness(),
                                  policy))
                      .toList();
              return definition(jobName(source.name()), tables, policy);
            });
  }

  /**
   * The maintenance job of {@code pipeline}'s target, or empty when it is not maintained.
   *
   * @throws TributaryException when a source has the pipeline's name: their jobs would share it
   */
  public Optional<JobDefinition> pipeline(PipelineSpec pipeline) {
    if (sources.stream().anyMatch(s -> s.name().equals(pipeline.name()))) {
      throw new TributaryException(
          ErrorCode.CONFLICT,
          "Pipeline "
              + pipeline.name()
              + " has the name of a source: both tables' maintenance job would be "
              + jobName(pipeline.name())
              + "; rename the pipeline");
    }
    Duration lateness =
        sources.stream()
            .filter(s -> pipeline.transform().sourceNames().contains(s.name()))
            .map(s -> pipeline.latenessFor(s.maxOutOfOrderness()))
            .max(Duration::compareTo)
            .orElse(pipeline.lateness().orElse(Duration.ZERO));
    return pipeline
        .maintenance()
        .resolve(settings)
        .map(
            policy ->
                definition(
                    jobName(pipeline.name()),
                    List.of(
                        new MaintainedTable(
                            pipeline.target().identifier().toString(),
                            pipeline.partition(),
                            lateness,
                            policy)),
                    policy));
  }

  private JobDefinition definition(
      String name, List<MaintainedTable> tables, MaintenancePolicy policy) {
    List<String> tableNames =
        tables.stream().map(t -> lake.config().name() + "." + t.identifier()).toList();
    LineageJob lineage = JobLineage.maintenance(name, tableNames, datasets);
    List<LineageDataset> outputs =
        lineage.outputs().stream().map(LineageJob.Output::dataset).toList();
    MaintenanceRunner runner =
        new MaintenanceRunner(
            name,
            lake.catalogLoader(),
            lake.config().name(),
            tables,
            locks,
            new RunLineage(name, lineageDirectory, lineageUrl, outputs));
    Duration tick = policy.interval().compareTo(MAX_TICK) < 0 ? policy.interval() : MAX_TICK;
    return new JobDefinition(
        name,
        JobKind.MAINTENANCE,
        Optional.empty(),
        env -> addTo(env, runner, tick),
        lineage,
        Optional.empty(),
        Optional.empty());
  }

  /** A tick every {@code tick}, and the task that maintains what is due at each. */
  private static void addTo(
      StreamExecutionEnvironment env, MaintenanceRunner runner, Duration tick) {
    DataGeneratorSource<Long> ticks =
        new DataGeneratorSource<>(
            index -> index,
            Long.MAX_VALUE,
            RateLimiterStrategy.perSecond(1_000.0 / tick.toMillis()),
            Types.LONG);
    env.fromSource(ticks, WatermarkStrategy.noWatermarks(), "Maintenance ticks")
        .uid("maintenance-ticks")
        .setParallelism(1)
        .process(runner)
        .returns(Types.VOID)
        .name("Maintain tables")
        .uid("maintenance-runner")
        .setParallelism(1);
  }
}
