package io.tributary.feature.group;

import io.tributary.stream.source.SourceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The Flink SQL a group's job runs over its source table: the entity's columns, the event time, the
 * Kafka partition and offset, and one column per feature that aggregates a value, filtered by the
 * group's predicate. Each expression is closed on a line of its own, so that a comment ending it
 * ({@code amount -- in euros}) cannot swallow the rest of the query.
 *
 * <pre>{@code
 * SELECT `restaurant_id`, `event_time`, `_kafka_partition`, `_kafka_offset`, (amount
 * ) AS `f1`, ... FROM `src`.`__orders_feature_restaurant_activity` WHERE (amount > 0
 * )
 * }</pre>
 */
public final class FeatureQuery {
  private final String sql;
  private final int entityColumns;
  private final int[] valueIndexes;
  private final int appendTimeIndex;

  private FeatureQuery(String sql, int entityColumns, int[] valueIndexes, int appendTimeIndex) {
    this.sql = sql;
    this.entityColumns = entityColumns;
    this.valueIndexes = valueIndexes;
    this.appendTimeIndex = appendTimeIndex;
  }

  /** The query of {@code group} over {@code table}, a table of {@code source}'s events. */
  public static FeatureQuery of(FeatureGroupSpec group, SourceSpec source, String table) {
    return of(group, source, table, false);
  }

  /**
   * As {@link #of(FeatureGroupSpec, SourceSpec, String)}, with the record's append time (Kafka's
   * timestamp) as the last column: the order a stream read the log in, which a training set follows
   * to judge lateness as the stream did.
   */
  public static FeatureQuery withAppendTime(
      FeatureGroupSpec group, SourceSpec source, String table) {
    return of(group, source, table, true);
  }

  private static FeatureQuery of(
      FeatureGroupSpec group, SourceSpec source, String table, boolean appendTime) {
    List<String> columns = new ArrayList<>();
    group.entity().forEach(column -> columns.add(quote(column)));
    columns.add(quote(source.eventTime()));
    columns.add("`_kafka_partition`");
    columns.add("`_kafka_offset`");
    int[] values = new int[group.features().size()];
    for (int i = 0; i < values.length; i++) {
      FeatureSpec feature = group.features().get(i);
      if (feature.column().isPresent()) {
        values[i] = columns.size();
        columns.add("(" + feature.column().get() + "\n) AS `f" + i + "`");
      } else {
        values[i] = -1;
      }
    }
    int appendTimeIndex = -1;
    if (appendTime) {
      appendTimeIndex = columns.size();
      columns.add("`_kafka_timestamp`");
    }
    String sql =
        "SELECT "
            + String.join(", ", columns)
            + " FROM "
            + table
            + group.filter().map(f -> " WHERE (" + f + "\n)").orElse("");
    return new FeatureQuery(sql, group.entity().size(), values, appendTimeIndex);
  }

  /** The record's append time, when {@link #withAppendTime} asked for it. */
  public OptionalInt appendTimeIndex() {
    return appendTimeIndex < 0 ? OptionalInt.empty() : OptionalInt.of(appendTimeIndex);
  }

  public String sql() {
    return sql;
  }

  /** The entity's key columns come first: indexes 0 to this, exclusive. */
  public int entityColumns() {
    return entityColumns;
  }

  public int eventTimeIndex() {
    return entityColumns;
  }

  public int partitionIndex() {
    return entityColumns + 1;
  }

  public int offsetIndex() {
    return entityColumns + 2;
  }

  /** The column of feature {@code feature}'s value; empty for a count of events. */
  public OptionalInt valueIndex(int feature) {
    return valueIndexes[feature] < 0 ? OptionalInt.empty() : OptionalInt.of(valueIndexes[feature]);
  }

  static String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }
}
