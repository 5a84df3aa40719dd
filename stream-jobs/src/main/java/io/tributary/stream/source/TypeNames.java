package io.tributary.stream.source;

import org.apache.flink.table.types.logical.LogicalType;

/** Renders Flink types the way users write them in source YAML and SQL. */
public final class TypeNames {
  private TypeNames() {}

  /** {@code DECIMAL(10,2)}, {@code STRING}, {@code TIMESTAMP_LTZ(3)}; never "NOT NULL". */
  public static String display(LogicalType type) {
    return type.copy(true).asSummaryString().replace(", ", ",");
  }
}
