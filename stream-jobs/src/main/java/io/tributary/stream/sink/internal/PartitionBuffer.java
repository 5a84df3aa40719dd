package io.tributary.stream.sink.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.binary.BinaryRowData;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.flink.RowDataWrapper;
import org.apache.iceberg.io.DataWriteResult;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileWriterFactory;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.io.RollingDataWriter;

/**
 * Writes rows into data files of their partitions with bounded memory, whatever the number of
 * partitions between two checkpoints.
 *
 * <p>Why not Iceberg's own writer: its Flink task writer keeps one open file per partition until
 * the next checkpoint (a fan-out writer), and an open Parquet file holds its column buffers (about
 * 0.4 MB with 64 KB pages, 2.3 MB with Parquet's default 1 MB pages). A file of history whose rows
 * fall into 3,000 days opens 3,000 files in one checkpoint. Its writer cannot be capped from
 * outside (the task writer factory is not a parameter of {@code FlinkSink}), so this class does the
 * writing and {@code AppendCommitter} the committing.
 *
 * <p>The rule: rows are copied into a buffer grouped by partition (at most {@code bufferBytes});
 * when the buffer is full, and at every checkpoint, each partition's rows go into its open file,
 * and at most {@code maxOpenFiles} files stay open: opening one more closes the one written least
 * recently, which then becomes a finished data file of this checkpoint. A live stream writes one or
 * two partitions and so keeps one file each per checkpoint, as before; a history file makes about
 * one file per partition per buffer's worth of rows, which maintenance compacts later.
 */
public final class PartitionBuffer {
  /** What one buffered row costs beyond its bytes: the object, its segment, the list slot. */
  private static final int ROW_OVERHEAD = 64;

  private final PartitionSpec spec;
  private final FileWriterFactory<RowData> files;
  private final OutputFileFactory outputs;
  private final FileIO io;
  private final long targetFileSize;
  private final int maxOpenFiles;
  private final long bufferBytes;
  private final RowDataSerializer serializer;
  private final RowDataWrapper wrapper;
  private final PartitionKey key;

  private final Map<PartitionKey, List<RowData>> buffered = new HashMap<>();
  private long bufferedBytes;
  private final LinkedHashMap<PartitionKey, RollingDataWriter<RowData>> open =
      new LinkedHashMap<>(16, 0.75f, true);
  private final List<DataFile> finished = new ArrayList<>();
  private long closedEarly;

  public PartitionBuffer(
      Schema schema,
      PartitionSpec spec,
      RowType type,
      FileWriterFactory<RowData> files,
      OutputFileFactory outputs,
      FileIO io,
      WriteLimits limits) {
    this.spec = spec;
    this.files = files;
    this.outputs = outputs;
    this.io = io;
    this.targetFileSize = limits.targetFileSize();
    this.maxOpenFiles = limits.maxOpenFiles();
    this.bufferBytes = limits.bufferBytes();
    this.serializer = new RowDataSerializer(type);
    this.wrapper = new RowDataWrapper(type, schema.asStruct());
    this.key = new PartitionKey(spec, schema);
  }

  /**
   * Buffers a copy of {@code row} (the caller may reuse it); writes out when the buffer is full.
   */
  public void add(RowData row) {
    key.partition(wrapper.wrap(row));
    List<RowData> rows = buffered.get(key);
    if (rows == null) {
      rows = new ArrayList<>();
      buffered.put(key.copy(), rows);
    }
    BinaryRowData copy = serializer.toBinaryRow(row).copy();
    rows.add(copy);
    bufferedBytes += copy.getSizeInBytes() + ROW_OVERHEAD;
    if (bufferedBytes >= bufferBytes) {
      writeBuffered();
    }
  }

  /**
   * Writes what is buffered, newest partitions first, until {@code budget} is spent (at least the
   * newest partition is written), closes every open file and returns the data files finished since
   * the last call: what the checkpoint being taken commits. What was not written stays buffered.
   */
  public List<DataFile> complete(Duration budget) {
    long deadline =
        System.nanoTime()
            + (budget.compareTo(Duration.ofDays(1)) > 0 ? Long.MAX_VALUE / 4 : budget.toNanos());
    List<PartitionKey> newestFirst = new ArrayList<>(buffered.keySet());
    newestFirst.sort(NEWEST_FIRST);
    boolean first = true;
    for (PartitionKey partition : newestFirst) {
      if (!first && System.nanoTime() > deadline) {
        break;
      }
      write(partition);
      first = false;
    }
    for (RollingDataWriter<RowData> writer : open.values()) {
      finished.addAll(close(writer));
    }
    open.clear();
    List<DataFile> result = List.copyOf(finished);
    finished.clear();
    return result;
  }

  /** Files closed before their checkpoint because more than the cap were open, since the start. */
  public long filesClosedEarly() {
    return closedEarly;
  }

  /** Closes what is open without returning it (the files stay uncommitted, as orphans). */
  public void abort() {
    for (RollingDataWriter<RowData> writer : open.values()) {
      close(writer);
    }
    open.clear();
    buffered.clear();
    bufferedBytes = 0;
  }

  /** Rows buffered and not yet written, across every partition. */
  public long bufferedRowCount() {
    return buffered.values().stream().mapToLong(List::size).sum();
  }

  /** The buffered rows, for the writer's state: one serialized run of rows per partition. */
  public List<byte[]> bufferedRows() throws IOException {
    List<byte[]> runs = new ArrayList<>();
    for (List<RowData> rows : buffered.values()) {
      DataOutputSerializer out = new DataOutputSerializer(4096);
      out.writeInt(rows.size());
      for (RowData row : rows) {
        serializer.serialize(row, out);
      }
      runs.add(out.getCopyOfBuffer());
    }
    return runs;
  }

  /** Takes back rows {@link #bufferedRows()} gave, after a restart. */
  public void restore(Iterable<byte[]> runs) throws IOException {
    for (byte[] run : runs) {
      DataInputDeserializer in = new DataInputDeserializer(run);
      int count = in.readInt();
      for (int i = 0; i < count; i++) {
        add(serializer.deserialize(in));
      }
    }
  }

  /** The buffer is full: write the partitions with the most rows until half of it is free. */
  private void writeBuffered() {
    List<PartitionKey> largestFirst = new ArrayList<>(buffered.keySet());
    largestFirst.sort(
        Comparator.comparingInt((PartitionKey p) -> buffered.get(p).size()).reversed());
    for (PartitionKey partition : largestFirst) {
      if (bufferedBytes <= bufferBytes / 2) {
        return;
      }
      write(partition);
    }
  }

  private void write(PartitionKey partition) {
    List<RowData> rows = buffered.remove(partition);
    RollingDataWriter<RowData> writer = writerOf(partition);
    for (RowData row : rows) {
      writer.write(row);
      bufferedBytes -= ((BinaryRowData) row).getSizeInBytes() + ROW_OVERHEAD;
    }
  }

  /**
   * Newest partition first, by the first partition value (the day, for every table the platform
   * writes) in its natural order; values that do not compare keep no particular order.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static final Comparator<PartitionKey> NEWEST_FIRST =
      (a, b) -> {
        if (a.size() == 0 || b.size() == 0) {
          return 0;
        }
        Object x = a.get(0, Object.class);
        Object y = b.get(0, Object.class);
        if (x instanceof Comparable cx && y != null && x.getClass() == y.getClass()) {
          return cx.compareTo(y) * -1;
        }
        return x == null ? 1 : y == null ? -1 : 0;
      };

  private RollingDataWriter<RowData> writerOf(PartitionKey partition) {
    RollingDataWriter<RowData> writer = open.get(partition);
    if (writer != null) {
      return writer;
    }
    Iterator<RollingDataWriter<RowData>> leastRecent = open.values().iterator();
    while (open.size() >= maxOpenFiles) {
      finished.addAll(close(leastRecent.next()));
      leastRecent.remove();
      closedEarly++;
    }
    writer = new RollingDataWriter<>(files, outputs, io, targetFileSize, spec, partition);
    open.put(partition, writer);
    return writer;
  }

  private static List<DataFile> close(RollingDataWriter<RowData> writer) {
    try {
      writer.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not close data file " + writer.currentFilePath(), e);
    }
    DataWriteResult result = writer.result();
    return result.dataFiles();
  }
}
