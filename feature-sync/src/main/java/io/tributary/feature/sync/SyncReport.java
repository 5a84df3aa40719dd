package io.tributary.feature.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What one sync of a table group did.
 *
 * @param group the table group
 * @param mode how it read the table
 * @param fromSnapshot the snapshot synced before, if any
 * @param toSnapshot the snapshot now served (empty when the table has none yet)
 * @param rowsRead rows read from the table's files
 * @param entities entities whose row the sync looked at
 * @param written entities written (each one put of one item)
 * @param kept entities whose stored row the store kept (a row of a later {@code latest_by}, or of a
 *     newer snapshot, is there)
 * @param removed entities removed, no longer in the table
 * @param startedAt when it started
 * @param finishedAt when it finished
 */
public record SyncReport(
    String group,
    Mode mode,
    Optional<Long> fromSnapshot,
    Optional<Long> toSnapshot,
    long rowsRead,
    long entities,
    long written,
    long kept,
    long removed,
    Instant startedAt,
    Instant finishedAt) {

  /** How a sync read the table. */
  public enum Mode {
    /** Every row of the snapshot: the first sync, a changed group, or history it cannot follow. */
    FULL,
    /** Only the data files added and removed since the snapshot synced before. */
    INCREMENTAL,
    /** The table has not changed since the snapshot synced before: nothing read or written. */
    UNCHANGED
  }

  /** The DynamoDB write requests it made (puts and deletes, those the conditions refused too). */
  public long writes() {
    return written + kept + removed;
  }

  public Duration duration() {
    return Duration.between(startedAt, finishedAt);
  }
}
