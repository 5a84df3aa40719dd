package io.tributary.stream.job;

import java.time.Duration;

/**
 * How the platform runs its long-lived jobs.
 *
 * @param checkpointInterval how often state is checkpointed; also how often Iceberg commits
 * @param stateBackend {@code hashmap} (state on the heap) or {@code rocksdb} (state on disk)
 * @param parallelism default parallelism of each job
 */
public record JobSettings(Duration checkpointInterval, String stateBackend, int parallelism) {
  /** The defaults of {@link JobOptions}: what {@code up} runs with unless told otherwise. */
  public static final JobSettings DEFAULT =
      new JobSettings(
          JobOptions.CHECKPOINT_INTERVAL.defaultValue().orElseThrow(),
          JobOptions.STATE_BACKEND.defaultValue().orElseThrow(),
          JobOptions.PARALLELISM.defaultValue().orElseThrow());

  public JobSettings {
    JobOptions.CHECKPOINT_INTERVAL.check(checkpointInterval);
    JobOptions.STATE_BACKEND.check(stateBackend);
    JobOptions.PARALLELISM.check(parallelism);
  }
}
