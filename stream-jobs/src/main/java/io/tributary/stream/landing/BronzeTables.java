package io.tributary.stream.landing;

import io.tributary.catalog.LakeCatalog;
import io.tributary.catalog.Layer;
import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.TributaryException;
import io.tributary.catalog.metadata.ColumnMetadata;
import io.tributary.catalog.metadata.SensitivityTag;
import io.tributary.catalog.metadata.TableMetadata;
import io.tributary.stream.sink.BoundedAppendSink;
import io.tributary.stream.source.ColumnSpec;
import io.tributary.stream.source.SourceSpec;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.types.utils.TypeConversions;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.types.Types;

/**
 * The bronze tables of a source: {@code lake.bronze.<name>} (valid events, partitioned by {@code
 * ds}) and {@code lake.bronze.<name>_rejects} (dead letters, partitioned by the UTC day they
 * arrived in Kafka). Created on first start; a declaration that gained columns adds them.
 */
public final class BronzeTables {
  /** The day column, {@code yyyy-MM-dd} in UTC, that partitions bronze tables. */
  public static final String DAY_COLUMN = "ds";

  /** What a source's full history is called when its bronze table keeps only current rows. */
  public static final String HISTORY_SUFFIX = "_history";

  /** Columns landing appends after the declared ones: ds, partition, offset, ingestion time. */
  static final int LANDING_COLUMNS = 4;

  static final Map<String, String> TABLE_PROPERTIES =
      Map.of(
          TableProperties.FORMAT_VERSION, "2",
          TableProperties.PARQUET_COMPRESSION, "zstd",
          // landing commits every checkpoint: keep the metadata log bounded
          TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true",
          TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "100",
          // what an open file costs: Parquet allocates a page's worth per column chunk writer,
          // 2.3 MB per file at its default 1 MB pages, 0.4 MB at 64 KB (docs/writing.md)
          TableProperties.PARQUET_PAGE_SIZE_BYTES,
              Integer.toString(BoundedAppendSink.PAGE_SIZE_BYTES),
          TableProperties.DELETE_PARQUET_PAGE_SIZE_BYTES,
              Integer.toString(BoundedAppendSink.PAGE_SIZE_BYTES));

  private BronzeTables() {}

  /**
   * Where landing appends every valid event: {@code lake.bronze.<name>}, or {@code
   * lake.bronze.<name>_history} when the source declares a current-only table.
   */
  public static TableIdentifier bronze(SourceSpec source) {
    return TableIdentifier.of(
        Layer.BRONZE.namespace(),
        source.current().isPresent() ? source.name() + HISTORY_SUFFIX : source.name());
  }

  /** The current-only table, {@code lake.bronze.<name>}, when the source declares one. */
  public static Optional<TableIdentifier> current(SourceSpec source) {
    return source.current().map(c -> TableIdentifier.of(Layer.BRONZE.namespace(), source.name()));
  }

  public static TableIdentifier rejects(SourceSpec source) {
    return TableIdentifier.of(Layer.BRONZE.namespace(), source.name() + "_rejects");
  }

  /** Flink schema of the bronze table, in the order {@link ValidateFunction} fills rows. */
  public static ResolvedSchema bronzeSchema(SourceSpec source) {
    List<Column> columns = new ArrayList<>();
    for (ColumnSpec column : source.columns()) {
      boolean notNull = column.required() || column.name().equalsIgnoreCase(source.eventTime());
      columns.add(
          Column.physical(
              column.name(), TypeConversions.fromLogicalToDataType(column.type().copy(!notNull))));
    }
    columns.add(Column.physical(DAY_COLUMN, DataTypes.STRING().notNull()));
    columns.add(Column.physical("_kafka_partition", DataTypes.INT().notNull()));
    columns.add(Column.physical("_kafka_offset", DataTypes.BIGINT().notNull()));
    columns.add(Column.physical("_ingested_at", DataTypes.TIMESTAMP_LTZ(6).notNull()));
    return ResolvedSchema.of(columns);
  }

  /** Flink schema of the rejects table, in the order {@link DeadLetterRows} fills rows. */
  public static ResolvedSchema rejectsSchema() {
    return ResolvedSchema.of(
        Column.physical("payload", DataTypes.STRING()),
        Column.physical("reason", DataTypes.STRING().notNull()),
        Column.physical("source", DataTypes.STRING().notNull()),
        Column.physical("_kafka_partition", DataTypes.INT().notNull()),
        Column.physical("_kafka_offset", DataTypes.BIGINT().notNull()),
        Column.physical("_kafka_timestamp", DataTypes.TIMESTAMP_LTZ(3).notNull()),
        Column.physical("rejected_at", DataTypes.TIMESTAMP_LTZ(6).notNull()),
        Column.physical(DAY_COLUMN, DataTypes.STRING().notNull()));
  }

  /**
   * Creates both tables when missing, adds newly declared columns to the bronze table, and brings
   * their metadata (owner, description, domain, column descriptions and tags) in line with the
   * declaration.
   */
  public static void ensure(LakeCatalog lake, SourceSpec source) {
    TableMetadata declared = source.metadata();
    ensure(
        lake,
        bronze(source),
        FlinkSchemaUtil.convert(bronzeSchema(source)),
        declared.description().isPresent() && source.current().isEmpty()
            ? declared
            : declared.withDescription(
                (source.current().isPresent() ? "Every valid event" : "Valid events")
                    + " of source "
                    + source.name()
                    + ", landed from Kafka topic "
                    + source.topic()));
    ensure(
        lake, rejects(source), FlinkSchemaUtil.convert(rejectsSchema()), rejectsMetadata(source));
    if (source.current().isPresent()) {
      ensureCurrent(lake, source);
    }
  }

  /**
   * The current-only table: the bronze columns, keyed by the declared key (Iceberg identifier
   * fields, which the upsert writer turns into equality deletes), not partitioned, so that a key's
   * newer event always replaces its older one wherever that was.
   */
  private static void ensureCurrent(LakeCatalog lake, SourceSpec source) {
    Schema columns = FlinkSchemaUtil.convert(bronzeSchema(source));
    Set<Integer> key = new HashSet<>();
    for (String column : source.current().get().key()) {
      key.add(columns.caseInsensitiveFindField(column).fieldId());
    }
    Schema schema = new Schema(columns.columns(), key);
    TableMetadata declared = source.metadata();
    TableIdentifier id = current(source).orElseThrow();
    Table table =
        lake.createTableIfMissing(
            id, schema, PartitionSpec.unpartitioned(), new HashMap<>(TABLE_PROPERTIES));
    if (needsUpdate(table.schema(), schema)) {
      addColumns(lake, id, table, schema);
      table.refresh();
    }
    String currentOnly =
        "Latest event per "
            + String.join(", ", source.current().get().key())
            + " of source "
            + source.name()
            + " (current state); every event is in "
            + lake.config().name()
            + "."
            + bronze(source);
    declared
        .withDescription(
            declared.description().map(d -> d + ". " + currentOnly).orElse(currentOnly))
        .applyTo(table);
  }

  /**
   * The rejects table has the source's owner and domain; its payload holds whole events, so it
   * carries every tag of the source's columns.
   */
  private static TableMetadata rejectsMetadata(SourceSpec source) {
    Set<SensitivityTag> tags = EnumSet.noneOf(SensitivityTag.class);
    source.metadata().columns().values().forEach(c -> tags.addAll(c.tags()));
    Map<String, ColumnMetadata> columns =
        tags.isEmpty()
            ? Map.of()
            : Map.of(
                "payload",
                new ColumnMetadata(Optional.of("The record as it arrived, as UTF-8 text"), tags));
    return new TableMetadata(
        source.metadata().owner(),
        Optional.of(
            "Events of source "
                + source.name()
                + " that failed validation, with the reason; also in topic "
                + source.deadLetterTopic()),
        source.metadata().domain(),
        columns);
  }

  private static void ensure(
      LakeCatalog lake, TableIdentifier id, Schema schema, TableMetadata metadata) {
    Table table =
        lake.createTableIfMissing(
            id,
            schema,
            PartitionSpec.builderFor(schema).identity(DAY_COLUMN).build(),
            new HashMap<>(TABLE_PROPERTIES));
    if (needsUpdate(table.schema(), schema)) {
      addColumns(lake, id, table, schema);
      table.refresh();
    }
    metadata.applyTo(table);
  }

  private static void addColumns(LakeCatalog lake, TableIdentifier id, Table table, Schema schema) {
    try {
      table.updateSchema().unionByNameWith(schema).commit();
    } catch (IllegalArgumentException e) {
      throw new TributaryException(
          ErrorCode.CONFLICT,
          "Cannot land into "
              + lake.config().name()
              + "."
              + id
              + ": its schema cannot take the declared columns ("
              + e.getMessage()
              + "); rename the source or migrate the table",
          e);
    }
  }

  private static boolean needsUpdate(Schema existing, Schema declared) {
    for (Types.NestedField field : declared.columns()) {
      Types.NestedField current = existing.findField(field.name());
      if (current == null || !current.type().equals(field.type())) {
        return true;
      }
    }
    return false;
  }
}
