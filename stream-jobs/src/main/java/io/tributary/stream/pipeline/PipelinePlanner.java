package io.tributary.stream.pipeline;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.LakeCatalog;
import io.tributary.catalog.lineage.PlanLineage;
import io.tributary.stream.declaration.DeclarationException;
import io.tributary.stream.sink.BoundedAppendSink;
import io.tributary.stream.source.table.SourceTables;
import io.tributary.stream.sql.SqlErrors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.ExplainDetail;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.utils.TypeConversions;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a pipeline against the catalog before anything runs: its query plans, it produces the
 * partition column, and it fits its target; creates a missing target from the query's columns.
 * Every problem is a {@link DeclarationException} at the file, line and column to fix.
 */
public final class PipelinePlanner {
  private static final Logger LOG = LoggerFactory.getLogger(PipelinePlanner.class);

  private static final String PHYSICAL_PLAN = "== Optimized Physical Plan ==";
  private static final Pattern CHANGELOG_MODE = Pattern.compile("changelogMode=\\[([^\\]]*)\\]");

  private final LakeCatalog lake;

  public PipelinePlanner(LakeCatalog lake) {
    this.lake = requireNonNull(lake, "lake is null");
  }

  /**
   * Plans the query of {@code spec} as {@code tableEnv} sees it, and the whole {@code INSERT} when
   * the target exists.
   *
   * @param query the query text, positioned as in the file
   */
  public PlannedPipeline plan(PipelineSpec spec, TableEnvironment tableEnv, String query) {
    Path sqlFile = spec.transform().file();
    org.apache.flink.table.api.Table table;
    try {
      table = tableEnv.sqlQuery(query);
    } catch (RuntimeException e) {
      throw sqlError(sqlFile, e, 0);
    }
    ResolvedSchema schema = table.getResolvedSchema();
    checkPartitionColumn(spec, schema);
    checkDescribedColumns(spec, schema);
    boolean exists = lake.iceberg().tableExists(spec.target().identifier());
    if (exists) {
      checkTargetPartitioning(spec, lake.loadTable(spec.target().identifier()));
    }
    return new PlannedPipeline(
        spec, schema, exists, PlanLineage.of(table, SourceTables::lineageName));
  }

  /**
   * Checks every streaming pipeline as it will run, then creates the targets that are missing and
   * checks those pipelines' {@code INSERT}s too. Nothing is created unless every query plans.
   *
   * @throws DeclarationException for the first pipeline that is wrong
   */
  public List<PlannedPipeline> planStreaming(List<PipelineSpec> specs, PipelineTables tables) {
    Map<String, TableEnvironment> environments = new HashMap<>();
    try {
      List<PlannedPipeline> planned = checkStreaming(specs, tables, environments);
      for (PlannedPipeline pipeline : planned) {
        if (!pipeline.targetExisted()) {
          ensureTarget(pipeline);
          PipelineSpec spec = pipeline.spec();
          checkStatement(
              spec, environments.get(spec.name()), spec.transform().streamingStatement(), 0);
        }
      }
      return planned;
    } finally {
      release(environments, tables);
    }
  }

  /**
   * Checks every streaming pipeline as it will run, without creating anything: what a deployment
   * plan shows before it is applied.
   *
   * @throws DeclarationException for the first pipeline that is wrong
   */
  public List<PlannedPipeline> checkStreaming(List<PipelineSpec> specs, PipelineTables tables) {
    Map<String, TableEnvironment> environments = new HashMap<>();
    try {
      return checkStreaming(specs, tables, environments);
    } finally {
      release(environments, tables);
    }
  }

  private static void release(Map<String, TableEnvironment> environments, PipelineTables tables) {
    environments.values().forEach(tables::release);
  }

  private List<PlannedPipeline> checkStreaming(
      List<PipelineSpec> specs, PipelineTables tables, Map<String, TableEnvironment> environments) {
    List<PlannedPipeline> planned = new ArrayList<>();
    for (PipelineSpec spec : specs) {
      TableEnvironment tableEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
      environments.put(spec.name(), tableEnv);
      tables.registerLive(tableEnv, spec);
      PlannedPipeline pipeline = plan(spec, tableEnv, spec.transform().streamingQuery());
      checkReadsAStream(spec);
      checkAppendOnly(spec, tableEnv, spec.transform().streamingQuery());
      if (pipeline.targetExisted()) {
        checkStatement(spec, tableEnv, spec.transform().streamingStatement(), 0);
      }
      planned.add(pipeline);
    }
    return planned;
  }

  /**
   * Plans {@code statement} (the pipeline's {@code INSERT}) in full, which checks that the query's
   * columns fit the target.
   *
   * @param lineOffset how many lines {@code statement} has before the file's first line
   */
  public void checkStatement(
      PipelineSpec spec, TableEnvironment tableEnv, String statement, int lineOffset) {
    try {
      tableEnv.explainSql(statement);
    } catch (RuntimeException e) {
      throw sqlError(spec.transform().file(), e, lineOffset);
    }
  }

  /**
   * A streaming pipeline runs as long as the platform does, so it must read a source stream: lake
   * tables are read as a bounded scan, and a job over them alone would read them once and finish
   * (and start over from nothing when `up` restarts it).
   */
  private static void checkReadsAStream(PipelineSpec spec) {
    if (spec.transform().sourceNames().isEmpty()) {
      throw new DeclarationException(
          spec.transform().file(),
          OptionalInt.empty(),
          "",
          "the query reads no source stream (src.<name>); a pipeline runs continuously over the"
              + " log, but a query over lake tables alone would read them once and stop. Read a"
              + " source stream, or query the lake tables with `tributary sql`");
    }
  }

  /**
   * A streaming pipeline appends to its target, so its query must only ever insert rows: a window
   * aggregate does, a plain {@code GROUP BY} updates the results it already emitted. Iceberg's sink
   * accepts updates at planning and fails on them when they come, so this is checked here.
   */
  private static void checkAppendOnly(PipelineSpec spec, TableEnvironment tableEnv, String query) {
    String plan;
    try {
      plan = tableEnv.explainSql(query, ExplainDetail.CHANGELOG_MODE);
    } catch (RuntimeException e) {
      throw sqlError(spec.transform().file(), e, 0);
    }
    int physical = plan.indexOf(PHYSICAL_PLAN);
    Matcher mode =
        CHANGELOG_MODE.matcher(
            physical < 0 ? plan : plan.substring(physical + PHYSICAL_PLAN.length()));
    if (!mode.find()) {
      throw new IllegalStateException(
          "Cannot tell whether pipeline "
              + spec.name()
              + " only appends: Flink's plan names no changelog mode:\n"
              + plan);
    }
    if (!mode.group(1).equals("I")) {
      throw new DeclarationException(
          spec.transform().file(),
          OptionalInt.empty(),
          "",
          "the query changes rows it has already produced (Flink's changelog mode is ["
              + mode.group(1)
              + "]), but a pipeline appends to its target; aggregate over a window (TUMBLE, HOP,"
              + " CUMULATE) so that each result is final when it is written");
    }
  }

  /** Creates the target from the planned columns when it does not exist; returns the table. */
  public Table ensureTarget(PlannedPipeline planned) {
    PipelineSpec spec = planned.spec();
    Schema schema = FlinkSchemaUtil.convert(withoutTimeAttributes(planned.schema()));
    PartitionSpec partitioning =
        PartitionSpec.builderFor(schema).identity(spec.partition()).build();
    Map<String, String> properties = new HashMap<>();
    properties.put(TableProperties.FORMAT_VERSION, "2");
    properties.put(TableProperties.PARQUET_COMPRESSION, "zstd");
    properties.put(TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true");
    properties.put(TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "100");
    // Iceberg's SQL sink writes a pipeline's rows: route each day to one writer task, and keep
    // what each open file costs small (docs/writing.md)
    properties.put(
        TableProperties.WRITE_DISTRIBUTION_MODE, TableProperties.WRITE_DISTRIBUTION_MODE_HASH);
    properties.put(
        TableProperties.PARQUET_PAGE_SIZE_BYTES,
        Integer.toString(BoundedAppendSink.PAGE_SIZE_BYTES));
    properties.put("tributary.pipeline", spec.name());
    Table table =
        lake.createTableIfMissing(spec.target().identifier(), schema, partitioning, properties);
    spec.metadata().applyTo(table);
    if (!planned.targetExisted()) {
      LOG.info(
          "Pipeline {} has target {} partitioned by {}",
          spec.name(),
          spec.target(),
          spec.partition());
    }
    return table;
  }

  private static void checkPartitionColumn(PipelineSpec spec, ResolvedSchema schema) {
    Path yaml = spec.directory().resolve(PipelineSpec.YAML_FILE);
    Column column =
        schema.getColumns().stream()
            .filter(c -> c.getName().equals(spec.partition()))
            .findFirst()
            .orElseThrow(
                () ->
                    new DeclarationException(
                        yaml,
                        OptionalInt.empty(),
                        "partition",
                        "the query produces no column '"
                            + spec.partition()
                            + "'; its columns are "
                            + String.join(", ", schema.getColumnNames())));
    LogicalType type = column.getDataType().getLogicalType();
    if (!type.is(LogicalTypeFamily.CHARACTER_STRING) && !type.is(LogicalTypeRoot.DATE)) {
      throw new DeclarationException(
          yaml,
          OptionalInt.empty(),
          "partition",
          "column '"
              + spec.partition()
              + "' is "
              + type.asSummaryString()
              + " in the query; the day column must be STRING (yyyy-MM-dd) or DATE");
    }
  }

  private static void checkDescribedColumns(PipelineSpec spec, ResolvedSchema schema) {
    for (String column : spec.metadata().columns().keySet()) {
      if (!schema.getColumnNames().contains(column)) {
        throw new DeclarationException(
            spec.directory().resolve(PipelineSpec.YAML_FILE),
            OptionalInt.empty(),
            "columns",
            "describes column '"
                + column
                + "', which the query does not produce; its columns are "
                + String.join(", ", schema.getColumnNames()));
      }
    }
  }

  private static void checkTargetPartitioning(PipelineSpec spec, Table target) {
    List<PartitionField> fields = target.spec().fields();
    boolean byDay =
        fields.size() == 1
            && fields.get(0).transform().isIdentity()
            && target.schema().findColumnName(fields.get(0).sourceId()).equals(spec.partition());
    if (!byDay) {
      throw new DeclarationException(
          spec.directory().resolve(PipelineSpec.YAML_FILE),
          OptionalInt.empty(),
          "partition",
          "target "
              + spec.target()
              + " exists but is partitioned by "
              + target.spec()
              + ", not by "
              + spec.partition()
              + " alone; a replay overwrites one "
              + spec.partition()
              + " at a time, so the target must be partitioned by it");
    }
  }

  private static DeclarationException sqlError(Path file, RuntimeException e, int lineOffset) {
    SqlErrors.Located located = SqlErrors.locate(e);
    if (located.hasPosition() && located.line() > lineOffset) {
      return new LocatedSqlException(
          file, located.line() - lineOffset, located.column(), located.message(), e);
    }
    return new LocatedSqlException(file, 0, 0, located.message(), e);
  }

  private static ResolvedSchema withoutTimeAttributes(ResolvedSchema schema) {
    List<Column> columns =
        schema.getColumns().stream()
            .map(
                c ->
                    (Column)
                        Column.physical(
                            c.getName(),
                            TypeConversions.fromLogicalToDataType(
                                withoutTimeAttribute(c.getDataType().getLogicalType()))))
            .toList();
    return ResolvedSchema.of(columns);
  }

  /** A rowtime column of the query is an ordinary timestamp in the table. */
  private static LogicalType withoutTimeAttribute(LogicalType type) {
    if (type instanceof LocalZonedTimestampType ltz) {
      return new LocalZonedTimestampType(ltz.isNullable(), ltz.getPrecision());
    }
    if (type instanceof TimestampType ts) {
      return new TimestampType(ts.isNullable(), ts.getPrecision());
    }
    return type;
  }

  /** An SQL problem in a transform, at a line and column when Flink gave one. */
  static final class LocatedSqlException extends DeclarationException {
    LocatedSqlException(Path file, int line, int column, String problem, Throwable cause) {
      super(
          file,
          line > 0 ? OptionalInt.of(line) : OptionalInt.empty(),
          column > 0 ? OptionalInt.of(column) : OptionalInt.empty(),
          "",
          problem,
          cause);
    }
  }
}
