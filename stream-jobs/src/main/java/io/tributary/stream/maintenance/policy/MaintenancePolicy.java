package io.tributary.stream.maintenance.policy;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.time.Duration;

/**
 * How the tables of one source or pipeline are maintained: the platform's defaults with the
 * declaration's overrides applied ({@link MaintenanceSpec#resolve}). Serializable: maintenance jobs
 * carry it to their task.
 *
 * @param interval how often each table's maintenance runs
 * @param targetFileSizeBytes the size compaction writes data files at
 * @param snapshotRetention how long snapshots are kept for time travel
 * @param minSnapshots how many of the newest snapshots are kept however old
 * @param orphanMinAge how old an unreferenced file must be before it is removed
 */
public record MaintenancePolicy(
    Duration interval,
    long targetFileSizeBytes,
    Duration snapshotRetention,
    int minSnapshots,
    Duration orphanMinAge)
    implements Serializable {

  public MaintenancePolicy {
    requireNonNull(interval, "interval is null");
    requireNonNull(snapshotRetention, "snapshotRetention is null");
    requireNonNull(orphanMinAge, "orphanMinAge is null");
    MaintenanceOptions.INTERVAL.check(interval);
    MaintenanceOptions.SNAPSHOT_RETENTION.check(snapshotRetention);
    MaintenanceOptions.MIN_SNAPSHOTS.check(minSnapshots);
    MaintenanceOptions.ORPHAN_MIN_AGE.check(orphanMinAge);
    if (targetFileSizeBytes < 1024) {
      throw new IllegalArgumentException(
          "Target file size " + targetFileSizeBytes + " bytes is too small; use at least 1KB");
    }
  }
}
