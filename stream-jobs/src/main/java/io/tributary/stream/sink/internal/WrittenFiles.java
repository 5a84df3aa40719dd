package io.tributary.stream.sink.internal;

import java.io.Serializable;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.util.SerializationUtil;

/**
 * The data files one writer task finished for one checkpoint, on their way to the committer. The
 * files travel as Iceberg's own Java serialization of {@link DataFile} (what its Flink sink sends
 * too), so no Flink type information of Iceberg's classes is needed.
 *
 * @param checkpointId the checkpoint whose completion commits them ({@link Long#MAX_VALUE} at the
 *     end of a bounded input)
 * @param files the serialized {@code List<DataFile>}
 */
public record WrittenFiles(long checkpointId, byte[] files) implements Serializable {
  public static WrittenFiles of(long checkpointId, List<DataFile> files) {
    return new WrittenFiles(checkpointId, SerializationUtil.serializeToBytes(List.copyOf(files)));
  }

  public List<DataFile> dataFiles() {
    return SerializationUtil.deserializeFromBytes(files);
  }
}
