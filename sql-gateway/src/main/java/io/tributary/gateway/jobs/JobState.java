package io.tributary.gateway.jobs;

import java.util.Arrays;

/**
 * A job's state as operators see it: Flink's own state of a job that runs on the cluster, {@link
 * #STOPPED} for one the platform stopped with a savepoint on request, {@link #UNKNOWN} when Flink's
 * REST API does not say.
 */
public enum JobState {
  INITIALIZING,
  CREATED,
  RUNNING,
  FAILING,
  FAILED,
  CANCELLING,
  CANCELED,
  FINISHED,
  RESTARTING,
  SUSPENDED,
  RECONCILING,
  /** Stopped with a savepoint on request; it stays known until started again. */
  STOPPED,
  /** Flink's REST API did not answer, or named a state this platform does not know. */
  UNKNOWN;

  /** The state Flink's REST API names {@code flinkState} ({@code RUNNING}, ...). */
  public static JobState of(String flinkState) {
    return Arrays.stream(values())
        .filter(state -> state != STOPPED && state.name().equals(flinkState))
        .findFirst()
        .orElse(UNKNOWN);
  }
}
