package io.tributary.stream.maintenance;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.ExpireSnapshots;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * Expires the snapshots older than the retention, keeping the newest ones whatever their age, with
 * Iceberg's expiry: the data, delete and metadata files that only the expired snapshots referenced
 * are deleted. Time travel within the retention keeps working; replays read the log, not snapshots.
 *
 * <p>The newest snapshot of each streaming committer is kept too, however old: a committer resumed
 * from its savepoint finds there which checkpoint it committed last, and without it would commit
 * that checkpoint's files again. Iceberg's Flink committer names itself in {@value #FLINK_OPERATOR}
 * (and looks along the snapshots' ancestry, so a pipeline stopped longer than the retention while
 * other commits come must not be resumed after its last snapshot was expired); landing's own
 * committer in {@value #TRIBUTARY_COMMITTER}.
 */
final class SnapshotExpiry {
  /** Snapshot summary key of Iceberg's Flink committer: its operator, stable across restarts. */
  static final String FLINK_OPERATOR = "flink.operator-id";

  /** Snapshot summary key of landing's committer. */
  static final String TRIBUTARY_COMMITTER = "tributary.committer";

  private final Table table;

  SnapshotExpiry(Table table) {
    this.table = requireNonNull(table, "table is null");
  }

  /** Expires what is older than {@code expireBefore} beyond the newest {@code keep}; how many. */
  long expire(Instant expireBefore, int keep) {
    table.refresh();
    List<Snapshot> newestFirst = new ArrayList<>();
    table.snapshots().forEach(newestFirst::add);
    newestFirst.sort(Comparator.comparingLong(Snapshot::sequenceNumber).reversed());
    Set<Long> kept = new HashSet<>();
    Map<String, Long> committers = new HashMap<>();
    for (int i = 0; i < newestFirst.size(); i++) {
      Snapshot snapshot = newestFirst.get(i);
      if (i < keep || snapshot.timestampMillis() >= expireBefore.toEpochMilli()) {
        kept.add(snapshot.snapshotId());
      }
      committer(snapshot)
          .forEach(committer -> committers.putIfAbsent(committer, snapshot.snapshotId()));
    }
    kept.addAll(committers.values());
    List<Long> expired =
        newestFirst.stream().map(Snapshot::snapshotId).filter(id -> !kept.contains(id)).toList();
    if (expired.isEmpty()) {
      return 0;
    }
    // every snapshot named, none by age: Iceberg's own age rule would not keep the committers'
    ExpireSnapshots expiry = table.expireSnapshots().expireOlderThan(0).cleanExpiredFiles(true);
    expired.forEach(expiry::expireSnapshotId);
    expiry.commit();
    return expired.size();
  }

  /** The committers that name themselves in {@code snapshot}'s summary. */
  private static List<String> committer(Snapshot snapshot) {
    List<String> committers = new ArrayList<>();
    for (String key : List.of(FLINK_OPERATOR, TRIBUTARY_COMMITTER)) {
      String value = snapshot.summary().get(key);
      if (value != null) {
        committers.add(key + "=" + value);
      }
    }
    return committers;
  }
}
