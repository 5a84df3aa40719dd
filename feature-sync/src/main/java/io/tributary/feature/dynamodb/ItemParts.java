package io.tributary.feature.dynamodb;

import io.tributary.feature.aggregate.FeatureDefinition;
import io.tributary.feature.aggregate.FeatureState;
import java.util.List;

/**
 * How an entity's features are packed into items: in declared order, as many in one item as fit its
 * budget whatever the events ({@link FeatureState#maxEncodedBytes}), so that most groups write one
 * item per entity (DynamoDB counts a write per item, and a local dynalite's throughput is per
 * request), and none can pass DynamoDB's 400 KB item limit.
 */
public final class ItemParts {
  /** The most one item's states may hold at worst, leaving room for keys and attributes. */
  public static final int MAX_PART_BYTES = 350 * 1024;

  private ItemParts() {}

  /** The part (item) of each feature, by index. */
  public static int[] of(List<FeatureDefinition> definitions) {
    int[] parts = new int[definitions.size()];
    int part = 0;
    long used = 0;
    for (int i = 0; i < parts.length; i++) {
      int size = FeatureState.maxEncodedBytes(definitions.get(i)) + 64;
      if (used > 0 && used + size > MAX_PART_BYTES) {
        part++;
        used = 0;
      }
      parts[i] = part;
      used += size;
    }
    return parts;
  }

  /** The parts as the group's pointer keeps them, one per feature. */
  public static List<Integer> list(List<FeatureDefinition> definitions) {
    return java.util.Arrays.stream(of(definitions)).boxed().toList();
  }
}
