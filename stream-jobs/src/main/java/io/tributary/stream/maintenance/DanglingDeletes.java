package io.tributary.stream.maintenance;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Removes the delete files that no longer apply to any live data file. Compaction folds a
 * current-only table's equality deletes into the data it rewrites, but Iceberg keeps a delete file
 * until a commit finds every data file newer than it; one committed in the very snapshot compaction
 * started from stays. Which delete files apply is Iceberg's own answer: the deletes its scan
 * planning attaches to each data file.
 *
 * <p>Safe beside streaming commits: an equality delete applies only to older data, and a position
 * delete only to the file it names, so no later commit can make a dangling delete apply again.
 */
final class DanglingDeletes {
  private final Table table;
  private final Map<String, String> snapshotProperties;

  DanglingDeletes(Table table, Map<String, String> snapshotProperties) {
    this.table = requireNonNull(table, "table is null");
    this.snapshotProperties = Map.copyOf(snapshotProperties);
  }

  /** Removes them in one commit; returns how many. */
  long remove() {
    table.refresh();
    Snapshot current = table.currentSnapshot();
    if (current == null
        || "0"
            .equals(current.summary().getOrDefault(SnapshotSummary.TOTAL_DELETE_FILES_PROP, "0"))) {
      return 0;
    }
    Set<String> applied = new HashSet<>();
    try (CloseableIterable<FileScanTask> files =
        table.newScan().useSnapshot(current.snapshotId()).planFiles()) {
      for (FileScanTask file : files) {
        file.deletes().forEach(delete -> applied.add(delete.location()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot plan a scan of " + table.name(), e);
    }
    List<DeleteFile> dangling = new ArrayList<>();
    for (ManifestFile manifest : current.deleteManifests(table.io())) {
      try (ManifestReader<DeleteFile> deletes =
          ManifestFiles.readDeleteManifest(manifest, table.io(), table.specs())) {
        for (DeleteFile delete : deletes) {
          if (!applied.contains(delete.location())) {
            dangling.add(delete.copyWithoutStats());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read delete manifest " + manifest.path(), e);
      }
    }
    if (dangling.isEmpty()) {
      return 0;
    }
    RewriteFiles rewrite = table.newRewrite().validateFromSnapshot(current.snapshotId());
    dangling.forEach(rewrite::deleteFile);
    snapshotProperties.forEach(rewrite::set);
    rewrite.commit();
    return dangling.size();
  }
}
