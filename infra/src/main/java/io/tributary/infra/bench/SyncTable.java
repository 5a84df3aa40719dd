package io.tributary.infra.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.types.Types;

/**
 * The sync benchmark's table: shaped like the example pipeline's {@code daily_revenue} (a row per
 * restaurant and day, partitioned by day), written through Iceberg's Java API and its generic
 * Parquet writer, one file per day; a day replaced as a replay replaces it.
 */
final class SyncTable {
  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "restaurant_id", Types.StringType.get()),
          Types.NestedField.required(2, "ds", Types.StringType.get()),
          Types.NestedField.required(3, "orders", Types.LongType.get()),
          Types.NestedField.optional(4, "revenue", Types.DecimalType.of(38, 2)));

  private final Table table;
  private final int entities;
  private int writes;

  SyncTable(Catalog catalog, TableIdentifier id, int entities) {
    this.table =
        catalog.createTable(
            id,
            SCHEMA,
            PartitionSpec.builderFor(SCHEMA).identity("ds").build(),
            Map.of("format-version", "2", "write.parquet.compression-codec", "zstd"));
    this.entities = entities;
  }

  Table table() {
    return table;
  }

  /** Appends a row per restaurant for each day, in one commit. */
  void append(List<LocalDate> days, int version) {
    var append = table.newAppend();
    for (LocalDate day : days) {
      append.appendFile(day(day, version));
    }
    append.commit();
  }

  /** Replaces a day's rows with new values, as a replay does. */
  void replace(LocalDate day, int version) {
    table.newReplacePartitions().addFile(day(day, version)).commit();
  }

  /** The orders of a restaurant's row of {@code day} written at {@code version}. */
  static long orders(int restaurant, LocalDate day, int version) {
    return 1 + (restaurant * 31L + day.toEpochDay() + version) % 200;
  }

  private DataFile day(LocalDate day, int version) {
    GenericFileWriterFactory writers =
        new GenericFileWriterFactory.Builder(table).dataFileFormat(FileFormat.PARQUET).build();
    OutputFileFactory paths =
        OutputFileFactory.builderFor(table, 1, ++writes).format(FileFormat.PARQUET).build();
    PartitionKey partition = new PartitionKey(table.spec(), SCHEMA);
    GenericRecord record = GenericRecord.create(SCHEMA);
    List<Record> first = new ArrayList<>(1);
    record.setField("ds", day.toString());
    first.add(record);
    partition.partition(first.get(0));
    DataWriter<Record> writer =
        writers.newDataWriter(
            paths.newOutputFile(table.spec(), partition), table.spec(), partition.copy());
    try (writer) {
      for (int r = 0; r < entities; r++) {
        GenericRecord row = GenericRecord.create(SCHEMA);
        long orders = orders(r, day, version);
        row.setField("restaurant_id", "r-" + r);
        row.setField("ds", day.toString());
        row.setField("orders", orders);
        row.setField("revenue", BigDecimal.valueOf(orders * 1234 + version, 2));
        writer.write(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write day " + day + " of the sync benchmark", e);
    }
    return writer.toDataFile();
  }
}
