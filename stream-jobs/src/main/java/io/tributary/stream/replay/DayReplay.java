package io.tributary.stream.replay;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.LakeCatalog;
import io.tributary.catalog.lineage.Lineage;
import io.tributary.catalog.lineage.PlanLineage;
import io.tributary.catalog.lineage.QueryLineage;
import io.tributary.stream.flink.FlinkRest;
import io.tributary.stream.job.FlinkCluster;
import io.tributary.stream.job.JobOptions;
import io.tributary.stream.kafka.KafkaConnection;
import io.tributary.stream.lineage.JobLineage;
import io.tributary.stream.lineage.LineageDatasets;
import io.tributary.stream.pipeline.PipelinePlanner;
import io.tributary.stream.pipeline.PipelineSpec;
import io.tributary.stream.pipeline.PipelineTables;
import io.tributary.stream.pipeline.PlannedPipeline;
import io.tributary.stream.source.SourceSpec;
import io.tributary.stream.source.table.SourceTables;
import io.tributary.stream.sql.internal.RemoteBatch;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The T+1 batch as a replay: runs a pipeline's own SQL in batch mode on the platform's Flink
 * cluster over the events of one day, read from the log within {@link ReplayOffsets}' bounds, and
 * replaces that day of the target in one Iceberg commit. Running it twice changes nothing; other
 * days are never touched; if the log no longer holds the day it refuses before writing anything.
 *
 * <pre>{@code
 * ReplayReport report =
 *     DayReplay.builder()
 *         .pipeline(bigOrders)
 *         .sources(sources)
 *         .kafka(KafkaConnection.of("127.0.0.1:9092"))
 *         .lake(lake)
 *         .flinkRest(URI.create("http://127.0.0.1:8081"))
 *         .build()
 *         .replay(LocalDate.parse("2026-11-20"));
 * }</pre>
 */
public final class DayReplay {
  private static final Logger LOG = LoggerFactory.getLogger(DayReplay.class);

  private final PipelineSpec pipeline;
  private final List<SourceSpec> sources;
  private final KafkaConnection kafka;
  private final LakeCatalog lake;
  private final FlinkCluster cluster;
  private final int parallelism;
  private final Clock clock;
  private final ReplayListener listener;
  private final ReplayAdmission admission;
  private final Optional<Lineage> lineage;
  private final LineageDatasets lineageDatasets;

  private DayReplay(Builder builder) {
    this.pipeline = builder.pipeline;
    this.sources = List.copyOf(builder.sources);
    this.kafka = builder.kafka;
    this.lake = builder.lake;
    this.cluster = builder.cluster;
    this.parallelism = builder.parallelism;
    this.clock = builder.clock;
    this.listener = builder.listener;
    this.admission =
        new ReplayAdmission(
            pipeline,
            clock,
            builder.streamingJob,
            new FlinkRest(cluster.restAddress()),
            builder.streamWait,
            listener);
    this.lineage = Optional.ofNullable(builder.lineage);
    this.lineageDatasets = builder.lineageDatasets;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Replays {@code day}: overwrites it in the target with what the pipeline's SQL makes of the
   * day's events.
   *
   * @throws ReplayException when the day cannot be replayed (still open, no longer in the log) or
   *     the job failed; nothing was written then
   * @throws InterruptedException when the thread is interrupted; a running job is cancelled first,
   *     so nothing was written
   */
  public ReplayReport replay(LocalDate day) throws InterruptedException {
    requireNonNull(day, "day is null");
    long started = System.nanoTime();
    List<SourceSpec> used = sourcesRead();
    admission.admit(day, used);
    Map<String, ReplayOffsets.Bounds> bounds = new ReplayOffsets(kafka, clock).plan(used, day);
    admission.refuseGaps(day, bounds);
    Map<String, OffsetRange> ranges = new LinkedHashMap<>();
    bounds.forEach((name, b) -> ranges.put(name, b.range()));

    RemoteBatch.Streams streams = RemoteBatch.tablesOverStreams(cluster, parallelism);
    StreamTableEnvironment tableEnv = streams.tables();
    PipelineTables.configure(tableEnv);
    long rowsBefore;
    JobExecutionResult job;
    long rowsWritten;
    Duration jobElapsed;
    try {
      LakeCatalog.registerIn(tableEnv, lake.config());
      new ReplaySources(kafka)
          .register(
              tableEnv,
              streams.env(),
              used,
              day,
              ranges,
              s -> pipeline.latenessFor(s.maxOutOfOrderness()));

      PipelinePlanner planner = new PipelinePlanner(lake);
      PlannedPipeline planned = planner.plan(pipeline, tableEnv, pipeline.transform().query(day));
      DayPartition partition = new DayPartition(pipeline, planner.ensureTarget(planned));
      String statement = OverwriteStatement.of(pipeline, planned, day);
      planner.checkStatement(pipeline, tableEnv, statement, 1);

      rowsBefore = partition.rows(day);
      long snapshotBefore = partition.snapshotId();
      Optional<Lineage.Run> lineageRun =
          lineage.map(
              l ->
                  l.start(
                      JobLineage.replay(
                          pipeline, liveLineage(day), lineageDatasets, day, statement)));
      long jobStarted = System.nanoTime();
      try {
        job = new BatchRun(pipeline, listener).run(tableEnv, statement, day);
        rowsWritten = partition.commitOf(day, snapshotBefore, job.getJobID().toHexString());
      } catch (RuntimeException
          | InterruptedException e) { // recorded as the run's end, then passed on
        lineageRun.ifPresent(r -> r.fail(e));
        throw e;
      }
      jobElapsed = Duration.ofNanos(System.nanoTime() - jobStarted);
      lineageRun.ifPresent(r -> r.complete(Map.of(pipeline.target().toString(), rowsWritten)));
    } finally {
      // planned and submitted: the catalog's clients are no longer needed
      LakeCatalog.releaseIn(tableEnv, lake.config());
    }

    long late = 0;
    long eventsRead = 0;
    for (SourceSpec source : used) {
      late += BatchRun.counter(job, DayEvents.LATE + source.name());
      eventsRead += BatchRun.counter(job, DayEvents.READ + source.name());
    }
    ReplayReport report =
        new ReplayReport(
            pipeline.name(),
            day,
            eventsRead,
            rowsBefore,
            rowsWritten,
            late,
            Duration.ofNanos(System.nanoTime() - started),
            jobElapsed);
    LOG.info(
        "Replayed pipeline {} for {}: {} rows written (stream had {}), {} late events included,"
            + " {} events read in {} ms",
        pipeline.name(),
        day,
        rowsWritten,
        rowsBefore,
        late,
        eventsRead,
        report.elapsed().toMillis());
    listener.finished(report);
    return report;
  }

  /**
   * The lineage of the pipeline's query as it reads the live source tables: the replay's own plan
   * reads them through bounded streams, which no longer carry the tables' names.
   */
  private QueryLineage liveLineage(LocalDate day) {
    TableEnvironment live = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
    PipelineTables tables = new PipelineTables(sources, kafka, lake.config());
    tables.registerLive(live, pipeline);
    try {
      return PlanLineage.of(
          live.sqlQuery(pipeline.transform().query(day)), SourceTables::lineageName);
    } finally {
      tables.release(live);
    }
  }

  /** The declared sources that the pipeline's SQL names. */
  private List<SourceSpec> sourcesRead() {
    List<String> names = pipeline.transform().sourceNames();
    return sources.stream().filter(s -> names.contains(s.name())).toList();
  }

  /** Builds a {@link DayReplay}; {@link #build()} checks that every required part is set. */
  public static final class Builder {
    private PipelineSpec pipeline;
    private List<SourceSpec> sources;
    private KafkaConnection kafka;
    private LakeCatalog lake;
    private FlinkCluster cluster;
    private int parallelism = 2;
    private Clock clock = Clock.systemUTC();
    private ReplayListener listener = ReplayListener.NONE;
    private Optional<String> streamingJob = Optional.empty();
    private Duration streamWait = Duration.ofMinutes(2);
    private Lineage lineage;
    private LineageDatasets lineageDatasets;

    private Builder() {}

    /** Where the replay records its run (START, then COMPLETE or FAIL); none by default. */
    public Builder lineage(Lineage lineage, LineageDatasets datasets) {
      this.lineage = requireNonNull(lineage, "lineage is null");
      this.lineageDatasets = requireNonNull(datasets, "datasets is null");
      return this;
    }

    /**
     * How long to wait for the streaming job to finish the day before refusing; 2 min by default.
     */
    public Builder streamWait(Duration streamWait) {
      this.streamWait = streamWait;
      return this;
    }

    /**
     * The Flink job id of the pipeline's streaming job, when it runs: the replay of a day waits
     * until that job has finished the day, so that it does not write the day again afterwards.
     */
    public Builder streamingJob(Optional<String> jobId) {
      this.streamingJob = jobId;
      return this;
    }

    public Builder pipeline(PipelineSpec pipeline) {
      this.pipeline = pipeline;
      return this;
    }

    public Builder sources(List<SourceSpec> sources) {
      this.sources = sources;
      return this;
    }

    public Builder kafka(KafkaConnection kafka) {
      this.kafka = kafka;
      return this;
    }

    public Builder lake(LakeCatalog lake) {
      this.lake = lake;
      return this;
    }

    /** The embedded cluster at {@code flinkRest}, which sees the platform's classes. */
    public Builder flinkRest(URI flinkRest) {
      return cluster(FlinkCluster.embedded(flinkRest));
    }

    /** The cluster the replay's job runs on. */
    public Builder cluster(FlinkCluster cluster) {
      this.cluster = cluster;
      return this;
    }

    public Builder parallelism(int parallelism) {
      this.parallelism = parallelism;
      return this;
    }

    /** The clock that says whether a day is still open; the system's UTC clock by default. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public Builder listener(ReplayListener listener) {
      this.listener = listener;
      return this;
    }

    public DayReplay build() {
      requireNonNull(pipeline, "pipeline is null");
      requireNonNull(sources, "sources is null");
      requireNonNull(kafka, "kafka is null");
      requireNonNull(lake, "lake is null");
      requireNonNull(cluster, "cluster is null");
      requireNonNull(clock, "clock is null");
      requireNonNull(listener, "listener is null");
      requireNonNull(streamingJob, "streamingJob is null");
      requireNonNull(streamWait, "streamWait is null");
      JobOptions.PARALLELISM.check(parallelism);
      return new DayReplay(this);
    }
  }
}
