package io.tributary.feature.job;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.LakeCatalog;
import io.tributary.catalog.LakeCatalogConfig;
import io.tributary.catalog.lineage.LineageJob;
import io.tributary.feature.aggregate.FeatureDefinition;
import io.tributary.feature.group.FeatureGroupSpec;
import io.tributary.feature.group.FeatureQuery;
import io.tributary.stream.job.JobDefinition;
import io.tributary.stream.job.JobKind;
import io.tributary.stream.kafka.KafkaConnection;
import io.tributary.stream.source.SourceSpec;
import io.tributary.stream.source.table.SourceTables;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.bridge.java.StreamStatementSet;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

/**
 * A point-in-time training set of a feature group: for each row of a spine table (an entity and a
 * time, a label's say), every feature of the group as a read of the store at that time gives it,
 * computed from the log by the group's own query and aggregation ({@link TrainingRows}), the
 * stream's lateness applied ({@link OnTimeEvents}), and written to a lake table with the log
 * position each row reflects. Bounded: it reads the log up to its end when it starts.
 */
public final class TrainingSetJob {
  private final FeatureGroupSpec group;
  private final SourceSpec source;
  private final KafkaConnection kafka;
  private final LakeCatalogConfig lake;
  private final String spine;
  private final String entityColumn;
  private final String timeColumn;
  private final String out;
  private final int parallelism;
  private final int partitions;

  /**
   * @param spine the spine table, {@code lake.<namespace>.<table>}
   * @param entityColumn the spine's column of the entity key (as the store spells it)
   * @param timeColumn the spine's column of the time (a timestamp)
   * @param out the table the rows go to, which exists with {@link #columns}' layout
   * @param partitions how many of the source topic's partitions have events to read
   */
  public TrainingSetJob(
      FeatureGroupSpec group,
      SourceSpec source,
      KafkaConnection kafka,
      LakeCatalogConfig lake,
      String spine,
      String entityColumn,
      String timeColumn,
      String out,
      int parallelism,
      int partitions) {
    this.group = requireNonNull(group, "group is null");
    this.source = requireNonNull(source, "source is null");
    this.kafka = requireNonNull(kafka, "kafka is null");
    this.lake = requireNonNull(lake, "lake is null");
    this.spine = requireNonNull(spine, "spine is null");
    this.entityColumn = requireNonNull(entityColumn, "entityColumn is null");
    this.timeColumn = requireNonNull(timeColumn, "timeColumn is null");
    this.out = requireNonNull(out, "out is null");
    this.parallelism = parallelism;
    this.partitions = partitions;
  }

  /** {@code feature-training-<group>}. */
  public static String jobName(FeatureGroupSpec group) {
    return "feature-training-" + group.name();
  }

  /**
   * The output's columns, name and type (Flink's Row type of each): the entity, the time, every
   * feature, {@code _events}, {@code _position}, {@code _newest_event}.
   */
  public static RowTypeInfo columns(
      FeatureGroupSpec group, String entityColumn, String timeColumn) {
    return TrainingRows.type(entityColumn, timeColumn, group.definitions());
  }

  public JobDefinition definition(LineageJob lineage) {
    return new JobDefinition(
        jobName(group),
        JobKind.FEATURE_BACKFILL,
        Optional.of(group.generation()),
        this::addTo,
        lineage,
        Optional.empty(),
        Optional.of(source.topic()));
  }

  /** Adds the job's operators to {@code env}; the caller executes it. */
  public void addTo(StreamExecutionEnvironment env) {
    StreamTableEnvironment tableEnv =
        StreamTableEnvironment.create(env, EnvironmentSettings.inStreamingMode());
    tableEnv.getConfig().set("table.exec.source.idle-timeout", "5 s");
    tableEnv.getConfig().set("parallelism.default", Integer.toString(parallelism));
    // a spine's timestamp without a time zone is UTC, wherever the job runs
    tableEnv.getConfig().setLocalTimeZone(java.time.ZoneOffset.UTC);
    LakeCatalog.registerIn(tableEnv, lake);
    String table =
        new SourceTables(kafka)
            .registerStream(
                tableEnv,
                source,
                "__" + source.name() + "_training_" + group.name(),
                "tributary-" + jobName(group),
                true);
    FeatureQuery query = FeatureQuery.withAppendTime(group, source, table);
    DataStream<Row> events = tableEnv.toDataStream(tableEnv.sqlQuery(query.sql()));
    DataStream<Row> onTime =
        OnTimeEvents.mark(
            events,
            query,
            source.maxOutOfOrderness().toMillis(),
            group.lateness(source).toMillis(),
            partitions);
    DataStream<Row> spineRows =
        tableEnv.toDataStream(
            tableEnv.sqlQuery(
                "SELECT CAST("
                    + quote(entityColumn)
                    + " AS STRING), CAST("
                    + quote(timeColumn)
                    + " AS TIMESTAMP_LTZ(3)) FROM "
                    + qualified(spine)));
    int[] values = new int[group.features().size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = query.valueIndex(i).orElse(-1);
    }
    FeatureInputs inputs =
        new FeatureInputs(
            query.eventTimeIndex(),
            query.partitionIndex(),
            query.offsetIndex(),
            values,
            query.appendTimeIndex().orElseThrow() + 1);
    List<FeatureDefinition> definitions = group.definitions();
    RowTypeInfo type = columns(group, entityColumn, timeColumn);
    DataStream<Row> rows =
        onTime
            .keyBy(new FeatureJob.EntitySelector(entityIndexes(group)))
            .connect(spineRows.keyBy(new SpineKey()))
            .process(new TrainingRows(definitions, inputs))
            .returns(type)
            .name("Features at each spine time");
    tableEnv.createTemporaryView("__training_rows", tableEnv.fromDataStream(rows));
    List<String> select = new ArrayList<>();
    for (String name : type.getFieldNames()) {
      boolean time = name.equals(timeColumn) || name.equals("_newest_event");
      select.add(time ? "CAST(" + quote(name) + " AS TIMESTAMP_LTZ(6))" : quote(name));
    }
    StreamStatementSet statements = tableEnv.createStatementSet();
    statements.addInsertSql(
        "INSERT INTO "
            + qualified(out)
            + " SELECT "
            + String.join(", ", select)
            + " FROM __training_rows");
    statements.attachAsDataStream();
  }

  private static int[] entityIndexes(FeatureGroupSpec group) {
    int[] entity = new int[group.entity().size()];
    for (int i = 0; i < entity.length; i++) {
      entity[i] = i;
    }
    return entity;
  }

  private static String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }

  /** {@code lake.gold.x} as Flink SQL names it: each part quoted. */
  private static String qualified(String table) {
    return Arrays.stream(table.split("\\."))
        .map(TrainingSetJob::quote)
        .collect(Collectors.joining("."));
  }

  /** A spine row's entity key: its first column. */
  private static final class SpineKey implements KeySelector<Row, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(Row row) {
      Object key = row.getField(0);
      return key == null ? "" : key.toString();
    }
  }
}
