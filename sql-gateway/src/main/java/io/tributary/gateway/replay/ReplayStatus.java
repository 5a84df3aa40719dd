package io.tributary.gateway.replay;

/** How a replay run ended. */
public enum ReplayStatus {
  /** The day was overwritten. */
  SUCCEEDED,
  /** Nothing of the day was written; the run's error says why. */
  FAILED
}
