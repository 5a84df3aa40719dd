package io.tributary.stream.replay;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.LocalDate;

/**
 * What a replay of one day did.
 *
 * @param pipeline the pipeline replayed
 * @param day the day
 * @param eventsRead Kafka records read from the sources' topics (all days in the offsets read)
 * @param rowsBefore rows of the day in the target before the replay (what the stream had written)
 * @param rowsWritten rows of the day in the target after the replay
 * @param lateEvents events of the day that arrived later than the pipeline's lateness: the stream
 *     left them out, the replay included them
 * @param elapsed wall time of the whole replay, offsets to commit and count
 * @param jobElapsed wall time of the Flink job that overwrote the day
 */
public record ReplayReport(
    String pipeline,
    LocalDate day,
    long eventsRead,
    long rowsBefore,
    long rowsWritten,
    long lateEvents,
    Duration elapsed,
    Duration jobElapsed) {
  public ReplayReport {
    requireNonNull(pipeline, "pipeline is null");
    requireNonNull(day, "day is null");
    requireNonNull(elapsed, "elapsed is null");
    requireNonNull(jobElapsed, "jobElapsed is null");
  }
}
