package io.tributary.catalog.lineage;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One job as lineage sees it: what it reads, what it writes and, per written column, where that
 * column comes from.
 *
 * @param name the Flink job name ({@code landing-orders}, {@code pipeline-big_orders}, {@code
 *     replay-big_orders})
 * @param kind {@code LANDING}, {@code PIPELINE} or {@code REPLAY}
 * @param streaming whether it runs until stopped (landing, pipelines) or to an end (replays)
 * @param sql the SQL it runs, when it is a SQL job
 * @param nominal the period it computes, for a replay: start inclusive, end exclusive
 */
public record LineageJob(
    String name,
    String kind,
    boolean streaming,
    Optional<String> sql,
    Optional<Period> nominal,
    List<LineageDataset> inputs,
    List<Output> outputs) {

  public LineageJob {
    requireNonNull(name, "name is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(sql, "sql is null");
    requireNonNull(nominal, "nominal is null");
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }

  /** A written dataset and the origins of its columns (empty when not known). */
  public record Output(LineageDataset dataset, Map<String, Set<ColumnOrigin>> columns) {
    public Output {
      requireNonNull(dataset, "dataset is null");
      columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }
  }

  /** The time a run is about: {@code [start, end)}. */
  public record Period(Instant start, Instant end) {
    public Period {
      requireNonNull(start, "start is null");
      requireNonNull(end, "end is null");
    }
  }
}
