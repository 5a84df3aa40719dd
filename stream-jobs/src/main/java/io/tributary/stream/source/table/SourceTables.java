package io.tributary.stream.source.table;

import static java.util.Objects.requireNonNull;

import io.tributary.stream.kafka.KafkaConnection;
import io.tributary.stream.source.ColumnSpec;
import io.tributary.stream.source.SourceSpec;
import io.tributary.stream.source.internal.TributaryFormatFactory;
import io.tributary.stream.sql.internal.SqlIntervals;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.table.api.TableEnvironment;

/**
 * Makes every declared source visible to Flink SQL as {@code src.<name>}: the Kafka-backed stream
 * of its valid events with the declared columns, {@code ds} (the event time's UTC date), Kafka
 * metadata ({@code _kafka_partition}, {@code _kafka_offset}, {@code _kafka_timestamp}) and an
 * event-time watermark. Three readings of the same topic, one per use (a replay reads a day through
 * {@code io.tributary.stream.replay.ReplaySources}, with the same validator):
 *
 * <ul>
 *   <li>{@link #upToLatestStatements}: everything in the topic when the query starts (ad-hoc SQL
 *       through the gateway);
 *   <li>{@link #registerLive}: the never-ending stream of a streaming pipeline, whose watermark
 *       trails the newest event by the pipeline's lateness and which skips events behind it;
 *   <li>{@link #registerStream}: every event, for a reader that decides itself what is late (a
 *       feature job).
 * </ul>
 */
public final class SourceTables {
  /** The database of the session's default catalog that holds the source tables. */
  public static final String DATABASE = "src";

  private static final String LIVE_PREFIX = "__";
  private static final String LIVE_SUFFIX = "_live";

  private final KafkaConnection kafka;

  public SourceTables(KafkaConnection kafka) {
    this.kafka = requireNonNull(kafka, "kafka is null");
  }

  /**
   * {@code src.<name>} from the earliest offset to the offsets that are latest at start, for a
   * session that is set up through SQL (a SQL gateway session): the {@code src} database, then one
   * {@code CREATE TABLE} per source. Each query on such a table reads up to the offsets that are
   * latest when that query starts.
   */
  public List<String> upToLatestStatements(List<SourceSpec> sources) {
    List<String> statements = new ArrayList<>();
    statements.add(createDatabase());
    for (SourceSpec source : sources) {
      List<String> options = commonOptions(source);
      options.add(option("scan.startup.mode", "earliest-offset"));
      options.add(option("scan.bounded.mode", "latest-offset"));
      statements.add(ddl(source, source.name(), source.maxOutOfOrderness(), options));
    }
    return List.copyOf(statements);
  }

  /**
   * {@code src.<name>} for a streaming pipeline: from the earliest offset on, never ending, with a
   * watermark {@code lateness.apply(source)} behind the newest event. Events behind the watermark
   * when they arrive are skipped, so that every query of the pipeline, filters and windows alike,
   * leaves out the same late events; a replay of their day brings them in.
   */
  public void registerLive(
      TableEnvironment tableEnv,
      List<SourceSpec> sources,
      Function<SourceSpec, Duration> lateness) {
    createDatabase(tableEnv);
    for (SourceSpec source : sources) {
      String table = liveTable(source.name());
      List<String> options = commonOptions(source);
      options.add(option("scan.startup.mode", "earliest-offset"));
      tableEnv.executeSql(ddl(source, table, lateness.apply(source), options));
      String eventTime = quote(source.eventTime());
      tableEnv.executeSql(
          "CREATE TEMPORARY VIEW "
              + quote(DATABASE)
              + "."
              + quote(source.name())
              + " AS SELECT "
              + columnList(source)
              + " FROM "
              + quote(DATABASE)
              + "."
              + quote(table)
              + " WHERE CURRENT_WATERMARK("
              + eventTime
              + ") IS NULL OR "
              + eventTime
              + " > CURRENT_WATERMARK("
              + eventTime
              + ")");
    }
  }

  /**
   * {@code src.<table>}: every valid event of {@code source} from the earliest offset on (or from
   * the offsets of restored state), with the source's own watermark ({@code max_out_of_orderness}
   * behind the newest event) and no event left out, so that the reader decides what is late; its
   * offsets are committed as {@code consumerGroup} at each checkpoint, for its lag. With {@code
   * bounded}, it ends at the offsets that are latest when the job starts. A feature job's reading.
   *
   * @return the table's name, qualified: {@code `src`.`<table>`}
   */
  public String registerStream(
      TableEnvironment tableEnv,
      SourceSpec source,
      String table,
      String consumerGroup,
      boolean bounded) {
    createDatabase(tableEnv);
    List<String> options = commonOptions(source);
    options.add(option("scan.startup.mode", "earliest-offset"));
    options.add(option("properties.group.id", consumerGroup));
    if (bounded) {
      options.add(option("scan.bounded.mode", "latest-offset"));
    }
    tableEnv.executeSql(ddl(source, table, source.maxOutOfOrderness(), options));
    return quote(DATABASE) + "." + quote(table);
  }

  private static void createDatabase(TableEnvironment tableEnv) {
    tableEnv.executeSql(createDatabase());
  }

  private static String createDatabase() {
    return "CREATE DATABASE IF NOT EXISTS " + quote(DATABASE);
  }

  private List<String> commonOptions(SourceSpec source) {
    List<String> options = new ArrayList<>();
    options.add(option("connector", "kafka"));
    options.add(option("topic", source.topic()));
    kafka.tableOptions().forEach((key, value) -> options.add(option(key, value)));
    options.add(option("properties.isolation.level", "read_committed"));
    options.add(option("value.format", TributaryFormatFactory.IDENTIFIER));
    options.add(option("value.tributary.source", source.name()));
    options.add(option("value.tributary.wire-format", source.format().yamlName()));
    options.add(option("value.tributary.event-time-column", source.eventTime()));
    String required =
        source.columns().stream()
            .filter(ColumnSpec::required)
            .map(ColumnSpec::name)
            .collect(Collectors.joining(";"));
    if (!required.isEmpty()) {
      options.add(option("value.tributary.required-columns", required));
    }
    return options;
  }

  private static String ddl(
      SourceSpec source, String table, Duration watermarkDelay, List<String> options) {
    List<String> lines = new ArrayList<>();
    for (ColumnSpec column : source.columns()) {
      boolean notNull = column.required() || column.name().equalsIgnoreCase(source.eventTime());
      lines.add(
          "  " + quote(column.name()) + " " + column.type().copy(!notNull).asSerializableString());
    }
    lines.add("  `ds` STRING NOT NULL");
    lines.add("  `_kafka_partition` INT METADATA FROM 'partition' VIRTUAL");
    lines.add("  `_kafka_offset` BIGINT METADATA FROM 'offset' VIRTUAL");
    lines.add("  `_kafka_timestamp` TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL");
    lines.add(
        "  WATERMARK FOR "
            + quote(source.eventTime())
            + " AS "
            + quote(source.eventTime())
            + " - "
            + SqlIntervals.of(watermarkDelay));
    return "CREATE TABLE IF NOT EXISTS "
        + quote(DATABASE)
        + "."
        + quote(table)
        + " (\n"
        + String.join(",\n", lines)
        + "\n) WITH (\n"
        + String.join(",\n", options)
        + "\n)";
  }

  private static String columnList(SourceSpec source) {
    List<String> names = new ArrayList<>();
    for (ColumnSpec column : source.columns()) {
      names.add(quote(column.name()));
    }
    names.addAll(List.of("`ds`", "`_kafka_partition`", "`_kafka_offset`", "`_kafka_timestamp`"));
    return String.join(", ", names);
  }

  private static String option(String key, String value) {
    return "  '" + key + "' = '" + value.replace("'", "''") + "'";
  }

  /** The hidden table under view {@code src.<source>} of a streaming pipeline. */
  static String liveTable(String source) {
    return LIVE_PREFIX + source + LIVE_SUFFIX;
  }

  /**
   * The name lineage gives a table Flink's plan calls {@code name} ({@code src.__orders_live}, what
   * the view {@code src.orders} reads, is {@code src.orders}); other tables keep theirs.
   */
  public static String lineageName(String name) {
    String prefix = DATABASE + ".";
    return name.startsWith(prefix) ? prefix + userName(name.substring(prefix.length())) : name;
  }

  /**
   * The name a user knows for a table of database {@code src}: {@code __orders_live} (what the view
   * {@code src.orders} reads) is {@code orders}; any other name is itself.
   */
  public static String userName(String table) {
    if (table.startsWith(LIVE_PREFIX)
        && table.endsWith(LIVE_SUFFIX)
        && table.length() > LIVE_PREFIX.length() + LIVE_SUFFIX.length()) {
      return table.substring(LIVE_PREFIX.length(), table.length() - LIVE_SUFFIX.length());
    }
    return table;
  }

  static String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }
}
