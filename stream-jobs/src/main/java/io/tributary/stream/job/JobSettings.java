package io.tributary.stream.job;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.error.InvalidValueException;
import java.time.Duration;

/**
 * How the platform runs its long-lived jobs.
 *
 * @param checkpointInterval how often state is checkpointed; also how often Iceberg commits
 * @param stateBackend {@code hashmap} (state on the heap) or {@code rocksdb} (state on disk)
 * @param parallelism default parallelism of each job
 */
public record JobSettings(Duration checkpointInterval, String stateBackend, int parallelism) {
  /** Checkpoints every 10 s on the heap, each job one wide: what {@code up} runs by default. */
  public static final JobSettings DEFAULT = new JobSettings(Duration.ofSeconds(10), "hashmap", 1);

  public JobSettings {
    requireNonNull(checkpointInterval, "checkpointInterval is null");
    requireNonNull(stateBackend, "stateBackend is null");
    if (checkpointInterval.compareTo(Duration.ofMillis(100)) < 0) {
      throw new InvalidValueException(
          "Checkpoint interval " + checkpointInterval + " is too short; use at least 100 ms");
    }
    if (!stateBackend.equals("hashmap") && !stateBackend.equals("rocksdb")) {
      throw new InvalidValueException(
          "State backend '" + stateBackend + "' is not one of hashmap, rocksdb");
    }
    if (parallelism < 1) {
      throw new InvalidValueException("Parallelism " + parallelism + " must be at least 1");
    }
  }
}
