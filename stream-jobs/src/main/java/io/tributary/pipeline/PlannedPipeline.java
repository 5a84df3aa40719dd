package io.tributary.pipeline;

import static java.util.Objects.requireNonNull;

import org.apache.flink.table.catalog.ResolvedSchema;

/**
 * A pipeline whose query Flink has planned against the catalog: the columns it produces.
 *
 * @param targetExisted whether the target table existed when it was planned
 */
public record PlannedPipeline(PipelineSpec spec, ResolvedSchema schema, boolean targetExisted) {
  public PlannedPipeline {
    requireNonNull(spec, "spec is null");
    requireNonNull(schema, "schema is null");
  }
}
