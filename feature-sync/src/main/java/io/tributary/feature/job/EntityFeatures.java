package io.tributary.feature.job;

import io.tributary.feature.aggregate.FeatureDefinition;
import io.tributary.feature.aggregate.FeatureState;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the feature job keeps per entity: each feature's state, the write version (the number of the
 * entity's events read, folded or late, so the same log read gives the same version whoever reads
 * it), the newest event time folded in, and per partition the offset of its newest event read (the
 * log position a value can be recomputed up to). Mutable; one per key in Flink's state.
 */
final class EntityFeatures {
  final FeatureState[] features;
  long version;
  long newestEventTime = Long.MIN_VALUE;
  final Map<Integer, Long> position;
  boolean flushScheduled;

  EntityFeatures(FeatureState[] features, Map<Integer, Long> position) {
    this.features = features;
    this.position = position;
  }

  static EntityFeatures empty(List<FeatureDefinition> definitions) {
    FeatureState[] features = new FeatureState[definitions.size()];
    for (int i = 0; i < features.length; i++) {
      features[i] = FeatureState.empty(definitions.get(i));
    }
    return new EntityFeatures(features, new TreeMap<>());
  }

  /** Records that the entity's event at {@code offset} of {@code partition} was read. */
  void read(int partition, long offset) {
    version++;
    position.merge(partition, offset, Math::max);
  }

  EntityFeatures copy() {
    FeatureState[] copies = new FeatureState[features.length];
    for (int i = 0; i < copies.length; i++) {
      copies[i] = features[i].copy();
    }
    EntityFeatures copy = new EntityFeatures(copies, new TreeMap<>(position));
    copy.version = version;
    copy.newestEventTime = newestEventTime;
    copy.flushScheduled = flushScheduled;
    return copy;
  }
}
