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
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;

/**
 * All a person wants to know about a lake table at a glance: what it is and who owns it, its
 * columns with their descriptions and tags, how it is partitioned, its size and last commit, and
 * its properties.
 *
 * @param rows rows in the current snapshot (from its summary)
 */
public record TableDescription(
    String name,
    TableMetadata metadata,
    List<Column> columns,
    List<String> partitioning,
    int snapshots,
    long rows,
    Optional<Instant> lastCommit,
    Map<String, String> properties) {

  /** One column. */
  public record Column(
      String name,
      String type,
      boolean required,
      Optional<String> description,
      Set<SensitivityTag> tags) {}

  public TableDescription {
    requireNonNull(name, "name is null");
    requireNonNull(metadata, "metadata is null");
    columns = List.copyOf(columns);
    partitioning = List.copyOf(partitioning);
    requireNonNull(lastCommit, "lastCommit is null");
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
        new TreeMap<>(table.properties()));
  }
}
