package io.tributary.stream.replay;

import io.tributary.stream.pipeline.PipelineSpec;
import io.tributary.stream.pipeline.PlannedPipeline;
import java.time.LocalDate;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

/**
 * The statement a replay runs: the pipeline's own query of the day, kept to the day's partition, as
 * an {@code INSERT OVERWRITE}, so that the day is replaced in one commit and no other day is
 * touched. The query starts on the statement's second line, so Flink's line numbers are the file's
 * plus one.
 */
final class OverwriteStatement {
  private static final String REPLAYED = "`__replayed`";

  private OverwriteStatement() {}

  /** {@code INSERT OVERWRITE target SELECT * FROM (query) WHERE partition = day}. */
  static String of(PipelineSpec pipeline, PlannedPipeline planned, LocalDate day) {
    boolean date =
        planned.schema().getColumns().stream()
            .filter(c -> c.getName().equals(pipeline.partition()))
            .anyMatch(c -> c.getDataType().getLogicalType().is(LogicalTypeRoot.DATE));
    String literal = (date ? "DATE '" : "'") + day + "'";
    return "INSERT OVERWRITE "
        + pipeline.target().sql()
        + " SELECT * FROM (\n"
        + pipeline.transform().query(day)
        + "\n) AS "
        + REPLAYED
        + " WHERE "
        + REPLAYED
        + ".`"
        + pipeline.partition()
        + "` = "
        + literal;
  }
}
