package io.tributary.stream.source;

import static java.util.Objects.requireNonNull;

import io.tributary.stream.declaration.InvalidFieldException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

/**
 * A source's current-only table: besides the full history ({@code lake.bronze.<name>_history}),
 * {@code lake.bronze.<name>} keeps the latest event per key, as the source database would show it.
 *
 * <pre>{@code
 * current: {key: [customer_id], order_by: updated_at, deleted: is_deleted}
 * }</pre>
 *
 * @param key the columns that identify a row; declared {@code required: true}
 * @param orderBy the column that says which of two events of a key is the later one (a timestamp,
 *     date or whole number); on a tie the event that arrived later wins
 * @param deleted a BOOLEAN column that, when true, removes the key from the current table
 */
public record CurrentSpec(List<String> key, String orderBy, Optional<String> deleted) {
  private static final Set<LogicalTypeRoot> ORDERABLE =
      Set.of(
          LogicalTypeRoot.TIMESTAMP_WITHOUT_TIME_ZONE,
          LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE,
          LogicalTypeRoot.DATE,
          LogicalTypeRoot.TINYINT,
          LogicalTypeRoot.SMALLINT,
          LogicalTypeRoot.INTEGER,
          LogicalTypeRoot.BIGINT);

  public CurrentSpec {
    key = List.copyOf(requireNonNull(key, "key is null"));
    requireNonNull(orderBy, "orderBy is null");
    requireNonNull(deleted, "deleted is null");
  }

  /**
   * Checks the columns against the source's: every one declared, the key required and unique, the
   * order column orderable, the deleted column BOOLEAN.
   *
   * @param eventTime the source's event time column, which is always present
   */
  void check(List<ColumnSpec> columns, String eventTime) {
    if (key.isEmpty()) {
      throw new InvalidFieldException("current/key", "needs at least one column");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < key.size(); i++) {
      String field = "current/key/" + i;
      ColumnSpec column = declared(columns, key.get(i), field);
      if (!seen.add(column.name().toLowerCase(Locale.ROOT))) {
        throw new InvalidFieldException(field, "'" + key.get(i) + "' is named twice");
      }
      if (column.type().is(org.apache.flink.table.types.logical.LogicalTypeFamily.BINARY_STRING)) {
        throw new InvalidFieldException(
            field, "key column '" + column.name() + "' is binary; key by text, numbers or times");
      }
      if (!column.required() && !column.name().equalsIgnoreCase(eventTime)) {
        throw new InvalidFieldException(
            field,
            "key column '"
                + column.name()
                + "' must be declared required: true; a current table cannot key rows on a"
                + " missing value");
      }
    }
    ColumnSpec order = declared(columns, orderBy, "current/order_by");
    if (!ORDERABLE.contains(order.type().getTypeRoot())) {
      throw new InvalidFieldException(
          "current/order_by",
          "column '"
              + order.name()
              + "' is "
              + TypeNames.display(order.type())
              + "; order by a TIMESTAMP, TIMESTAMP_LTZ, DATE or whole-number column");
    }
    if (!order.required() && !order.name().equalsIgnoreCase(eventTime)) {
      throw new InvalidFieldException(
          "current/order_by",
          "column '"
              + order.name()
              + "' must be declared required: true; without it two events of a key cannot be"
              + " ordered");
    }
    deleted.ifPresent(
        name -> {
          LogicalType type = declared(columns, name, "current/deleted").type();
          if (type.getTypeRoot() != LogicalTypeRoot.BOOLEAN) {
            throw new InvalidFieldException(
                "current/deleted",
                "column '" + name + "' is " + TypeNames.display(type) + "; it must be BOOLEAN");
          }
        });
  }

  private static ColumnSpec declared(List<ColumnSpec> columns, String name, String field) {
    return columns.stream()
        .filter(c -> c.name().equalsIgnoreCase(name))
        .findFirst()
        .orElseThrow(
            () ->
                new InvalidFieldException(
                    field, "column '" + name + "' is not declared in columns"));
  }
}
