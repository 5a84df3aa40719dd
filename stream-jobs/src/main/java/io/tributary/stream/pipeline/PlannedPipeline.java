package io.tributary.stream.pipeline;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.lineage.QueryLineage;
import org.apache.flink.table.catalog.ResolvedSchema;

/**
 * A pipeline whose query Flink has planned against the catalog: the columns it produces and where
 * they come from.
 *
 * @param targetExisted whether the target table existed when it was planned
 * @param lineage the tables and columns the query reads, from Flink's plan
 */
public record PlannedPipeline(
    PipelineSpec spec, ResolvedSchema schema, boolean targetExisted, QueryLineage lineage) {
  public PlannedPipeline {
    requireNonNull(spec, "spec is null");
    requireNonNull(schema, "schema is null");
    requireNonNull(lineage, "lineage is null");
  }
}
