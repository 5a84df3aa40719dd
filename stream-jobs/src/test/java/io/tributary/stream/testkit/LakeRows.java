package io.tributary.stream.testkit;

import io.tributary.catalog.LakeCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/** Reads committed rows of a lake table with Iceberg's own reader, independent of Flink. */
public final class LakeRows {
  private LakeRows() {}

  /** Every row of the table's current snapshot; empty when the table does not exist yet. */
  public static List<Record> read(LakeCatalog lake, TableIdentifier id) {
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
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  /** Rows of the table's current snapshot by its summary, without reading data files. */
  public static long count(LakeCatalog lake, TableIdentifier id) {
    if (!lake.iceberg().tableExists(id)) {
      return 0;
    }
    Table table = lake.loadTable(id);
    table.refresh();
    return table.currentSnapshot() == null
        ? 0
        : Long.parseLong(table.currentSnapshot().summary().getOrDefault("total-records", "0"));
  }
}
