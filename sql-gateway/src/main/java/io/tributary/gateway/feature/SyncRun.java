package io.tributary.gateway.feature;

import io.tributary.feature.sync.SyncReport;
import java.time.Instant;
import java.util.Optional;

/**
 * One sync of a table group, finished: what {@code tributary runs} lists beside the replays.
 *
 * @param trigger why it ran
 * @param status how it ended
 * @param mode how it read the table (FULL, INCREMENTAL, UNCHANGED), when it succeeded
 * @param fromSnapshot the snapshot served before
 * @param toSnapshot the snapshot served after
 * @param rowsRead rows read from the table's files
 * @param entities entities looked at
 * @param written entities written
 * @param kept entities whose stored row the store kept (a later one is there)
 * @param removed entities removed, no longer in the table
 * @param error why it failed, in one line
 */
public record SyncRun(
    long id,
    String group,
    Trigger trigger,
    Instant startedAt,
    Instant finishedAt,
    Status status,
    Optional<SyncReport.Mode> mode,
    Optional<Long> fromSnapshot,
    Optional<Long> toSnapshot,
    long rowsRead,
    long entities,
    long written,
    long kept,
    long removed,
    Optional<String> error) {

  /** Why a sync ran. */
  public enum Trigger {
    /** The platform started and the table had changed since the last sync (or never was). */
    START,
    /** After a successful replay of the pipeline the group follows ({@code sync: {after: P}}). */
    REPLAY,
    /** Its daily time ({@code sync: {daily: "HH:MM"}}). */
    SCHEDULE,
    /** Asked for by hand ({@code tributary features sync}). */
    MANUAL
  }

  /** How a sync ended. */
  public enum Status {
    /** The store serves the snapshot. */
    SUCCEEDED,
    /** The store serves what it served before, or part of the newer snapshot; see error. */
    FAILED
  }

  static SyncRun of(long id, Trigger trigger, SyncReport report) {
    return new SyncRun(
        id,
        report.group(),
        trigger,
        report.startedAt(),
        report.finishedAt(),
        Status.SUCCEEDED,
        Optional.of(report.mode()),
        report.fromSnapshot(),
        report.toSnapshot(),
        report.rowsRead(),
        report.entities(),
        report.written(),
        report.kept(),
        report.removed(),
        Optional.empty());
  }

  static SyncRun failed(
      long id, String group, Trigger trigger, Instant started, Instant finished, String error) {
    return new SyncRun(
        id,
        group,
        trigger,
        started,
        finished,
        Status.FAILED,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        0,
        0,
        0,
        0,
        0,
        Optional.of(error));
  }

  public boolean succeeded() {
    return status == Status.SUCCEEDED;
  }
}
