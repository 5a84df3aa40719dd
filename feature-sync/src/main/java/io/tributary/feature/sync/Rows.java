package io.tributary.feature.sync;

import io.tributary.feature.dynamodb.EntityKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.Parquet;

/**
 * Reads a table group's rows: a whole snapshot (Iceberg's generic reader, deletes applied) or one
 * data file (its Parquet read directly: a sync reads the files a change added or removed, which no
 * scan of a snapshot selects), each turned into its entity key, latest_by key and served values.
 */
final class Rows {
  /**
   * One row as the group serves it.
   *
   * @param values the served columns, in declared order: BigDecimal, String or null
   */
  record Row(String entity, LatestKey latest, List<Object> values, long eventMillis) {}

  private final TableColumns columns;
  private final long commitMillis;
  private long read;

  /**
   * @param commitMillis the snapshot's commit time: the event time of a row whose latest_by is no
   *     time
   */
  Rows(TableColumns columns, long commitMillis) {
    this.columns = columns;
    this.commitMillis = commitMillis;
  }

  long read() {
    return read;
  }

  void scan(Table table, long snapshot, Consumer<Row> each) {
    try (CloseableIterable<Record> records =
        IcebergGenerics.read(table)
            .useSnapshot(snapshot)
            .select(columns.schema().columns().stream().map(f -> f.name()).toList())
            .build()) {
      records.forEach(record -> each.accept(row(record)));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read table " + columns.group().from(), e);
    }
  }

  void file(Table table, DataFile file, Consumer<Row> each) {
    Schema schema = columns.schema();
    try (CloseableIterable<Record> records =
        Parquet.read(table.io().newInputFile(file.location()))
            .project(schema)
            .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(schema, fileSchema))
            .build()) {
      records.forEach(record -> each.accept(row(record)));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file.location(), e);
    }
  }

  private Row row(Record record) {
    read++;
    List<Object> key = new ArrayList<>();
    for (String column : columns.group().entity()) {
      key.add(record.getField(column));
    }
    List<Object> values = new ArrayList<>();
    for (String column : columns.group().columns()) {
      values.add(served(record.getField(column)));
    }
    LatestKey latest = LatestKey.of(record.getField(columns.group().latestBy()));
    return new Row(
        EntityKeys.of(key),
        latest,
        values,
        latest.eventMillis() == Long.MIN_VALUE ? commitMillis : latest.eventMillis());
  }

  /** A value as the store keeps it: numbers as decimals, anything else as its text. */
  private static Object served(Object value) {
    if (value == null || value instanceof BigDecimal) {
      return value;
    }
    if (value instanceof Integer || value instanceof Long) {
      return BigDecimal.valueOf(((Number) value).longValue());
    }
    if (value instanceof Float || value instanceof Double) {
      double number = ((Number) value).doubleValue();
      return Double.isFinite(number) ? new BigDecimal(Double.toString(number)) : value.toString();
    }
    return value.toString();
  }
}
