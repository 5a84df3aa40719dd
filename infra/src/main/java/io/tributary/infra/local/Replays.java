package io.tributary.infra.local;

import io.tributary.catalog.lineage.Lineage;
import io.tributary.gateway.deploy.PipelineDeployer;
import io.tributary.gateway.jobs.ManagedJobs;
import io.tributary.gateway.replay.ClusterReplays;
import io.tributary.gateway.replay.ReplayRun;
import io.tributary.gateway.replay.ReplayScheduler;
import io.tributary.gateway.store.JsonLinesLog;
import io.tributary.stream.lineage.LineageDatasets;
import io.tributary.stream.source.SourceSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The platform's replays: the daily ones each pipeline schedules, and those asked for by hand, run
 * on the platform's cluster and kept in the run history under the data dir.
 */
final class Replays {
  /** How often the scheduler looks for a replay that is due. */
  private static final Duration SCHEDULER_PERIOD = Duration.ofSeconds(20);

  /** How long a replay waits for its pipeline's stream to finish the day. */
  private static final Duration STREAM_WAIT = Duration.ofMinutes(2);

  /** How wide a replay's batch job runs. */
  private static final int PARALLELISM = 2;

  private Replays() {}

  static ReplayScheduler start(
      CoreStack stack,
      ManagedJobs jobs,
      PipelineDeployer deployer,
      List<SourceSpec> sources,
      Lineage lineage,
      LineageDatasets datasets,
      DataDir dataDir,
      Clock clock)
      throws InterruptedException {
    ReplayScheduler replays =
        new ReplayScheduler(
            deployer::running,
            new ClusterReplays(
                jobs,
                sources,
                stack.kafkaConnection(),
                stack.lake(),
                stack.cluster(),
                PARALLELISM,
                lineage,
                datasets,
                clock,
                STREAM_WAIT),
            new JsonLinesLog<>(dataDir.replayRuns(), ReplayRun.class, ReplayRun::id),
            clock,
            ReplayScheduler.Retry.DEFAULT);
    replays.start(SCHEDULER_PERIOD);
    return replays;
  }
}
