package io.tributary.stream.lineage;

import io.tributary.catalog.lineage.ColumnOrigin;
import io.tributary.catalog.lineage.LineageDataset;
import io.tributary.catalog.lineage.LineageJob;
import io.tributary.catalog.lineage.QueryLineage;
import io.tributary.stream.job.JobKind;
import io.tributary.stream.landing.BronzeTables;
import io.tributary.stream.landing.LandingJob;
import io.tributary.stream.pipeline.PipelineSpec;
import io.tributary.stream.source.ColumnSpec;
import io.tributary.stream.source.SourceSpec;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Each kind of the platform's jobs as lineage records it: what a landing job, a pipeline's
 * streaming job and its replay read and write, column by column. With {@link LineageDatasets} (how
 * the platform names its datasets) this is all the platform says to lineage; the model and the
 * store are the catalog's ({@code io.tributary.catalog.lineage}).
 */
public final class JobLineage {
  private JobLineage() {}

  /**
   * A source's landing job as lineage records it: the source's topic in, the bronze table (declared
   * columns as they are, {@code ds} from the event time), its rejects table and the dead-letter
   * topic out.
   */
  public static LineageJob landing(
      SourceSpec source, LineageDatasets datasets, String lakeCatalog) {
    LineageDataset topic = datasets.source(source);
    List<String> declared = source.columns().stream().map(ColumnSpec::name).toList();
    Map<String, Set<ColumnOrigin>> bronzeColumns =
        new LinkedHashMap<>(LineageDatasets.identity(topic.table(), declared));
    bronzeColumns.put(
        BronzeTables.DAY_COLUMN,
        Set.of(
            new ColumnOrigin(topic.table(), source.eventTime(), ColumnOrigin.Kind.TRANSFORMATION)));
    List<LineageJob.Output> outputs = new ArrayList<>();
    outputs.add(
        new LineageJob.Output(
            datasets.table(lakeCatalog + "." + BronzeTables.bronze(source)), bronzeColumns));
    BronzeTables.current(source)
        .ifPresent(
            current ->
                outputs.add(
                    new LineageJob.Output(
                        datasets.table(lakeCatalog + "." + current), bronzeColumns)));
    outputs.add(
        new LineageJob.Output(
            datasets.table(lakeCatalog + "." + BronzeTables.rejects(source)), Map.of()));
    outputs.add(new LineageJob.Output(datasets.topic(source.deadLetterTopic()), Map.of()));
    return new LineageJob(
        LandingJob.jobName(source),
        JobKind.LANDING.name(),
        true,
        Optional.empty(),
        Optional.empty(),
        List.of(topic),
        outputs);
  }

  /**
   * A maintenance job as lineage records it: it writes the tables it maintains (compaction rewrites
   * their files in place) and reads nothing else, so it adds no edge between tables. Each of its
   * runs is recorded too, with what it did to each table.
   *
   * @param tables the tables, as SQL names them ({@code lake.bronze.orders})
   */
  public static LineageJob maintenance(
      String jobName, List<String> tables, LineageDatasets datasets) {
    return new LineageJob(
        jobName,
        JobKind.MAINTENANCE.name(),
        true,
        Optional.empty(),
        Optional.empty(),
        List.of(),
        tables.stream().map(t -> new LineageJob.Output(datasets.table(t), Map.of())).toList());
  }

  /**
   * A feature job: it reads a source's topic and writes a feature group's items into the online
   * store, a dataset of namespace {@code dynamodb://<endpoint or region>} named {@code
   * <table>/<group>}.
   *
   * @param kind {@code FEATURE} or {@code FEATURE_BACKFILL}
   * @param store where the store is: {@code dynamodb://127.0.0.1:8000}, {@code
   *     dynamodb://us-east-1}
   */
  public static LineageJob feature(
      String jobName,
      JobKind kind,
      SourceSpec source,
      String store,
      String table,
      String group,
      LineageDatasets datasets) {
    return new LineageJob(
        jobName,
        kind.name(),
        kind == JobKind.FEATURE,
        Optional.empty(),
        Optional.empty(),
        List.of(datasets.topic(source.topic())),
        List.of(
            new LineageJob.Output(
                new LineageDataset(table + "/" + group, store, table + "/" + group, "TABLE"),
                Map.of())));
  }

  /** The streaming job of {@code spec}, whose query reads what {@code query} says. */
  public static LineageJob streaming(
      PipelineSpec spec, QueryLineage query, LineageDatasets datasets) {
    return job(
        spec,
        query,
        datasets,
        spec.jobName(),
        JobKind.PIPELINE.name(),
        true,
        spec.transform().text(),
        Optional.empty());
  }

  /**
   * The replay of {@code day}.
   *
   * @param query the lineage of the pipeline's query over the live source tables: a replay reads
   *     the same sources through bounded streams, which Flink's plan no longer names
   * @param statement the statement the replay runs
   */
  public static LineageJob replay(
      PipelineSpec spec,
      QueryLineage query,
      LineageDatasets datasets,
      LocalDate day,
      String statement) {
    LineageJob.Period period =
        new LineageJob.Period(
            day.atStartOfDay(ZoneOffset.UTC).toInstant(),
            day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    return job(
        spec,
        query,
        datasets,
        "replay-" + spec.name(),
        JobKind.REPLAY.name(),
        false,
        statement,
        Optional.of(period));
  }

  private static LineageJob job(
      PipelineSpec spec,
      QueryLineage query,
      LineageDatasets datasets,
      String name,
      String kind,
      boolean streaming,
      String sql,
      Optional<LineageJob.Period> nominal) {
    return new LineageJob(
        name,
        kind,
        streaming,
        Optional.of(sql),
        nominal,
        query.tables().stream().map(datasets::table).toList(),
        List.of(datasets.output(spec.target().toString(), query)));
  }
}
