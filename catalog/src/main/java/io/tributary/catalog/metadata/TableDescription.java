package io.tributary.catalog.metadata;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;

/**
 * All a person wants to know about a lake table at a glance: what it is and who owns it, its
 * columns with their descriptions and tags, how it is partitioned, its size and last commit, the
 * health of its files (how many, how big, how many deletes) and its last maintenance run, and its
 * properties.
 *
 * <p>Everything is read from the table's metadata file and the current snapshot's summary, never
 * from its manifests, so describing a table of a million files costs what describing one of ten
 * does.
 *
 * @param rows rows in the current snapshot (from its summary)
 * @param files the current snapshot's files, from its summary; empty when the summary has no totals
 *     (a snapshot written by an engine that does not keep them)
 * @param lastMaintenance what the last maintenance run did, if one ever ran
 */
public record TableDescription(
    String name,
    TableMetadata metadata,
    List<Column> columns,
    List<String> partitioning,
    int snapshots,
    long rows,
    Optional<Instant> lastCommit,
    Optional<FileStats> files,
    Optional<MaintenanceRecord> lastMaintenance,
    Map<String, String> properties) {

  /** One column. */
  public record Column(
      String name,
      String type,
      boolean required,
      Optional<String> description,
      Set<SensitivityTag> tags) {}

  /**
   * The files the current snapshot references, as its summary totals them.
   *
   * @param dataFiles data files ({@code total-data-files})
   * @param deleteFiles position and equality delete files ({@code total-delete-files})
   * @param positionDeletes rows deleted by position ({@code total-position-deletes})
   * @param equalityDeletes equality delete rows ({@code total-equality-deletes})
   * @param totalBytes bytes of all those files, delete files included ({@code total-files-size})
   */
  public record FileStats(
      long dataFiles,
      long deleteFiles,
      long positionDeletes,
      long equalityDeletes,
      long totalBytes) {

    /** A table without a snapshot. */
    public static final FileStats NONE = new FileStats(0, 0, 0, 0, 0);

    /**
     * The average size of the table's files, data and delete files together (the summary keeps one
     * size for both); 0 for a table without files. For a table without deletes it is the average
     * data file's size.
     */
    public long averageFileBytes() {
      long count = dataFiles + deleteFiles;
      return count == 0 ? 0 : totalBytes / count;
    }

    /** The totals of {@code snapshot}'s summary; empty when it lacks any of them. */
    static Optional<FileStats> of(Snapshot snapshot) {
      if (snapshot == null) {
        return Optional.of(NONE);
      }
      Map<String, String> summary = snapshot.summary();
      List<String> totals =
          List.of(
              SnapshotSummary.TOTAL_DATA_FILES_PROP,
              SnapshotSummary.TOTAL_DELETE_FILES_PROP,
              SnapshotSummary.TOTAL_POS_DELETES_PROP,
              SnapshotSummary.TOTAL_EQ_DELETES_PROP,
              SnapshotSummary.TOTAL_FILE_SIZE_PROP);
      long[] values = new long[totals.size()];
      for (int i = 0; i < values.length; i++) {
        String value = summary.get(totals.get(i));
        if (value == null) {
          return Optional.empty();
        }
        try {
          values[i] = Long.parseLong(value);
        } catch (NumberFormatException e) {
          return Optional.empty(); // a foreign writer's summary: unknown, not zero
        }
      }
      return Optional.of(new FileStats(values[0], values[1], values[2], values[3], values[4]));
    }
  }

  public TableDescription {
    requireNonNull(name, "name is null");
    requireNonNull(metadata, "metadata is null");
    columns = List.copyOf(columns);
    partitioning = List.copyOf(partitioning);
    requireNonNull(lastCommit, "lastCommit is null");
    requireNonNull(files, "files is null");
    requireNonNull(lastMaintenance, "lastMaintenance is null");
    properties = Map.copyOf(properties);
  }

  /** Describes {@code table}, as named {@code name}. */
  public static TableDescription of(String name, Table table) {
    TableMetadata metadata = TableMetadata.of(table);
    List<Column> columns = new ArrayList<>();
    for (Types.NestedField field : table.schema().columns()) {
      ColumnMetadata column = metadata.columns().getOrDefault(field.name(), ColumnMetadata.NONE);
      columns.add(
          new Column(
              field.name(),
              field.type().toString(),
              field.isRequired(),
              Optional.ofNullable(field.doc()),
              column.tags()));
    }
    List<String> partitioning = new ArrayList<>();
    for (PartitionField field : table.spec().fields()) {
      partitioning.add(
          table.schema().findColumnName(field.sourceId()) + " (" + field.transform() + ")");
    }
    int snapshots = 0;
    for (Snapshot ignored : table.snapshots()) {
      snapshots++;
    }
    Snapshot current = table.currentSnapshot();
    long rows =
        current == null ? 0 : Long.parseLong(current.summary().getOrDefault("total-records", "0"));
    return new TableDescription(
        name,
        metadata,
        columns,
        partitioning,
        snapshots,
        rows,
        Optional.ofNullable(current).map(s -> Instant.ofEpochMilli(s.timestampMillis())),
        FileStats.of(current),
        MaintenanceRecord.of(table),
        new TreeMap<>(table.properties()));
  }
}
