package io.tributary.local;

import io.tributary.catalog.LakeCatalog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/** Reads committed rows of a lake table with Iceberg's own reader, independent of Flink. */
final class LakeRows {
  private LakeRows() {}

  static List<Record> read(LakeCatalog lake, TableIdentifier id) {
    if (!lake.iceberg().tableExists(id)) {
      return List.of();
    }
    Table table = lake.loadTable(id);
    table.refresh();
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      for (Record record : records) {
        rows.add(record.copy());
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return rows;
  }
}
