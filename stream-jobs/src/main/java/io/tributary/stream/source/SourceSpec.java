package io.tributary.stream.source;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.metadata.TableMetadata;
import io.tributary.stream.declaration.InvalidFieldException;
import io.tributary.stream.maintenance.policy.MaintenanceSpec;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.TimestampType;

/**
 * A declared source: a stream of events in one Kafka topic, with the columns every event should
 * have. Loaded from one YAML file per source (see {@link SourceSpecParser}); immutable and checked
 * on construction, so code downstream never re-validates it.
 *
 * @param name lower-case identifier; names the tables {@code src.<name>} and {@code
 *     lake.bronze.<name>}
 * @param topic the Kafka topic holding the events ({@code src.<name>} unless declared)
 * @param format how each Kafka record is encoded
 * @param key the column whose value keys the Kafka records
 * @param eventTime the column holding the event time; every event must carry it
 * @param maxOutOfOrderness how far behind the newest event an event may arrive and still count as
 *     on time for watermarks
 * @param partitions the topic's partition count when Tributary creates it
 * @param columns the declared columns, in order
 * @param metadata owner, description, domain and column descriptions and tags, for the data map
 * @param current when present, {@code lake.bronze.<name>} keeps the latest event per key and the
 *     full history goes to {@code lake.bronze.<name>_history}
 * @param maintenance how the source's tables are maintained, where it differs from the platform's
 *     defaults
 * @param kinesis when present, the events arrive on a Kinesis stream, which the platform's bridge
 *     moves into {@code topic}
 */
public record SourceSpec(
    String name,
    String topic,
    SourceFormat format,
    String key,
    String eventTime,
    Duration maxOutOfOrderness,
    int partitions,
    List<ColumnSpec> columns,
    TableMetadata metadata,
    Optional<CurrentSpec> current,
    MaintenanceSpec maintenance,
    Optional<KinesisSpec> kinesis) {

  /** Columns that landing adds to bronze tables; a source cannot declare them. */
  public static final Set<String> RESERVED_COLUMNS =
      Set.of("ds", "_kafka_partition", "_kafka_offset", "_kafka_timestamp", "_ingested_at");

  public static final int DEFAULT_PARTITIONS = 2;

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  public SourceSpec {
    requireNonNull(name, "name is null");
    requireNonNull(topic, "topic is null");
    requireNonNull(format, "format is null");
    requireNonNull(key, "key is null");
    requireNonNull(eventTime, "eventTime is null");
    requireNonNull(maxOutOfOrderness, "maxOutOfOrderness is null");
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
    requireNonNull(metadata, "metadata is null");
    requireNonNull(current, "current is null");
    requireNonNull(maintenance, "maintenance is null");
    requireNonNull(kinesis, "kinesis is null");

    if (!NAME.matcher(name).matches()) {
      throw new InvalidFieldException(
          "name",
          "'" + name + "' is not a valid source name (lower-case letters, digits and _, from a-z)");
    }
    if (!TOPIC.matcher(topic).matches()) {
      throw new InvalidFieldException(
          "topic", "'" + topic + "' is not a valid Kafka topic name (letters, digits, . _ -)");
    }
    if (columns.isEmpty()) {
      throw new InvalidFieldException("columns", "a source needs at least one column");
    }
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      String column = columns.get(i).name();
      String folded = column.toLowerCase(Locale.ROOT);
      if (RESERVED_COLUMNS.contains(folded)) {
        throw new InvalidFieldException(
            "columns/" + i + "/name",
            "'" + column + "' is reserved: landing adds " + String.join(", ", sorted()));
      }
      Integer earlier = seen.putIfAbsent(folded, i);
      if (earlier != null) {
        throw new InvalidFieldException(
            "columns/" + i + "/name",
            "duplicate column '" + column + "' (also columns[" + earlier + "])");
      }
    }
    if (!seen.containsKey(key.toLowerCase(Locale.ROOT))) {
      throw new InvalidFieldException("key", "key column '" + key + "' is not declared in columns");
    }
    Integer eventTimeIndex = seen.get(eventTime.toLowerCase(Locale.ROOT));
    if (eventTimeIndex == null) {
      throw new InvalidFieldException(
          "event_time", "event time column '" + eventTime + "' is not declared in columns");
    }
    LogicalType eventTimeType = columns.get(eventTimeIndex).type();
    if (!isWatermarkable(eventTimeType)) {
      throw new InvalidFieldException(
          "event_time",
          "event time column '"
              + eventTime
              + "' is "
              + TypeNames.display(eventTimeType)
              + "; it must be TIMESTAMP_LTZ(p) or TIMESTAMP(p) with p from 0 to 3");
    }
    if (maxOutOfOrderness.isNegative()) {
      throw new InvalidFieldException("max_out_of_orderness", "must not be negative");
    }
    if (current.isPresent()) {
      current.get().check(columns, eventTime);
    }
    if (partitions < 1 || partitions > 1024) {
      throw new InvalidFieldException(
          "partitions", "must be between 1 and 1024, found " + partitions);
    }
  }

  /** The default topic of a source: {@code src.<name>}. */
  public static String defaultTopic(String name) {
    return "src." + name;
  }

  /**
   * The topic where the Kinesis bridge of this source keeps its shard positions, committed with the
   * records they produced: {@code _tributary.kinesis.<name>}.
   */
  public String kinesisPositionsTopic() {
    return "_tributary.kinesis." + name;
  }

  /** The dead-letter topic: {@code dlq.<name>}. */
  public String deadLetterTopic() {
    return "dlq." + name;
  }

  public Optional<ColumnSpec> column(String columnName) {
    return columns.stream().filter(c -> c.name().equalsIgnoreCase(columnName)).findFirst();
  }

  public int columnIndex(String columnName) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equalsIgnoreCase(columnName)) {
        return i;
      }
    }
    throw new IllegalArgumentException("Source " + name + " has no column " + columnName);
  }

  private static boolean isWatermarkable(LogicalType type) {
    if (type instanceof LocalZonedTimestampType ltz) {
      return ltz.getPrecision() <= 3;
    }
    if (type instanceof TimestampType ts) {
      return ts.getPrecision() <= 3;
    }
    return false;
  }

  private static List<String> sorted() {
    return RESERVED_COLUMNS.stream().sorted().toList();
  }

  /**
   * The same source, its Kinesis stream at {@code endpoint} unless it declares one ({@link
   * KinesisSpec#withEndpointIfUnset}).
   */
  public SourceSpec withKinesisEndpointIfUnset(Optional<URI> endpoint) {
    if (kinesis.isEmpty() || endpoint.isEmpty()) {
      return this;
    }
    return new SourceSpec(
        name,
        topic,
        format,
        key,
        eventTime,
        maxOutOfOrderness,
        partitions,
        columns,
        metadata,
        current,
        maintenance,
        kinesis.map(spec -> spec.withEndpointIfUnset(endpoint)));
  }
}
