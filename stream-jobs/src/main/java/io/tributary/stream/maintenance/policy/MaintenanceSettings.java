package io.tributary.stream.maintenance.policy;

import java.time.Duration;
import org.apache.flink.configuration.MemorySize;

/**
 * The platform-wide defaults of table maintenance, each checked against its option in {@link
 * MaintenanceOptions}; a source or pipeline overrides them in its {@code maintenance:} block.
 *
 * @param enabled whether the platform starts maintenance jobs at all
 * @param interval how often each table's maintenance runs
 * @param targetFileSize the size compaction writes data files at
 * @param snapshotRetention how long snapshots are kept for time travel
 * @param minSnapshots how many of the newest snapshots are kept however old
 * @param orphanMinAge how old an unreferenced file must be before it is removed
 */
public record MaintenanceSettings(
    boolean enabled,
    Duration interval,
    MemorySize targetFileSize,
    Duration snapshotRetention,
    int minSnapshots,
    Duration orphanMinAge) {

  /** The defaults of {@link MaintenanceOptions}: maintenance on, hourly. */
  public static final MaintenanceSettings DEFAULT =
      new MaintenanceSettings(
          true,
          MaintenanceOptions.INTERVAL.defaultValue().orElseThrow(),
          MaintenanceOptions.TARGET_FILE_SIZE.defaultValue().orElseThrow(),
          MaintenanceOptions.SNAPSHOT_RETENTION.defaultValue().orElseThrow(),
          MaintenanceOptions.MIN_SNAPSHOTS.defaultValue().orElseThrow(),
          MaintenanceOptions.ORPHAN_MIN_AGE.defaultValue().orElseThrow());

  public MaintenanceSettings {
    MaintenanceOptions.INTERVAL.check(interval);
    MaintenanceOptions.TARGET_FILE_SIZE.check(targetFileSize);
    MaintenanceOptions.SNAPSHOT_RETENTION.check(snapshotRetention);
    MaintenanceOptions.MIN_SNAPSHOTS.check(minSnapshots);
    MaintenanceOptions.ORPHAN_MIN_AGE.check(orphanMinAge);
  }

  /** The same defaults with no maintenance job started. */
  public MaintenanceSettings off() {
    return new MaintenanceSettings(
        false, interval, targetFileSize, snapshotRetention, minSnapshots, orphanMinAge);
  }

  /** The policy of a table that overrides nothing. */
  public MaintenancePolicy policy() {
    return new MaintenancePolicy(
        interval, targetFileSize.getBytes(), snapshotRetention, minSnapshots, orphanMinAge);
  }
}
