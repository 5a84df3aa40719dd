package io.tributary.stream.replay;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.LakeCatalog;
import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.lineage.Lineage;
import io.tributary.catalog.lineage.PlanLineage;
import io.tributary.catalog.lineage.QueryLineage;
import io.tributary.stream.flink.FlinkRest;
import io.tributary.stream.job.FlinkCluster;
import io.tributary.stream.kafka.KafkaConnection;
import io.tributary.stream.lineage.LineageDatasets;
import io.tributary.stream.pipeline.PipelineLineage;
import io.tributary.stream.pipeline.PipelinePlanner;
import io.tributary.stream.pipeline.PipelineSpec;
import io.tributary.stream.pipeline.PipelineTables;
import io.tributary.stream.pipeline.PlannedPipeline;
import io.tributary.stream.source.SourceSpec;
import io.tributary.stream.source.table.SourceTables;
import io.tributary.stream.sql.SqlErrors;
import io.tributary.stream.sql.internal.RemoteBatch;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.util.TimeUtils;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
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
  private static final String REPLAYED = "`__replayed`";

  private final PipelineSpec pipeline;
  private final List<SourceSpec> sources;
  private final KafkaConnection kafka;
  private final LakeCatalog lake;
  private final FlinkCluster cluster;
  private final int parallelism;
  private final Clock clock;
  private final ReplayListener listener;
  private final Optional<String> streamingJob;
  private final Duration streamWait;
  private final Optional<Lineage> lineage;
  private final LineageDatasets lineageDatasets;
  private volatile JobClient running;

  private DayReplay(Builder builder) {
    this.pipeline = builder.pipeline;
    this.sources = List.copyOf(builder.sources);
    this.kafka = builder.kafka;
    this.lake = builder.lake;
    this.cluster = builder.cluster;
    this.parallelism = builder.parallelism;
    this.clock = builder.clock;
    this.listener = builder.listener;
    this.streamingJob = builder.streamingJob;
    this.streamWait = builder.streamWait;
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
   */
  public ReplayReport replay(LocalDate day) throws InterruptedException {
    requireNonNull(day, "day is null");
    long started = System.nanoTime();
    List<SourceSpec> used = sourcesRead();
    Instant closes = closingTime(day, used);
    refuseOpenDay(day, closes);
    awaitStreamPast(day, closes);
    Map<String, ReplayOffsets.Bounds> bounds = new ReplayOffsets(kafka, clock).plan(used, day);
    refuseGaps(day, bounds);
    Map<String, OffsetRange> ranges = new LinkedHashMap<>();
    bounds.forEach((name, b) -> ranges.put(name, b.range()));

    RemoteBatch.Streams streams = RemoteBatch.tablesOverStreams(cluster, parallelism);
    StreamTableEnvironment tableEnv = streams.tables();
    PipelineTables.configure(tableEnv);
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
    Table target = planner.ensureTarget(planned);
    String statement = overwrite(planned, day);
    planner.checkStatement(pipeline, tableEnv, statement, 1);

    long rowsBefore = rows(target, day);
    long snapshotBefore = snapshotId(target);
    Optional<Lineage.Run> lineageRun =
        lineage.map(
            l ->
                l.start(
                    PipelineLineage.replay(
                        pipeline, liveLineage(day), lineageDatasets, day, statement)));
    long jobStarted = System.nanoTime();
    JobExecutionResult job;
    long rowsWritten;
    try {
      job = run(tableEnv, statement, day);
      rowsWritten = commitOf(target, day, snapshotBefore, job.getJobID().toHexString());
    } catch (RuntimeException | InterruptedException e) {
      lineageRun.ifPresent(r -> r.fail(e));
      throw e;
    }
    Duration jobElapsed = Duration.ofNanos(System.nanoTime() - jobStarted);
    lineageRun.ifPresent(r -> r.complete(Map.of(pipeline.target().toString(), rowsWritten)));

    long late = 0;
    long eventsRead = 0;
    for (SourceSpec source : used) {
      late += counter(job, DayEvents.LATE + source.name());
      eventsRead += counter(job, DayEvents.READ + source.name());
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
    new PipelineTables(sources, kafka, lake.config()).registerLive(live, pipeline);
    return PlanLineage.of(
        live.sqlQuery(pipeline.transform().query(day)), SourceTables::lineageName);
  }

  /** The declared sources that the pipeline's SQL names. */
  private List<SourceSpec> sourcesRead() {
    List<String> names = pipeline.transform().sourceNames();
    return sources.stream().filter(s -> names.contains(s.name())).toList();
  }

  private static long counter(JobExecutionResult job, String name) {
    Object value = job.getAccumulatorResult(name);
    return value instanceof Number number ? number.longValue() : 0;
  }

  /**
   * Cancels the overwrite job if one is running, as when the user interrupts the replay: a
   * cancelled job commits nothing. Returns the job's id when there was one.
   */
  public Optional<String> cancelRunningJob() {
    JobClient client = running;
    if (client == null) {
      return Optional.empty();
    }
    try {
      client.cancel().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("Cannot cancel replay job {}", client.getJobID(), e);
    }
    return Optional.of(client.getJobID().toHexString());
  }

  /** {@code INSERT OVERWRITE target SELECT * FROM (query) WHERE partition = day}. */
  private String overwrite(PlannedPipeline planned, LocalDate day) {
    boolean date =
        planned.schema().getColumns().stream()
            .filter(c -> c.getName().equals(pipeline.partition()))
            .anyMatch(c -> c.getDataType().getLogicalType().is(LogicalTypeRoot.DATE));
    String literal = (date ? "DATE '" : "'") + day + "'";
    // the query starts on the second line, so Flink's line numbers are the file's plus one
    return "INSERT OVERWRITE "
        + pipeline.target().sql()
        + " SELECT * FROM (\n"
        + pipeline.transform().query(day)
        + "\n) AS "
        + REPLAYED
        + " WHERE "
        + REPLAYED
        + ".`"
        + pipeline.partition()
        + "` = "
        + literal;
  }

  private void refuseGaps(LocalDate day, Map<String, ReplayOffsets.Bounds> bounds) {
    for (Map.Entry<String, ReplayOffsets.Bounds> source : bounds.entrySet()) {
      ReplayOffsets.Bounds b = source.getValue();
      b.gap()
          .ifPresent(
              gap -> {
                String available =
                    gap.earliestAvailable()
                        .map(t -> "the earliest time still available is " + t)
                        .orElse(
                            gap.empty()
                                ? "no records remain in it"
                                : "its first record could not be read");
                throw new ReplayException(
                    "Cannot replay pipeline "
                        + pipeline.name()
                        + " for "
                        + day
                        + ": topic "
                        + b.topic()
                        + " (source "
                        + source.getKey()
                        + ") no longer holds the start of that day; partition "
                        + gap.partition()
                        + " now starts at offset "
                        + gap.logStart()
                        + " (older records were removed by retention) and "
                        + available
                        + ", while the day needs the log from "
                        + b.readFrom()
                        + ". Nothing was written.");
              });
    }
  }

  /** When the day closes: its end plus the lateness of the pipeline over the sources it reads. */
  private Instant closingTime(LocalDate day, List<SourceSpec> used) {
    Duration lateness =
        used.stream()
            .map(s -> pipeline.latenessFor(s.maxOutOfOrderness()))
            .max(Duration::compareTo)
            .orElse(Duration.ZERO);
    return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().plus(lateness);
  }

  private void refuseOpenDay(LocalDate day, Instant closes) {
    Duration lateness =
        Duration.between(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), closes);
    if (clock.instant().isBefore(closes)) {
      throw new ReplayException(
          "Cannot replay pipeline "
              + pipeline.name()
              + " for "
              + day
              + ": the day is still open; its events may arrive on time until "
              + closes
              + " (lateness "
              + TimeUtils.formatWithHighestUnit(lateness)
              + "), and the stream is still writing them. Replay it after that.");
    }
  }

  /**
   * Waits until the pipeline's streaming job, when it runs, has moved its event time past the day:
   * from then on the stream writes nothing more into the day (later events of it are late), so the
   * replay's overwrite stands. A stream that is behind (catching up, or waiting for events to close
   * the day's windows) would otherwise write the day again after the replay.
   */
  private void awaitStreamPast(LocalDate day, Instant closes) throws InterruptedException {
    if (streamingJob.isEmpty()) {
      return;
    }
    String job = streamingJob.get();
    FlinkRest rest = new FlinkRest(cluster.restAddress());
    long deadline = System.nanoTime() + streamWait.toNanos();
    Optional<Instant> watermark = Optional.empty();
    while (true) {
      try {
        Optional<String> state = rest.state(job);
        if (state.isEmpty() || !state.get().equals("RUNNING")) {
          return;
        }
        watermark = rest.sinkWatermark(job);
      } catch (java.io.IOException e) {
        LOG.warn("Cannot read the watermark of job {} from Flink; trying again", job, e);
      }
      if (watermark.isPresent() && !watermark.get().isBefore(closes)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new ReplayException(
            "Cannot replay pipeline "
                + pipeline.name()
                + " for "
                + day
                + " yet: its streaming job "
                + job
                + " has not finished the day ("
                + watermark.map(w -> "its watermark is at " + w).orElse("no watermark yet")
                + "; it must pass "
                + closes
                + ", the day's end plus the lateness), so it could still write the day after"
                + " the replay. The stream moves on as newer events arrive; replay then. Nothing"
                + " was written.");
      }
      listener.waitingForStream(day, watermark, closes);
      TimeUnit.SECONDS.sleep(2);
    }
  }

  private JobExecutionResult run(TableEnvironment tableEnv, String statement, LocalDate day)
      throws InterruptedException {
    TableResult result;
    try {
      result = tableEnv.executeSql(statement);
    } catch (RuntimeException e) {
      throw new ReplayException(
          ErrorCode.EXTERNAL_FAILURE,
          "Cannot replay pipeline "
              + pipeline.name()
              + " for "
              + day
              + ": the job could not be submitted: "
              + SqlErrors.describe(e),
          e);
    }
    JobClient client =
        result
            .getJobClient()
            .orElseThrow(() -> new IllegalStateException("The replay statement started no job"));
    String jobId = client.getJobID().toHexString();
    running = client;
    listener.jobStarted(day, jobId);
    long submitted = System.nanoTime();
    // one future: each call of getJobExecutionResult() opens a new REST client
    java.util.concurrent.CompletableFuture<JobExecutionResult> done =
        client.getJobExecutionResult();
    while (true) {
      try {
        JobExecutionResult finished = done.get(5, TimeUnit.SECONDS);
        running = null;
        return finished;
      } catch (TimeoutException stillRunning) {
        listener.stillRunning(day, Duration.ofNanos(System.nanoTime() - submitted));
      } catch (java.util.concurrent.ExecutionException e) {
        running = null;
        throw new ReplayException(
            ErrorCode.EXTERNAL_FAILURE,
            "Replay of pipeline "
                + pipeline.name()
                + " for "
                + day
                + " failed in job "
                + jobId
                + ": "
                + SqlErrors.describe(e)
                + ". Nothing was written.",
            e);
      }
    }
  }

  /**
   * The rows the job's commit wrote. When the day has no rows at all, the job commits no files and
   * so replaces nothing; the day's old rows are then deleted here, in one commit.
   */
  private long commitOf(Table target, LocalDate day, long snapshotBefore, String jobId) {
    target.refresh();
    long written = 0;
    boolean committed = false;
    for (Snapshot snapshot : target.snapshots()) {
      if (snapshot.snapshotId() != snapshotBefore
          && jobId.equals(snapshot.summary().get("flink.job-id"))) {
        committed = true;
        written += Long.parseLong(snapshot.summary().getOrDefault("added-records", "0"));
      }
    }
    if (!committed || written == 0) {
      if (rows(target, day) > 0) {
        target
            .newDelete()
            .deleteFromRowFilter(Expressions.equal(pipeline.partition(), day.toString()))
            .commit();
        LOG.info(
            "Pipeline {} has no rows for {}; deleted the day from {}",
            pipeline.name(),
            day,
            pipeline.target());
      }
      return 0;
    }
    return written;
  }

  private long rows(Table target, LocalDate day) {
    target.refresh();
    long rows = 0;
    try (CloseableIterable<FileScanTask> files =
        target
            .newScan()
            .filter(Expressions.equal(pipeline.partition(), day.toString()))
            .planFiles()) {
      for (FileScanTask file : files) {
        rows += file.file().recordCount();
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Cannot list the files of " + pipeline.target(), e);
    }
    return rows;
  }

  private static long snapshotId(Table target) {
    target.refresh();
    return target.currentSnapshot() == null ? -1 : target.currentSnapshot().snapshotId();
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
      if (parallelism < 1) {
        throw new IllegalArgumentException(
            "Cannot replay pipeline " + pipeline.name() + ": parallelism " + parallelism + " < 1");
      }
      return new DayReplay(this);
    }
  }
}
