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

  /**
   * Each writer task writes the rows its own reader produced. The pipeline's target routes each day
   * to one writer task ({@code write.distribution-mode=hash}, which bounds the open files of a
   * stream that writes many days), but a replay writes one day: routed, the whole day went through
   * one writer on one core, while the other tasks waited (the replay ran at 0.58 of landing).
   * Unrouted, each task still writes that one day only, so one open file.
   */
  static final String WRITE_WHERE_READ = " /*+ OPTIONS('distribution-mode'='none') */";

  private OverwriteStatement() {}

  /**
   * {@code INSERT OVERWRITE target SELECT * FROM (query) WHERE partition = day}, each task writing
   * what it read ({@link #WRITE_WHERE_READ}).
   */
  static String of(PipelineSpec pipeline, PlannedPipeline planned, LocalDate day) {
    boolean date =
        planned.schema().getColumns().stream()
            .filter(c -> c.getName().equals(pipeline.partition()))
            .anyMatch(c -> c.getDataType().getLogicalType().is(LogicalTypeRoot.DATE));
    String literal = (date ? "DATE '" : "'") + day + "'";
    return "INSERT OVERWRITE "
        + pipeline.target().sql()
        + WRITE_WHERE_READ
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
