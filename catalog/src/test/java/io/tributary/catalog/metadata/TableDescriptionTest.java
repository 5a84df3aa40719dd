package io.tributary.catalog.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.catalog.LakeCatalog;
import io.tributary.catalog.LakeCatalogConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code tables} and {@code describe} show of a real Iceberg table's files: data files, their
 * size, delete files of both kinds, snapshots and the last maintenance run, all read from the
 * table's metadata without its manifests.
 */
class TableDescriptionTest {
  private static final Schema SCHEMA =
      new Schema(
          List.of(
              Types.NestedField.required(1, "customer_id", Types.StringType.get()),
              Types.NestedField.optional(2, "city", Types.StringType.get())),
          Set.of(1));
  private static final TableIdentifier ID = TableIdentifier.of("bronze", "customers");

  @TempDir Path dataDir;

  @Test
  void aNewTableHasNoFilesNoSnapshotsAndNoMaintenanceRun() throws Exception {
    try (LakeCatalog lake = LakeCatalog.open(LakeCatalogConfig.local(dataDir)).ensureLayers()) {
      TableDescription description = TableDescription.of("lake.bronze.customers", create(lake));

      assertThat(description.snapshots()).isZero();
      assertThat(description.rows()).isZero();
      assertThat(description.files()).contains(TableDescription.FileStats.NONE);
      assertThat(description.files().orElseThrow().averageFileBytes()).isZero();
      assertThat(description.lastMaintenance()).isEmpty();
    }
  }

  @Test
  void filesDeletesSnapshotsAndTheLastRunComeFromTheMetadataAlone() throws Exception {
    try (LakeCatalog lake = LakeCatalog.open(LakeCatalogConfig.local(dataDir)).ensureLayers()) {
      Table table = create(lake);
      GenericFileWriterFactory writers =
          new GenericFileWriterFactory.Builder(table)
              .dataFileFormat(FileFormat.PARQUET)
              .deleteFileFormat(FileFormat.PARQUET)
              .equalityFieldIds(new int[] {1})
              .equalityDeleteRowSchema(SCHEMA.select("customer_id"))
              .build();
      OutputFileFactory paths = OutputFileFactory.builderFor(table, 1, 1).build();
      DataFile first = dataFile(writers, paths, table, "c1", "c2");
      DataFile second = dataFile(writers, paths, table, "c3");
      DataFile third = dataFile(writers, paths, table, "c4", "c5", "c6");
      table.newAppend().appendFile(first).appendFile(second).commit();
      table.newAppend().appendFile(third).commit();
      DeleteFile byPosition = positionDeletes(writers, paths, table, first, 0, 1);
      DeleteFile byKey = equalityDeletes(writers, paths, table, "c4");
      table.newRowDelta().addDeletes(byPosition).addDeletes(byKey).commit();
      MaintenanceRecord run =
          new MaintenanceRecord(
              Instant.parse("2026-12-02T03:00:00Z"),
              "maintenance-customers",
              true,
              12,
              1,
              2,
              40,
              0,
              Optional.empty());
      run.writeTo(table);
      deleteManifests(table);

      TableDescription description =
          TableDescription.of("lake.bronze.customers", lake.loadTable(ID));

      assertThat(description.snapshots()).isEqualTo(3);
      assertThat(description.rows()).isEqualTo(6);
      long bytes =
          Stream.of(first, second, third).mapToLong(DataFile::fileSizeInBytes).sum()
              + byPosition.fileSizeInBytes()
              + byKey.fileSizeInBytes();
      assertThat(description.files()).contains(new TableDescription.FileStats(3, 2, 2, 1, bytes));
      assertThat(description.files().orElseThrow().averageFileBytes()).isEqualTo(bytes / 5);
      assertThat(description.lastMaintenance()).contains(run);
    }
  }

  private Table create(LakeCatalog lake) {
    return lake.createTableIfMissing(
        ID, SCHEMA, PartitionSpec.unpartitioned(), Map.of("format-version", "2"));
  }

  private static DataFile dataFile(
      GenericFileWriterFactory writers, OutputFileFactory paths, Table table, String... ids)
      throws IOException {
    DataWriter<Record> writer = writers.newDataWriter(paths.newOutputFile(), table.spec(), null);
    try (writer) {
      for (String id : ids) {
        GenericRecord row = GenericRecord.create(SCHEMA);
        row.setField("customer_id", id);
        row.setField("city", "Paris");
        writer.write(row);
      }
    }
    return writer.toDataFile();
  }

  private static DeleteFile positionDeletes(
      GenericFileWriterFactory writers,
      OutputFileFactory paths,
      Table table,
      DataFile file,
      long... positions)
      throws IOException {
    PositionDeleteWriter<Record> writer =
        writers.newPositionDeleteWriter(paths.newOutputFile(), table.spec(), null);
    try (writer) {
      for (long position : positions) {
        writer.write(PositionDelete.<Record>create().set(file.location(), position));
      }
    }
    return writer.toDeleteFile();
  }

  private static DeleteFile equalityDeletes(
      GenericFileWriterFactory writers, OutputFileFactory paths, Table table, String id)
      throws IOException {
    EqualityDeleteWriter<Record> writer =
        writers.newEqualityDeleteWriter(paths.newOutputFile(), table.spec(), null);
    try (writer) {
      GenericRecord key = GenericRecord.create(SCHEMA.select("customer_id"));
      key.setField("customer_id", id);
      writer.write(key);
    }
    return writer.toDeleteFile();
  }

  /** Removes every manifest and manifest list: what is described must not need them. */
  private static void deleteManifests(Table table) throws IOException {
    String location = table.location() + "/metadata";
    Path metadata =
        location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
    try (Stream<Path> files = Files.list(metadata)) {
      for (Path avro : files.filter(p -> p.toString().endsWith(".avro")).toList()) {
        Files.delete(avro);
      }
    }
  }
}
