package io.tributary.stream.sink.internal;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer task: rows in, through a {@link PartitionBuffer}; at each checkpoint (before its
 * barrier passes on) the files finished for it out, to the committer. Its state is the rows still
 * buffered for a later checkpoint; what was written but not committed is rewritten from the log
 * after a restart, as the Kafka offsets of the restored checkpoint say.
 */
public final class PartitionWriterOperator extends AbstractStreamOperator<WrittenFiles>
    implements OneInputStreamOperator<RowData, WrittenFiles>, BoundedOneInput {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(PartitionWriterOperator.class);

  private final TableLoader tableLoader;
  private final RowType type;
  private final Duration budget;
  private transient ListState<byte[]> bufferedState;
  private transient List<byte[]> restored;
  private transient TableLoader loader;
  private transient PartitionBuffer buffer;

  /**
   * @param budget how long a checkpoint may spend writing buffered partitions beyond the newest
   *     one; the rest wait for the next checkpoint
   */
  public PartitionWriterOperator(TableLoader tableLoader, RowType type, Duration budget) {
    this.tableLoader = tableLoader;
    this.type = type;
    this.budget = budget;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    bufferedState =
        context
            .getOperatorStateStore()
            .getListState(
                new ListStateDescriptor<>(
                    "buffered-rows", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    restored = new ArrayList<>();
    bufferedState.get().forEach(restored::add);
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    bufferedState.update(buffer.bufferedRows());
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
    buffer.restore(restored);
    restored = null;
    getRuntimeContext()
        .getMetricGroup()
        .gauge("filesClosedEarly", () -> buffer == null ? 0L : buffer.filesClosedEarly());
    getRuntimeContext()
        .getMetricGroup()
        .gauge("bufferedRows", () -> buffer == null ? 0L : buffer.bufferedRowCount());
  }

  @Override
  public void processElement(StreamRecord<RowData> element) {
    buffer.add(element.getValue());
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    super.prepareSnapshotPreBarrier(checkpointId);
    emit(checkpointId, budget);
  }

  @Override
  public void endInput() {
    emit(Long.MAX_VALUE, ChronoUnit.FOREVER.getDuration());
  }

  private void emit(long checkpointId, Duration budget) {
    List<DataFile> files = buffer.complete(budget);
    long waiting = buffer.bufferedRowCount();
    if (waiting > 0) {
      LOG.info(
          "Wrote {} data files for checkpoint {}; {} older rows wait for the next checkpoint",
          files.size(),
          checkpointId,
          waiting);
    }
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
