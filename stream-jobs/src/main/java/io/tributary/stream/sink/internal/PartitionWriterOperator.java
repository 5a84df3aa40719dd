package io.tributary.stream.sink.internal;

import java.util.List;
import java.util.UUID;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.sink.FlinkFileWriterFactory;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.util.PropertyUtil;

/**
 * The writer task: rows in, through a {@link PartitionBuffer}; at each checkpoint (before its
 * barrier passes on) the files finished for it out, to the committer. Holds no state of its own: a
 * restart rewrites what the last completed checkpoint had not committed, from the log.
 */
public final class PartitionWriterOperator extends AbstractStreamOperator<WrittenFiles>
    implements OneInputStreamOperator<RowData, WrittenFiles>, BoundedOneInput {
  private static final long serialVersionUID = 1L;

  private final TableLoader tableLoader;
  private final RowType type;
  private transient TableLoader loader;
  private transient PartitionBuffer buffer;

  public PartitionWriterOperator(TableLoader tableLoader, RowType type) {
    this.tableLoader = tableLoader;
    this.type = type;
  }

  @Override
  public void open() throws Exception {
    super.open();
    // open for the operator's life: the table's file IO may belong to the loader's catalog
    loader = tableLoader.clone();
    loader.open();
    Table table = loader.loadTable();
    FileFormat format =
        FileFormat.fromString(
            PropertyUtil.propertyAsString(
                table.properties(),
                TableProperties.DEFAULT_FILE_FORMAT,
                TableProperties.DEFAULT_FILE_FORMAT_DEFAULT));
    int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    int attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
    buffer =
        new PartitionBuffer(
            table.schema(),
            table.spec(),
            type,
            new FlinkFileWriterFactory.Builder(table)
                .dataFileFormat(format)
                .dataSchema(table.schema())
                .dataFlinkType(type)
                .build(),
            OutputFileFactory.builderFor(table, subtask, attempt)
                .format(format)
                .operationId(UUID.randomUUID().toString())
                .build(),
            table.io(),
            WriteLimits.of(table.properties()));
    getRuntimeContext()
        .getMetricGroup()
        .gauge("filesClosedEarly", () -> buffer == null ? 0L : buffer.filesClosedEarly());
  }

  @Override
  public void processElement(StreamRecord<RowData> element) {
    buffer.add(element.getValue());
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    super.prepareSnapshotPreBarrier(checkpointId);
    emit(checkpointId);
  }

  @Override
  public void endInput() {
    emit(Long.MAX_VALUE);
  }

  private void emit(long checkpointId) {
    List<DataFile> files = buffer.complete();
    output.collect(new StreamRecord<>(WrittenFiles.of(checkpointId, files)));
  }

  @Override
  public void close() throws Exception {
    if (buffer != null) {
      buffer.abort();
    }
    if (loader != null) {
      loader.close();
    }
    super.close();
  }
}
