package io.tributary.catalog.lineage;

import static java.util.Objects.requireNonNull;

/**
 * A table column an output column is computed from.
 *
 * @param table the table as Flink SQL names it: {@code src.orders}, {@code lake.bronze.orders}
 * @param column the column of that table
 * @param kind how the output column uses it
 */
public record ColumnOrigin(String table, String column, Kind kind) {
  /** How a column is used, as OpenLineage's column lineage subtypes name it. */
  public enum Kind {
    /** Copied unchanged. */
    IDENTITY,
    /** Computed from it, row by row. */
    TRANSFORMATION,
    /** Aggregated over many rows. */
    AGGREGATION
  }

  public ColumnOrigin {
    requireNonNull(table, "table is null");
    requireNonNull(column, "column is null");
    requireNonNull(kind, "kind is null");
  }

  ColumnOrigin as(Kind other) {
    return new ColumnOrigin(table, column, other);
  }
}
