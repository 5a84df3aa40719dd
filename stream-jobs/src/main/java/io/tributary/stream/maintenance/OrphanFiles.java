package io.tributary.stream.maintenance;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.ReachableFileUtil;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.hadoop.HadoopConfigurable;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.SupportsBulkOperations;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.apache.iceberg.util.FileSystemWalker;

/**
 * Removes the files under a table's location that no snapshot references and that are older than
 * the minimum age: what a failed write, a rewrite given up, or a crash between writing and
 * committing left behind. What counts as referenced is what Iceberg's own orphan removal counts
 * (its Flink {@code DeleteOrphanFiles}): every metadata file in the metadata log, the manifest
 * lists, the manifests and every data and delete file they hold, of every snapshot, statistics
 * files and the version hint. Files are compared by path, as Iceberg compares them; a file whose
 * path is referenced under another scheme or authority is kept.
 *
 * <p>The minimum age keeps files of commits still in progress (a checkpoint's data files before the
 * checkpoint completes, a compaction's before its commit): they are younger. The listing comes
 * first, the references after it, so a file committed meanwhile is young or already referenced.
 */
final class OrphanFiles {
  private final Table table;

  OrphanFiles(Table table) {
    this.table = requireNonNull(table, "table is null");
  }

  /** Removes the orphans last modified before {@code olderThan}; returns how many. */
  long remove(Instant olderThan) {
    table.refresh();
    long before = olderThan.toEpochMilli();
    List<String> old = new ArrayList<>();
    FileIO io = table.io();
    if (io instanceof HadoopConfigurable hadoop) {
      // Hadoop's own listing skips a file deleted while its directory is listed (a commit
      // replaced the metadata file meanwhile); FileIO's prefix listing of it fails
      FileSystemWalker.listDirRecursivelyWithHadoop(
          table.location(),
          table.specs(),
          status -> status.getModificationTime() < before,
          hadoop.getConf(),
          Integer.MAX_VALUE,
          Integer.MAX_VALUE,
          directory -> {},
          old::add);
    } else if (io instanceof SupportsPrefixOperations listing) {
      FileSystemWalker.listDirRecursivelyWithFileIO(
          listing,
          table.location(),
          table.specs(),
          file -> file.createdAtMillis() < before,
          old::add);
    } else {
      throw new UnsupportedOperationException(
          "Cannot list the files of "
              + table.name()
              + ": its FileIO "
              + io.getClass().getName()
              + " cannot list a location");
    }
    if (old.isEmpty()) {
      return 0;
    }
    Set<String> referenced = referenced();
    List<String> orphans = old.stream().filter(file -> !referenced.contains(pathOf(file))).toList();
    if (orphans.isEmpty()) {
      return 0;
    }
    if (io instanceof SupportsBulkOperations bulk) {
      bulk.deleteFiles(orphans);
    } else {
      orphans.forEach(io::deleteFile);
    }
    return orphans.size();
  }

  /** The paths of every file the table's metadata references. */
  private Set<String> referenced() {
    Set<String> paths = new HashSet<>();
    ReachableFileUtil.metadataFileLocations(table, true).forEach(l -> paths.add(pathOf(l)));
    ReachableFileUtil.statisticsFilesLocations(table).forEach(l -> paths.add(pathOf(l)));
    paths.add(pathOf(ReachableFileUtil.versionHintLocation(table)));
    Set<String> manifestsRead = new HashSet<>();
    for (Snapshot snapshot : table.snapshots()) {
      paths.add(pathOf(snapshot.manifestListLocation()));
      for (ManifestFile manifest : snapshot.allManifests(table.io())) {
        if (manifestsRead.add(manifest.path())) {
          paths.add(pathOf(manifest.path()));
          addContent(manifest, paths);
        }
      }
    }
    return paths;
  }

  /** Adds the path of every data or delete file {@code manifest} holds. */
  private void addContent(ManifestFile manifest, Set<String> paths) {
    try (ManifestReader<? extends ContentFile<?>> reader =
        switch (manifest.content()) {
          case DATA -> ManifestFiles.read(manifest, table.io(), table.specs());
          case DELETES -> ManifestFiles.readDeleteManifest(manifest, table.io(), table.specs());
        }) {
      for (ContentFile<?> file : reader.select(List.of("file_path"))) {
        paths.add(pathOf(file.location()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read manifest " + manifest.path(), e);
    }
  }

  /** A location as Iceberg's orphan removal compares it: its path, without scheme or authority. */
  static String pathOf(String location) {
    return new Path(location).toUri().getPath();
  }
}
