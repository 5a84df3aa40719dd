package io.tributary.feature.sync;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * The data files a table gained and lost between two snapshots: those added after {@code from} and
 * still there, and those of {@code from} removed since. Empty when the history cannot be followed
 * that way: {@code from} is gone (expired) or not an ancestor (a rollback), a snapshot in between
 * added delete files (row-level deletes), or a file is not Parquet; the sync then reads everything.
 *
 * @param added data files of {@code to} that {@code from} did not have
 * @param removed data files of {@code from} that {@code to} no longer has
 */
record TableChanges(List<DataFile> added, List<DataFile> removed) {

  static Optional<TableChanges> between(Table table, long from, Snapshot to) {
    java.util.ArrayDeque<Snapshot> path = new java.util.ArrayDeque<>();
    Snapshot snapshot = to;
    while (snapshot != null && snapshot.snapshotId() != from) {
      path.push(snapshot);
      snapshot = snapshot.parentId() == null ? null : table.snapshot(snapshot.parentId());
    }
    if (snapshot == null) {
      return Optional.empty();
    }
    Map<String, DataFile> added = new LinkedHashMap<>();
    Map<String, DataFile> removed = new LinkedHashMap<>();
    for (Snapshot step : path) { // oldest first
      if (step.addedDeleteFiles(table.io()).iterator().hasNext()) {
        return Optional.empty();
      }
      for (DataFile file : step.addedDataFiles(table.io())) {
        added.put(file.location(), file);
      }
      for (DataFile file : step.removedDataFiles(table.io())) {
        if (added.remove(file.location()) == null) {
          removed.put(file.location(), file);
        }
      }
    }
    boolean parquet =
        added.values().stream().allMatch(f -> f.format() == FileFormat.PARQUET)
            && removed.values().stream().allMatch(f -> f.format() == FileFormat.PARQUET);
    return parquet
        ? Optional.of(new TableChanges(List.copyOf(added.values()), List.copyOf(removed.values())))
        : Optional.empty();
  }
}
