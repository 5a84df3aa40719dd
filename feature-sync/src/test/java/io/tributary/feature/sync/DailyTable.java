package io.tributary.feature.sync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.types.Types;

/**
 * A gold table shaped like the example pipeline's {@code daily_revenue} (restaurant, day, orders,
 * revenue; partitioned by day), written through Iceberg's Java API: a day appended, a day replaced
 * as a replay replaces it (its files removed, new ones added, in one commit).
 */
final class DailyTable {
  static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "restaurant_id", Types.StringType.get()),
          Types.NestedField.required(2, "ds", Types.StringType.get()),
          Types.NestedField.required(3, "orders", Types.LongType.get()),
          Types.NestedField.optional(4, "revenue", Types.DecimalType.of(38, 2)));

  /** One row: what the table holds for a restaurant's day. */
  record Row(String restaurant, LocalDate day, long orders, BigDecimal revenue) {}

  private final Table table;
  private int files;

  DailyTable(Catalog catalog, TableIdentifier id) {
    this.table =
        catalog.createTable(
            id,
            SCHEMA,
            PartitionSpec.builderFor(SCHEMA).identity("ds").build(),
            Map.of("format-version", "2"));
  }

  Table table() {
    return table;
  }

  void append(List<Row> rows) {
    var append = table.newAppend();
    files(rows).forEach(append::appendFile);
    append.commit();
  }

  /** Replaces every day the rows have, as a replay does. */
  void replace(List<Row> rows) {
    var replace = table.newReplacePartitions();
    files(rows).forEach(replace::addFile);
    replace.commit();
  }

  /** Removes one day's rows entirely. */
  void dropDay(LocalDate day) {
    table
        .newDelete()
        .deleteFromRowFilter(org.apache.iceberg.expressions.Expressions.equal("ds", day.toString()))
        .commit();
  }

  /** Per restaurant, its row with the greatest day in the current snapshot: what must be served. */
  Map<String, Row> latest() {
    table.refresh();
    Map<String, Row> latest = new HashMap<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      for (Record record : records) {
        Row row =
            new Row(
                (String) record.getField("restaurant_id"),
                LocalDate.parse((String) record.getField("ds")),
                (Long) record.getField("orders"),
                (BigDecimal) record.getField("revenue"));
        latest.merge(row.restaurant(), row, (a, b) -> b.day().isAfter(a.day()) ? b : a);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return latest;
  }

  private List<DataFile> files(List<Row> rows) {
    Map<LocalDate, List<Row>> byDay = new java.util.TreeMap<>();
    rows.forEach(row -> byDay.computeIfAbsent(row.day(), d -> new ArrayList<>()).add(row));
    GenericFileWriterFactory writers =
        new GenericFileWriterFactory.Builder(table).dataFileFormat(FileFormat.PARQUET).build();
    OutputFileFactory paths =
        OutputFileFactory.builderFor(table, 1, ++files).format(FileFormat.PARQUET).build();
    List<DataFile> written = new ArrayList<>();
    for (List<Row> day : byDay.values()) {
      List<Record> records = new ArrayList<>();
      for (Row row : day) {
        GenericRecord record = GenericRecord.create(SCHEMA);
        record.setField("restaurant_id", row.restaurant());
        record.setField("ds", row.day().toString());
        record.setField("orders", row.orders());
        record.setField("revenue", row.revenue());
        records.add(record);
      }
      PartitionKey partition = new PartitionKey(table.spec(), SCHEMA);
      partition.partition(records.get(0));
      DataWriter<Record> writer =
          writers.newDataWriter(
              paths.newOutputFile(table.spec(), partition), table.spec(), partition.copy());
      try (writer) {
        records.forEach(writer::write);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      written.add(writer.toDataFile());
    }
    return written;
  }
}
