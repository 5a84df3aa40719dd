package io.tributary.gateway.replay;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.LakeCatalog;
import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.TributaryException;
import io.tributary.catalog.lineage.Lineage;
import io.tributary.gateway.jobs.ManagedJobs;
import io.tributary.stream.job.FlinkCluster;
import io.tributary.stream.kafka.KafkaConnection;
import io.tributary.stream.lineage.LineageDatasets;
import io.tributary.stream.pipeline.PipelineSpec;
import io.tributary.stream.replay.DayReplay;
import io.tributary.stream.replay.ReplayReport;
import io.tributary.stream.source.SourceSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

/** Issue 3's day replay, run by the platform on its own cluster, recorded in lineage. */
public final class ClusterReplays implements ReplayScheduler.Replays {
  private final ManagedJobs jobs;
  private final List<SourceSpec> sources;
  private final KafkaConnection kafka;
  private final LakeCatalog lake;
  private final FlinkCluster cluster;
  private final int parallelism;
  private final Lineage lineage;
  private final LineageDatasets datasets;
  private final Clock clock;
  private final Duration streamWait;

  /**
   * @param streamWait how long a replay waits for the pipeline's stream to finish the day before it
   *     refuses
   */
  public ClusterReplays(
      ManagedJobs jobs,
      List<SourceSpec> sources,
      KafkaConnection kafka,
      LakeCatalog lake,
      FlinkCluster cluster,
      int parallelism,
      Lineage lineage,
      LineageDatasets datasets,
      Clock clock,
      Duration streamWait) {
    this.jobs = requireNonNull(jobs, "jobs is null");
    this.sources = List.copyOf(sources);
    this.kafka = requireNonNull(kafka, "kafka is null");
    this.lake = requireNonNull(lake, "lake is null");
    this.cluster = requireNonNull(cluster, "cluster is null");
    this.parallelism = parallelism;
    this.lineage = requireNonNull(lineage, "lineage is null");
    this.datasets = requireNonNull(datasets, "datasets is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.streamWait = requireNonNull(streamWait, "streamWait is null");
  }

  @Override
  public ReplayReport replay(PipelineSpec pipeline, LocalDate day) throws InterruptedException {
    if (jobs.definition(pipeline.jobName()).isPresent() && !jobs.isRunning(pipeline.jobName())) {
      // when it restarts, the stream could write the day's results again over the replay's
      throw new TributaryException(
          ErrorCode.CONFLICT,
          "Pipeline "
              + pipeline.name()
              + "'s streaming job is stopped; restart it (`bin/tributary restart "
              + pipeline.jobName()
              + "`) and replay "
              + day
              + " once it has finished the day");
    }
    return DayReplay.builder()
        .pipeline(pipeline)
        .sources(sources)
        .streamingJob(jobs.running(pipeline.jobName()).map(job -> job.id().toHexString()))
        .kafka(kafka)
        .lake(lake)
        .cluster(cluster)
        .parallelism(parallelism)
        .clock(clock)
        .streamWait(streamWait)
        .lineage(lineage, datasets)
        .build()
        .replay(day);
  }
}
