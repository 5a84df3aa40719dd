package io.tributary.stream.source.internal;

import static java.util.Objects.requireNonNull;

import io.tributary.stream.source.ColumnSpec;
import io.tributary.stream.source.SourceFormat;
import io.tributary.stream.source.SourceSpec;
import java.io.Serializable;
import java.util.List;

/**
 * What validating one event needs: the source it belongs to, its wire format, the declared columns
 * and which of them holds the event time. Built from a {@code SourceSpec} for landing, and from a
 * table's schema and options for {@code src.<name>} tables, so both read events the same way.
 */
public record RecordSchema(
    String source, SourceFormat format, List<ColumnSpec> columns, int eventTimeIndex)
    implements Serializable {

  public RecordSchema {
    requireNonNull(source, "source is null");
    requireNonNull(format, "format is null");
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
    if (eventTimeIndex < 0 || eventTimeIndex >= columns.size()) {
      throw new IllegalArgumentException(
          "Cannot build schema of "
              + source
              + ": event time index "
              + eventTimeIndex
              + " out of range");
    }
  }

  /** What the validator needs to know of a declared source. */
  public static RecordSchema of(SourceSpec source) {
    return of(source.name(), source.format(), source.columns(), source.eventTime());
  }

  public static RecordSchema of(
      String source, SourceFormat format, List<ColumnSpec> columns, String eventTime) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equalsIgnoreCase(eventTime)) {
        return new RecordSchema(source, format, columns, i);
      }
    }
    throw new IllegalArgumentException(
        "Cannot build schema of " + source + ": no event time column " + eventTime);
  }

  /** Whether every event must carry a non-null value; the event time column always must. */
  public boolean isRequired(int index) {
    return index == eventTimeIndex || columns.get(index).required();
  }

  public int size() {
    return columns.size();
  }
}
