package io.tributary.feature.job;

import io.tributary.feature.aggregate.FeatureDefinition;
import io.tributary.feature.aggregate.FeatureState;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes an entity's features to checkpoints and savepoints in the aggregation core's own encoding,
 * each preceded by its definition, so the serializer needs no configuration and a state restores
 * without the group's YAML. Written by hand because the state holds sketches, which no Flink
 * serializer knows; on the heap backend it runs only at checkpoints.
 */
public final class EntityFeaturesSerializer extends TypeSerializerSingleton<EntityFeatures> {
  private static final long serialVersionUID = 1L;
  private static final int FORMAT = 1;

  static final EntityFeaturesSerializer INSTANCE = new EntityFeaturesSerializer();

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public EntityFeatures createInstance() {
    return new EntityFeatures(new FeatureState[0], new TreeMap<>());
  }

  @Override
  public EntityFeatures copy(EntityFeatures from) {
    return from.copy();
  }

  @Override
  public EntityFeatures copy(EntityFeatures from, EntityFeatures reuse) {
    return from.copy();
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(EntityFeatures record, DataOutputView target) throws IOException {
    target.writeByte(FORMAT);
    target.writeLong(record.version);
    target.writeLong(record.newestEventTime);
    target.writeBoolean(record.flushScheduled);
    target.writeInt(record.position.size());
    for (Map.Entry<Integer, Long> entry : record.position.entrySet()) {
      target.writeInt(entry.getKey());
      target.writeLong(entry.getValue());
    }
    target.writeInt(record.features.length);
    for (FeatureState feature : record.features) {
      feature.definition().writeTo(target);
      byte[] bytes = feature.encode();
      target.writeInt(bytes.length);
      target.write(bytes);
    }
  }

  @Override
  public EntityFeatures deserialize(DataInputView source) throws IOException {
    int format = source.readByte();
    if (format != FORMAT) {
      throw new IOException("Unknown format " + format + " of a feature job's entity state");
    }
    long version = source.readLong();
    long newest = source.readLong();
    boolean scheduled = source.readBoolean();
    Map<Integer, Long> position = new TreeMap<>();
    int partitions = source.readInt();
    for (int i = 0; i < partitions; i++) {
      position.put(source.readInt(), source.readLong());
    }
    FeatureState[] features = new FeatureState[source.readInt()];
    for (int i = 0; i < features.length; i++) {
      FeatureDefinition definition = FeatureDefinition.readFrom(source);
      byte[] bytes = new byte[source.readInt()];
      source.readFully(bytes);
      features[i] = FeatureState.decode(definition, bytes);
    }
    EntityFeatures record = new EntityFeatures(features, position);
    record.version = version;
    record.newestEventTime = newest;
    record.flushScheduled = scheduled;
    return record;
  }

  @Override
  public EntityFeatures deserialize(EntityFeatures reuse, DataInputView source) throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    serialize(deserialize(source), target);
  }

  @Override
  public TypeSerializerSnapshot<EntityFeatures> snapshotConfiguration() {
    return new Snapshot();
  }

  /** The serializer's snapshot: it has no configuration, so any snapshot restores it. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<EntityFeatures> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
