package io.tributary.gateway.jobs;

import io.tributary.stream.job.JobKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One job as operators see it.
 *
 * @param state Flink's state of the job, or {@link JobState#STOPPED} for a job stopped with a
 *     savepoint
 * @param uptime since the job's current run started
 * @param lastCheckpoint when its newest checkpoint completed
 * @param checkpointAge how long ago that was
 * @param restarts restarts after failures in the current run
 * @param rootCause the newest failure in one line
 * @param lastSavepoint the newest savepoint the platform took of it
 * @param lag per source partition, records and seconds behind the end of the log
 */
public record JobView(
    String name,
    JobKind kind,
    Optional<String> id,
    JobState state,
    Optional<Duration> uptime,
    Optional<Instant> lastCheckpoint,
    Optional<Duration> checkpointAge,
    long restarts,
    Optional<String> rootCause,
    Optional<String> lastSavepoint,
    List<PartitionLag> lag) {

  /** How far a job's consumer group is behind one partition of its topic. */
  public record PartitionLag(
      String topic, int partition, long records, Optional<Duration> behind) {}
}
