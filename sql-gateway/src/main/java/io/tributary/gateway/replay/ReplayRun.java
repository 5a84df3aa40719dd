package io.tributary.gateway.replay;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * One replay of one pipeline's day, finished.
 *
 * @param trigger why it ran
 * @param attempt the how-many-th try of this day by this trigger, from 1
 * @param status how it ended
 * @param rowsWritten rows the replay wrote for the day
 * @param rowsBefore rows the day had before
 * @param lateEvents events later than the lateness that the replay brought in
 * @param eventsRead records the replay read from the sources' topics
 * @param error why it failed, in one line
 * @param nextAttempt for a failed scheduled run, when it is tried again
 */
public record ReplayRun(
    long id,
    String pipeline,
    LocalDate day,
    ReplayTrigger trigger,
    int attempt,
    Instant startedAt,
    Instant finishedAt,
    ReplayStatus status,
    Optional<Long> rowsWritten,
    Optional<Long> rowsBefore,
    Optional<Long> lateEvents,
    Optional<Long> eventsRead,
    Optional<String> error,
    Optional<Instant> nextAttempt) {

  public boolean succeeded() {
    return status == ReplayStatus.SUCCEEDED;
  }
}
