package io.tributary.stream.replay;

import static java.util.Objects.requireNonNull;

import io.tributary.stream.pipeline.PipelineSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One day of a pipeline's target, as a replay counts it: the rows it holds (from the files' record
 * counts, no data read), and what the replay's commit wrote (from the snapshots Flink's Iceberg
 * committer tags with its job id).
 */
final class DayPartition {
  private static final Logger LOG = LoggerFactory.getLogger(DayPartition.class);

  private final PipelineSpec pipeline;
  private final Table target;

  DayPartition(PipelineSpec pipeline, Table target) {
    this.pipeline = requireNonNull(pipeline, "pipeline is null");
    this.target = requireNonNull(target, "target is null");
  }

  /** The rows of {@code day} in the target now. */
  long rows(LocalDate day) {
    target.refresh();
    long rows = 0;
    try (CloseableIterable<FileScanTask> files =
        target
            .newScan()
            .filter(Expressions.equal(pipeline.partition(), day.toString()))
            .planFiles()) {
      for (FileScanTask file : files) {
        rows += file.file().recordCount();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the files of " + pipeline.target(), e);
    }
    return rows;
  }

  /** The target's current snapshot, or -1 when it has none. */
  long snapshotId() {
    target.refresh();
    return target.currentSnapshot() == null ? -1 : target.currentSnapshot().snapshotId();
  }

  /**
   * The rows job {@code jobId}'s commit wrote after {@code snapshotBefore}. When the day has no
   * rows at all, the job commits no files and so replaces nothing; the day's old rows are then
   * deleted here, in one commit.
   */
  long commitOf(LocalDate day, long snapshotBefore, String jobId) {
    target.refresh();
    long written = 0;
    boolean committed = false;
    for (Snapshot snapshot : target.snapshots()) {
      if (snapshot.snapshotId() != snapshotBefore
          && jobId.equals(snapshot.summary().get("flink.job-id"))) {
        committed = true;
        written += Long.parseLong(snapshot.summary().getOrDefault("added-records", "0"));
      }
    }
    if (!committed || written == 0) {
      if (rows(day) > 0) {
        target
            .newDelete()
            .deleteFromRowFilter(Expressions.equal(pipeline.partition(), day.toString()))
            .commit();
        LOG.info(
            "Pipeline {} has no rows for {}; deleted the day from {}",
            pipeline.name(),
            day,
            pipeline.target());
      }
      return 0;
    }
    return written;
  }
}
