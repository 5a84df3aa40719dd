package io.tributary.stream.pipeline;

import io.tributary.catalog.lineage.LineageJob;
import io.tributary.catalog.lineage.QueryLineage;
import io.tributary.stream.job.JobKind;
import io.tributary.stream.lineage.LineageDatasets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** A pipeline's jobs as lineage records them: its query's tables in, its target out. */
public final class PipelineLineage {
  private PipelineLineage() {}

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
