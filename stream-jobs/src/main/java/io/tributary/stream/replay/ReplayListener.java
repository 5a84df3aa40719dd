package io.tributary.stream.replay;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/** Told how a replay goes, so a CLI can show progress. Called from the replaying thread. */
public interface ReplayListener {
  ReplayListener NONE = new ReplayListener() {};

  /**
   * The pipeline's streaming job has not finished the day yet: its watermark ({@code watermark},
   * empty when not reported yet) must reach {@code needed}; the replay waits.
   */
  default void waitingForStream(LocalDate day, Optional<Instant> watermark, Instant needed) {}

  /** The overwrite job was submitted to the cluster. */
  default void jobStarted(LocalDate day, String jobId) {}

  /** The overwrite job still runs, {@code elapsed} after it was submitted. */
  default void stillRunning(LocalDate day, Duration elapsed) {}

  default void finished(ReplayReport report) {}
}
