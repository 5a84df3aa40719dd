package io.tributary.stream.landing;

import io.tributary.stream.source.CurrentSpec;
import io.tributary.stream.source.SourceSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.Collector;

/**
 * Keeps, per key of a current-only table, the event that is latest by the declared order column,
 * and turns bronze rows into the changes of that table: an upsert ({@link RowKind#INSERT}, which
 * the Iceberg upsert writer makes a delete of the key plus the new row) for a newer event, a {@link
 * RowKind#DELETE} for a newer event that marks the key deleted, nothing for an event older than the
 * one kept. Out-of-order and late events are therefore harmless: the order column decides, not
 * arrival. On a tie the later arrival wins.
 *
 * <p>The state is one long per key (the newest order value, kept also after a delete, so that an
 * older update arriving later cannot bring a deleted key back).
 */
final class LatestPerKey extends KeyedProcessFunction<String, RowData, RowData> {
  private static final long serialVersionUID = 1L;

  private final int orderIndex;
  private final LogicalType orderType;
  private final int deletedIndex;
  private transient ValueState<Long> newest;

  LatestPerKey(SourceSpec source) {
    CurrentSpec current = source.current().orElseThrow();
    this.orderIndex = source.columnIndex(current.orderBy());
    this.orderType = source.columns().get(orderIndex).type();
    this.deletedIndex = current.deleted().map(source::columnIndex).orElse(-1);
  }

  /** The key of a bronze row: its key columns' values, as text. */
  static KeySelector<RowData, String> keyOf(SourceSpec source) {
    List<RowData.FieldGetter> getters = new ArrayList<>();
    for (String column : source.current().orElseThrow().key()) {
      int index = source.columnIndex(column);
      getters.add(RowData.createFieldGetter(source.columns().get(index).type(), index));
    }
    return row -> {
      StringBuilder key = new StringBuilder();
      for (RowData.FieldGetter getter : getters) {
        // a separator that no text value holds keeps ("a", "bc") apart from ("ab", "c")
        key.append(getter.getFieldOrNull(row)).append('\u0000');
      }
      return key.toString();
    };
  }

  @Override
  public void open(OpenContext context) {
    newest = getRuntimeContext().getState(new ValueStateDescriptor<>("newest", Long.class));
  }

  @Override
  public void processElement(RowData row, Context context, Collector<RowData> out)
      throws Exception {
    long order = order(row);
    Long kept = newest.value();
    if (kept != null && order < kept) {
      return; // an older event of the key than the one the table holds
    }
    newest.update(order);
    boolean deleted =
        deletedIndex >= 0 && !row.isNullAt(deletedIndex) && row.getBoolean(deletedIndex);
    if (deleted) {
      // also without state (a restart that lost it): an equality delete of an absent key is a no-op
      row.setRowKind(RowKind.DELETE);
      out.collect(row);
      return;
    }
    row.setRowKind(RowKind.INSERT);
    out.collect(row);
  }

  /** The order column as a long: microseconds for timestamps, days for dates, the number else. */
  private long order(RowData row) {
    switch (orderType.getTypeRoot()) {
      case TIMESTAMP_WITHOUT_TIME_ZONE:
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
        TimestampData timestamp =
            row.getTimestamp(orderIndex, LogicalTypeChecks.getPrecision(orderType));
        return timestamp.getMillisecond() * 1_000 + timestamp.getNanoOfMillisecond() / 1_000;
      case DATE:
      case INTEGER:
        return row.getInt(orderIndex);
      case TINYINT:
        return row.getByte(orderIndex);
      case SMALLINT:
        return row.getShort(orderIndex);
      case BIGINT:
        return row.getLong(orderIndex);
      default:
        throw new IllegalStateException(
            "Cannot order by " + orderType + "; CurrentSpec admits only orderable types");
    }
  }
}
