package io.tributary.stream.source.internal;

import static java.util.Objects.requireNonNull;

import io.tributary.stream.source.ColumnSpec;
import io.tributary.stream.source.SourceFormat;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

/** Builds the runtime deserializer of the {@code tributary} format for a table's columns. */
final class TributaryDecodingFormat implements DecodingFormat<DeserializationSchema<RowData>> {
  static final String DAY_COLUMN = "ds";

  private final String source;
  private final SourceFormat format;
  private final List<String> requiredColumns;
  private final String eventTimeColumn;

  TributaryDecodingFormat(
      String source, SourceFormat format, List<String> requiredColumns, String eventTimeColumn) {
    this.source = requireNonNull(source, "source is null");
    this.format = requireNonNull(format, "format is null");
    this.requiredColumns = List.copyOf(requiredColumns);
    this.eventTimeColumn = requireNonNull(eventTimeColumn, "eventTimeColumn is null");
  }

  @Override
  public DeserializationSchema<RowData> createRuntimeDecoder(
      DynamicTableSource.Context context, DataType physicalDataType) {
    RowType rowType = (RowType) physicalDataType.getLogicalType();
    List<ColumnSpec> columns = new ArrayList<>();
    int[] slots = new int[rowType.getFieldCount()];
    int dayField = -1;
    for (int i = 0; i < rowType.getFieldCount(); i++) {
      String name = rowType.getFieldNames().get(i);
      LogicalType type = rowType.getTypeAt(i);
      if (name.equals(DAY_COLUMN)) {
        dayField = i;
        slots[i] = -1;
        continue;
      }
      slots[i] = columns.size();
      try {
        columns.add(new ColumnSpec(name, type, isRequired(name)));
      } catch (IllegalArgumentException e) {
        throw new ValidationException(
            "Cannot read column " + name + " of source " + source + ": " + e.getMessage(), e);
      }
    }
    RecordSchema schema;
    try {
      schema = RecordSchema.of(source, format, columns, eventTimeColumn);
    } catch (IllegalArgumentException e) {
      throw new ValidationException(e.getMessage(), e);
    }
    TypeInformation<RowData> producedType = context.createTypeInformation(physicalDataType);
    return new TributaryRowDeserializer(schema, slots, dayField, producedType);
  }

  @Override
  public ChangelogMode getChangelogMode() {
    return ChangelogMode.insertOnly();
  }

  private boolean isRequired(String column) {
    return requiredColumns.stream().anyMatch(column::equalsIgnoreCase);
  }
}
