package io.tributary.stream.maintenance;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.table.data.RowData;
import org.apache.iceberg.BaseCombinedScanTask;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.MetadataColumns;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.TableUtil;
import org.apache.iceberg.actions.BinPackRewriteFilePlanner;
import org.apache.iceberg.actions.FileRewritePlan;
import org.apache.iceberg.actions.RewriteDataFiles;
import org.apache.iceberg.actions.RewriteDataFilesCommitManager;
import org.apache.iceberg.actions.RewriteFileGroup;
import org.apache.iceberg.actions.SizeBasedFileRewritePlanner;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.sink.RowDataTaskWriterFactory;
import org.apache.iceberg.flink.source.DataIterator;
import org.apache.iceberg.flink.source.RowDataFileScanTaskReader;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.TaskWriter;
import org.apache.iceberg.util.PropertyUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compaction of one table, from Iceberg's own parts: its bin-pack planner groups the files that
 * {@code filter} admits (the closed days) and that are too small, too large or carry deletes into
 * groups near the target size; each group is read through Iceberg's Flink reader, which applies its
 * equality and position deletes, and written again; the groups are committed in batches, each an
 * Iceberg rewrite that validates from the snapshot it was planned on.
 *
 * <p>Streaming commits go on meanwhile. A rewrite commits with the data sequence number of the
 * snapshot it was planned on, so an append or an upsert's equality deletes committed in between
 * neither conflict with it nor lose their effect: Iceberg retries the commit on the newer metadata.
 * A real conflict (a replay replaced the day, the files are gone) fails the batch's validation; its
 * written files are deleted, the rows stay as they are, and the next run plans again.
 */
final class Compaction {
  private static final Logger LOG = LoggerFactory.getLogger(Compaction.class);

  /** Groups committed together: a conflict costs at most this many groups' work. */
  static final int GROUPS_PER_COMMIT = 10;

  /** The most one run rewrites of a table; the rest waits for the next run. */
  static final long MAX_BYTES_PER_RUN = 1L << 30;

  /** The most groups one run rewrites of a table (a backlog of many small days). */
  static final int MAX_GROUPS_PER_RUN = 200;

  private final Table table;
  private final Map<String, String> snapshotProperties;

  /**
   * @param snapshotProperties set on every snapshot this compaction commits, so that a run can tell
   *     its own commits
   */
  Compaction(Table table, Map<String, String> snapshotProperties) {
    this.table = requireNonNull(table, "table is null");
    this.snapshotProperties = Map.copyOf(snapshotProperties);
  }

  /**
   * Rewrites the groups of the files {@code filter} admits; returns how many groups it could not
   * commit because of a conflict.
   */
  int run(Expression filter, long targetFileSizeBytes) {
    table.refresh();
    Snapshot start = table.currentSnapshot();
    if (start == null) {
      return 0;
    }
    List<RewriteFileGroup> groups = plan(start, filter, targetFileSizeBytes);
    if (groups.isEmpty()) {
      return 0;
    }
    RewriteDataFilesCommitManager commits =
        new RewriteDataFilesCommitManager(table, start.snapshotId(), true, snapshotProperties);
    int conflicts = 0;
    for (int from = 0; from < groups.size(); from += GROUPS_PER_COMMIT) {
      Set<RewriteFileGroup> batch =
          new HashSet<>(groups.subList(from, Math.min(groups.size(), from + GROUPS_PER_COMMIT)));
      for (RewriteFileGroup group : batch) {
        group.setOutputFiles(rewrite(group));
      }
      try {
        commits.commitOrClean(batch);
      } catch (ValidationException e) {
        // the files changed since the plan (a replay overwrote the day): this batch is given up
        LOG.info(
            "Compaction of {} gave up {} groups: {}", table.name(), batch.size(), e.getMessage());
        conflicts += batch.size();
      }
    }
    LOG.info(
        "Compacted {}: {} groups from snapshot {}, {} given up on a conflict",
        table.name(),
        groups.size(),
        start.snapshotId(),
        conflicts);
    return conflicts;
  }

  private List<RewriteFileGroup> plan(Snapshot start, Expression filter, long target) {
    BinPackRewriteFilePlanner planner =
        new BinPackRewriteFilePlanner(table, filter, start.snapshotId(), false);
    planner.init(
        Map.of(
            SizeBasedFileRewritePlanner.TARGET_FILE_SIZE_BYTES,
            Long.toString(target),
            // a data file with any delete applying to it is rewritten: its deletes are folded in
            BinPackRewriteFilePlanner.DELETE_FILE_THRESHOLD,
            "1",
            SizeBasedFileRewritePlanner.MAX_FILE_GROUP_SIZE_BYTES,
            Long.toString(MAX_BYTES_PER_RUN)));
    FileRewritePlan<RewriteDataFiles.FileGroupInfo, FileScanTask, DataFile, RewriteFileGroup> plan =
        planner.plan();
    List<RewriteFileGroup> groups = new ArrayList<>();
    long bytes = 0;
    try (CloseableIterable<RewriteFileGroup> planned = plan.groups()) {
      for (RewriteFileGroup group : planned) {
        if (groups.size() < MAX_GROUPS_PER_RUN
            && bytes + group.inputFilesSizeInBytes() <= MAX_BYTES_PER_RUN) {
          groups.add(group);
          bytes += group.inputFilesSizeInBytes();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot plan the compaction of " + table.name(), e);
    }
    return groups;
  }

  /** Reads the group's files with their deletes applied and writes them again, near the target. */
  private Set<DataFile> rewrite(RewriteFileGroup group) {
    boolean rowLineage = TableUtil.supportsRowLineage(table);
    Schema schema =
        rowLineage ? MetadataColumns.schemaWithRowLineage(table.schema()) : table.schema();
    RowDataTaskWriterFactory writers =
        new RowDataTaskWriterFactory(
            () -> table,
            FlinkSchemaUtil.convert(schema),
            group.inputSplitSize(),
            FileFormat.fromString(
                PropertyUtil.propertyAsString(
                    table.properties(),
                    TableProperties.DEFAULT_FILE_FORMAT,
                    TableProperties.DEFAULT_FILE_FORMAT_DEFAULT)),
            table.properties(),
            null,
            false,
            schema,
            table.specs().get(group.outputSpecId()));
    writers.initialize(0, 0);
    TaskWriter<RowData> writer = writers.create();
    RowDataFileScanTaskReader reader =
        new RowDataFileScanTaskReader(
            table.schema(),
            schema,
            table.properties().get(TableProperties.DEFAULT_NAME_MAPPING),
            false,
            List.of());
    try (DataIterator<RowData> rows =
        new DataIterator<>(
            reader,
            new BaseCombinedScanTask(group.fileScanTasks()),
            table.io(),
            table.encryption())) {
      while (rows.hasNext()) {
        writer.write(rows.next());
      }
      return Set.of(writer.dataFiles());
    } catch (IOException
        | RuntimeException e) { // the files written so far go, then it is passed on
      abort(writer, e);
      if (e instanceof IOException io) {
        throw new UncheckedIOException("Cannot rewrite files of " + table.name(), io);
      }
      throw (RuntimeException) e;
    }
  }

  private static void abort(TaskWriter<RowData> writer, Exception cause) {
    try {
      writer.abort();
    } catch (IOException | RuntimeException e) { // the rewrite's own failure is what is reported
      cause.addSuppressed(e);
    }
  }
}
