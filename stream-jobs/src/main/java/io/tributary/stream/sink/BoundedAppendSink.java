package io.tributary.stream.sink;

import io.tributary.stream.sink.internal.AppendCommitter;
import io.tributary.stream.sink.internal.PartitionWriterOperator;
import io.tributary.stream.sink.internal.WriteLimits;
import io.tributary.stream.sink.internal.WrittenFiles;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.flink.TableLoader;

/**
 * Appends a stream of rows to a partitioned Iceberg table, exactly once, with writer memory bounded
 * however many partitions one checkpoint's rows fall into: each writer task buffers at most {@code
 * tributary.write.buffer-bytes} of rows (64 MiB) and keeps at most {@code
 * tributary.write.max-open-files} files open (32), both table properties. Files commit when their
 * checkpoint completes, as with Iceberg's {@code FlinkSink}; a checkpoint writes the newest days
 * first and spends at most a quarter of the checkpoint interval on older ones, whose rows wait in
 * the writer's state for the next checkpoint.
 *
 * <pre>{@code
 * BoundedAppendSink.append(rows, lake.tableLoader(id), rowType, parallelism, "bronze");
 * }</pre>
 */
public final class BoundedAppendSink {
  /** Table property: files one writer task keeps open at once. */
  public static final String MAX_OPEN_FILES = WriteLimits.MAX_OPEN_FILES;

  /** Table property: bytes of rows one writer task buffers before writing them out. */
  public static final String BUFFER_BYTES = WriteLimits.BUFFER_BYTES;

  /**
   * The Parquet page size of every table the platform creates ({@code
   * write.parquet.page-size-bytes} and its delete-file twin): Parquet allocates about a page per
   * open file, 2.3 MB per file of bronze at its default of 1 MB, 0.4 MB at 64 KB, with no loss a
   * reader would notice.
   */
  public static final int PAGE_SIZE_BYTES = 64 * 1024;

  private BoundedAppendSink() {}

  /**
   * Adds writers (at {@code parallelism}, fed in place, so no shuffle) and one committer for {@code
   * rows}, whose fields are the table's columns in order, as {@code type} says.
   */
  public static DataStreamSink<Void> append(
      DataStream<RowData> rows,
      TableLoader table,
      RowType type,
      int parallelism,
      String uidPrefix) {
    // a checkpoint spends at most a quarter of its interval on older partitions, so today's rows
    // commit
    // at every checkpoint however much history waits
    long interval = rows.getExecutionEnvironment().getCheckpointConfig().getCheckpointInterval();
    Duration budget =
        interval > 0 ? Duration.ofMillis(interval / 4) : ChronoUnit.FOREVER.getDuration();
    return rows.transform(
            "Write " + uidPrefix,
            TypeInformation.of(WrittenFiles.class),
            new PartitionWriterOperator(table, type, budget))
        .uid(uidPrefix + "-writer")
        .setParallelism(parallelism)
        .transform(
            "Commit " + uidPrefix, TypeInformation.of(Void.class), new AppendCommitter(table))
        .uid(uidPrefix + "-committer")
        .setParallelism(1)
        .setMaxParallelism(1)
        .sinkTo(new DiscardingSink<>())
        .name("End " + uidPrefix)
        .uid(uidPrefix + "-end")
        .setParallelism(1);
  }
}
