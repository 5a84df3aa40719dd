package io.tributary.source.table;

import static java.util.Objects.requireNonNull;

import io.tributary.source.ColumnSpec;
import io.tributary.source.SourceSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.table.api.TableEnvironment;

/**
 * Makes every declared source visible to Flink SQL as {@code src.<name>}: the Kafka-backed stream
 * of its valid events with the declared columns, {@code ds} (the event time's UTC date), Kafka
 * metadata ({@code _kafka_partition}, {@code _kafka_offset}, {@code _kafka_timestamp}) and an
 * event-time watermark of {@code max_out_of_orderness}.
 */
public final class SourceTables {
  /** The database of the session's default catalog that holds the source tables. */
  public static final String DATABASE = "src";

  /** How far a scan reads. */
  public enum Scan {
    /** A stream that never ends: for streaming pipelines. */
    UNBOUNDED,
    /** From the earliest offset to the offsets that are latest when the query starts. */
    UP_TO_LATEST
  }

  private final String bootstrapServers;

  public SourceTables(String bootstrapServers) {
    this.bootstrapServers = requireNonNull(bootstrapServers, "bootstrapServers is null");
  }

  /** Creates database {@code src} in the current catalog and one table per source. */
  public void register(TableEnvironment tableEnv, List<SourceSpec> sources, Scan scan) {
    tableEnv.executeSql("CREATE DATABASE IF NOT EXISTS `" + DATABASE + "`");
    for (SourceSpec source : sources) {
      tableEnv.executeSql(ddl(source, scan));
    }
  }

  /** The {@code CREATE TABLE} statement of one source table. */
  public String ddl(SourceSpec source, Scan scan) {
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
            + " - INTERVAL '"
            + seconds(source)
            + "' SECOND");

    List<String> options = new ArrayList<>();
    options.add(option("connector", "kafka"));
    options.add(option("topic", source.topic()));
    options.add(option("properties.bootstrap.servers", bootstrapServers));
    options.add(option("properties.isolation.level", "read_committed"));
    options.add(option("scan.startup.mode", "earliest-offset"));
    if (scan == Scan.UP_TO_LATEST) {
      options.add(option("scan.bounded.mode", "latest-offset"));
    }
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
    return "CREATE TABLE IF NOT EXISTS "
        + quote(DATABASE)
        + "."
        + quote(source.name())
        + " (\n"
        + String.join(",\n", lines)
        + "\n) WITH (\n"
        + String.join(",\n", options)
        + "\n)";
  }

  private static String seconds(SourceSpec source) {
    return BigDecimal.valueOf(source.maxOutOfOrderness().toMillis(), 3).toPlainString();
  }

  private static String option(String key, String value) {
    return "  '" + key + "' = '" + value.replace("'", "''") + "'";
  }

  private static String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }
}
