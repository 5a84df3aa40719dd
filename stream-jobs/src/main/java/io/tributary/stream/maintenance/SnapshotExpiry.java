package io.tributary.stream.maintenance;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * Expires the snapshots older than the retention, keeping the newest ones whatever their age, with
 * Iceberg's expiry: the data, delete and metadata files that only the expired snapshots referenced
 * are deleted. Time travel within the retention keeps working; replays read the log, not snapshots.
 */
final class SnapshotExpiry {
  private final Table table;

  SnapshotExpiry(Table table) {
    this.table = requireNonNull(table, "table is null");
  }

  /** Expires what is older than {@code expireBefore} beyond the newest {@code keep}; how many. */
  long expire(Instant expireBefore, int keep) {
    table.refresh();
    Set<Long> before = ids(table);
    if (before.size() <= keep) {
      return 0;
    }
    table
        .expireSnapshots()
        .expireOlderThan(expireBefore.toEpochMilli())
        .retainLast(keep)
        .cleanExpiredFiles(true)
        .commit();
    table.refresh();
    before.removeAll(ids(table));
    return before.size();
  }

  private static Set<Long> ids(Table table) {
    Set<Long> ids = new HashSet<>();
    for (Snapshot snapshot : table.snapshots()) {
      ids.add(snapshot.snapshotId());
    }
    return ids;
  }
}
