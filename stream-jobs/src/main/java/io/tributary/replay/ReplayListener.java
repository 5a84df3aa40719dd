package io.tributary.replay;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;

/** Told how a replay goes, so a CLI can show progress. Called from the replaying thread. */
public interface ReplayListener {
  ReplayListener NONE = new ReplayListener() {};

  /** The offsets to be read, per source the pipeline reads. */
  default void planned(LocalDate day, Map<String, ReplayOffsets.Bounds> bounds) {}

  /** The overwrite job was submitted to the cluster. */
  default void jobStarted(LocalDate day, String jobId) {}

  /** The overwrite job still runs, {@code elapsed} after it was submitted. */
  default void stillRunning(LocalDate day, Duration elapsed) {}

  default void finished(ReplayReport report) {}
}
