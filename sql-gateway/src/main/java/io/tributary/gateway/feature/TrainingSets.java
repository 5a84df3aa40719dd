package io.tributary.gateway.feature;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.LakeCatalog;
import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.TributaryException;
import io.tributary.catalog.lineage.LineageJob;
import io.tributary.feature.group.FeatureGroupSpec;
import io.tributary.feature.job.TrainingSetJob;
import io.tributary.gateway.jobs.ManagedJobs;
import io.tributary.stream.job.JobKind;
import io.tributary.stream.job.LaunchedJob;
import io.tributary.stream.kafka.KafkaConnection;
import io.tributary.stream.lineage.LineageDatasets;
import io.tributary.stream.source.Sources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types.NestedField;

/**
 * Point-in-time training sets ({@link TrainingSetJob}): checks the spine, (re)creates the output
 * table, runs the job on the platform's cluster and waits for it. An output table is replaced only
 * if it is a training set (its property {@value #PROPERTY}); any other table of that name is left
 * alone and the request refused.
 */
public final class TrainingSets {
  /** The property that marks a table as a training set, with its group as the value. */
  public static final String PROPERTY = "tributary.training-set.group";

  private final ManagedJobs jobs;
  private final LakeCatalog lake;
  private final KafkaConnection kafka;
  private final Sources sources;
  private final LineageDatasets datasets;
  private final int parallelism;
  private final Supplier<Map<String, FeatureGroupSpec>> groups;

  public TrainingSets(
      ManagedJobs jobs,
      LakeCatalog lake,
      KafkaConnection kafka,
      Sources sources,
      LineageDatasets datasets,
      int parallelism,
      Supplier<Map<String, FeatureGroupSpec>> groups) {
    this.jobs = requireNonNull(jobs, "jobs is null");
    this.lake = requireNonNull(lake, "lake is null");
    this.kafka = requireNonNull(kafka, "kafka is null");
    this.sources = requireNonNull(sources, "sources is null");
    this.datasets = requireNonNull(datasets, "datasets is null");
    this.parallelism = parallelism;
    this.groups = requireNonNull(groups, "groups is null");
  }

  /**
   * Writes the training set of {@code group} for every row of {@code spine} to {@code out}.
   *
   * @throws TributaryException naming what is wrong: no such group, spine table or column, an
   *     output that is not a training set, or a job that failed
   */
  public synchronized TrainingSetReport write(
      String group, String spine, String entityColumn, String timeColumn, String out)
      throws InterruptedException {
    Instant started = Instant.now();
    FeatureGroupSpec spec = groups.get().get(group);
    if (spec == null) {
      throw new TributaryException(
          ErrorCode.NOT_FOUND,
          "No feature group " + group + "; the groups are " + new TreeSet<>(groups.get().keySet()));
    }
    Table spineTable = lake.findTable(spine);
    column(spineTable, spine, entityColumn, "entity");
    Type time = column(spineTable, spine, timeColumn, "time");
    if (time.typeId() != Type.TypeID.TIMESTAMP) {
      throw new TributaryException(
          ErrorCode.INVALID_REQUEST,
          "The time column "
              + timeColumn
              + " of "
              + spine
              + " is "
              + time
              + "; a training set needs a timestamp");
    }
    TableIdentifier id = output(out, group);
    RowTypeInfo columns = TrainingSetJob.columns(spec, entityColumn, timeColumn);
    Table created =
        lake.iceberg()
            .createTable(
                id,
                schema(columns),
                PartitionSpec.unpartitioned(),
                Map.of("format-version", "2", PROPERTY, group));
    TrainingSetJob job =
        new TrainingSetJob(
            spec,
            sources.get(spec.source()),
            kafka,
            lake.config(),
            spine,
            entityColumn,
            timeColumn,
            lake.config().name() + "." + id,
            parallelism,
            TopicPartitions.withEvents(kafka, sources.get(spec.source()).topic()));
    LineageJob lineage =
        new LineageJob(
            TrainingSetJob.jobName(spec),
            JobKind.FEATURE_BACKFILL.name(),
            false,
            Optional.empty(),
            Optional.empty(),
            List.of(datasets.topic(sources.get(spec.source()).topic()), datasets.table(spine)),
            List.of(
                new LineageJob.Output(datasets.table(lake.config().name() + "." + id), Map.of())));
    LaunchedJob launched = jobs.startFrom(job.definition(lineage), Optional.empty());
    FeatureVerifier.awaitFinished(launched, "training set of " + group);
    created.refresh();
    long rows =
        created.currentSnapshot() == null
            ? 0
            : Long.parseLong(
                created.currentSnapshot().summary().getOrDefault("total-records", "0"));
    return new TrainingSetReport(
        group,
        spec.generation(),
        spine,
        lake.config().name() + "." + id,
        rows,
        created.currentSnapshot() == null ? -1 : created.currentSnapshot().snapshotId(),
        started,
        Instant.now());
  }

  private static Type column(Table table, String name, String column, String what) {
    NestedField field = table.schema().findField(column);
    if (field == null) {
      throw new TributaryException(
          ErrorCode.INVALID_REQUEST,
          "The spine "
              + name
              + " has no "
              + what
              + " column "
              + column
              + "; its columns: "
              + table.schema().columns().stream().map(NestedField::name).toList());
    }
    return field.type();
  }

  /** The output's identifier; a training set of that name is dropped, any other table refused. */
  private TableIdentifier output(String out, String group) {
    String[] parts = out.split("\\.");
    if (parts.length != 3 || !parts[0].equals(lake.config().name())) {
      throw new TributaryException(
          ErrorCode.INVALID_REQUEST,
          "'"
              + out
              + "' is not a table name; write it as "
              + lake.config().name()
              + ".gold.<name>");
    }
    TableIdentifier id = TableIdentifier.of(Namespace.of(parts[1]), parts[2]);
    if (lake.iceberg().tableExists(id)) {
      Table existing = lake.iceberg().loadTable(id);
      if (!existing.properties().containsKey(PROPERTY)) {
        throw new TributaryException(
            ErrorCode.CONFLICT,
            out + " exists and is not a training set; name a new table for the training set");
      }
      lake.iceberg().dropTable(id, true);
    }
    return id;
  }

  private static Schema schema(RowTypeInfo columns) {
    List<NestedField> fields = new ArrayList<>();
    for (int i = 0; i < columns.getArity(); i++) {
      TypeInformation<?> type = columns.getTypeAt(i);
      Type iceberg;
      if (type.equals(Types.LONG)) {
        iceberg = org.apache.iceberg.types.Types.LongType.get();
      } else if (type.equals(Types.BIG_DEC)) {
        iceberg = org.apache.iceberg.types.Types.DecimalType.of(38, 18);
      } else if (type.equals(Types.INSTANT)) {
        iceberg = org.apache.iceberg.types.Types.TimestampType.withZone();
      } else {
        iceberg = org.apache.iceberg.types.Types.StringType.get();
      }
      fields.add(NestedField.optional(i + 1, columns.getFieldNames()[i], iceberg));
    }
    return new Schema(fields);
  }
}
