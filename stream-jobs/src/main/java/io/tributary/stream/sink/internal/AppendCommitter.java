package io.tributary.stream.sink.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.util.SerializationUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits the writers' files to the table, exactly once, when the checkpoint they were written for
 * completes: one append per completed checkpoint, skipped when nothing was written.
 *
 * <p>Exactly once across restarts: the files of checkpoints not yet committed are part of this
 * operator's state, and every commit records this committer's id and the checkpoint in the
 * snapshot's summary. Restored, it drops what the table shows committed and commits the rest of
 * what the restored checkpoint holds (its completion may have come without the commit). The id is
 * kept in state, so a job restored from a savepoint continues its predecessor's record; a job
 * started without state gets a new id, whose checkpoint numbers start again. This is the scheme of
 * Iceberg's own Flink committer, written here because that class is not public (see {@link
 * PartitionBuffer} for why the platform writes its own files).
 */
public final class AppendCommitter extends AbstractStreamOperator<Void>
    implements OneInputStreamOperator<WrittenFiles, Void>, BoundedOneInput {
  /** Snapshot summary key: the committer that made the snapshot. */
  public static final String COMMITTER = "tributary.committer";

  /** Snapshot summary key: the newest checkpoint whose files the snapshot commits. */
  public static final String CHECKPOINT = "tributary.checkpoint";

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(AppendCommitter.class);

  private final TableLoader tableLoader;
  private transient TableLoader loader;
  private transient Table table;
  private transient String committerId;
  private transient NavigableMap<Long, List<DataFile>> pending;
  private transient ListState<String> idState;
  private transient ListState<byte[]> pendingState;

  public AppendCommitter(TableLoader tableLoader) {
    this.tableLoader = tableLoader;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    // open for the operator's life: the table refreshes through the loader's catalog
    loader = tableLoader.clone();
    loader.open();
    table = loader.loadTable();
    idState =
        context
            .getOperatorStateStore()
            .getListState(
                new ListStateDescriptor<>("committer-id", BasicTypeInfo.STRING_TYPE_INFO));
    pendingState =
        context
            .getOperatorStateStore()
            .getListState(
                new ListStateDescriptor<>(
                    "pending-files", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    pending = new TreeMap<>();
    committerId = null;
    for (String id : idState.get()) {
      committerId = id;
    }
    if (committerId == null) {
      committerId = UUID.randomUUID().toString();
      return;
    }
    for (byte[] bytes : pendingState.get()) {
      WrittenFiles files = SerializationUtil.deserializeFromBytes(bytes);
      pending
          .computeIfAbsent(files.checkpointId(), id -> new ArrayList<>())
          .addAll(files.dataFiles());
    }
    OptionalLong committed = lastCommitted();
    if (committed.isPresent()) {
      pending.headMap(committed.getAsLong(), true).clear();
    }
    OptionalLong restored = context.getRestoredCheckpointId();
    if (restored.isPresent()) {
      commitUpTo(restored.getAsLong());
    }
  }

  @Override
  public void processElement(StreamRecord<WrittenFiles> element) {
    WrittenFiles files = element.getValue();
    pending
        .computeIfAbsent(files.checkpointId(), id -> new ArrayList<>())
        .addAll(files.dataFiles());
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    idState.update(List.of(committerId));
    List<byte[]> state = new ArrayList<>();
    pending.forEach(
        (checkpoint, files) ->
            state.add(SerializationUtil.serializeToBytes(WrittenFiles.of(checkpoint, files))));
    pendingState.update(state);
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) throws Exception {
    super.notifyCheckpointComplete(checkpointId);
    commitUpTo(checkpointId);
  }

  @Override
  public void endInput() {
    commitUpTo(Long.MAX_VALUE);
  }

  private void commitUpTo(long checkpointId) {
    NavigableMap<Long, List<DataFile>> due = pending.headMap(checkpointId, true);
    if (due.isEmpty()) {
      return;
    }
    List<DataFile> files = due.values().stream().flatMap(List::stream).toList();
    if (!files.isEmpty()) {
      table.refresh();
      AppendFiles append = table.newAppend();
      files.forEach(append::appendFile);
      append.set(COMMITTER, committerId);
      append.set(CHECKPOINT, Long.toString(due.lastKey()));
      append.commit();
      LOG.info(
          "Committed {} data files of checkpoint {} to {}", files.size(), due.lastKey(), table);
    }
    due.clear();
  }

  @Override
  public void close() throws Exception {
    if (loader != null) {
      loader.close();
    }
    super.close();
  }

  /** The newest checkpoint this committer's snapshots in the table record, if any is kept. */
  private OptionalLong lastCommitted() {
    table.refresh();
    OptionalLong last = OptionalLong.empty();
    for (Snapshot snapshot : table.snapshots()) {
      if (committerId.equals(snapshot.summary().get(COMMITTER))) {
        long checkpoint = Long.parseLong(snapshot.summary().get(CHECKPOINT));
        if (last.isEmpty() || checkpoint > last.getAsLong()) {
          last = OptionalLong.of(checkpoint);
        }
      }
    }
    return last;
  }
}
