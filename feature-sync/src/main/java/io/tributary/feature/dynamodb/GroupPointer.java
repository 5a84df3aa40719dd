package io.tributary.feature.dynamodb;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Which generation of a group reads see, kept in one item per group and switched in one conditional
 * write.
 *
 * @param group the group's name
 * @param active the generation reads use
 * @param next a generation being built beside it, until it has caught up
 * @param features the active generation's feature names, in declared order
 * @param entity the entity's key columns
 * @param maxAge past which a value is {@link FeatureStatus#STALE}
 * @param parts the item each feature is kept in ({@link ItemParts}), in the order of {@code
 *     features}
 */
public record GroupPointer(
    String group,
    String active,
    Optional<String> next,
    List<String> features,
    List<String> entity,
    Optional<Duration> maxAge,
    List<Integer> parts) {
  public GroupPointer {
    features = List.copyOf(features);
    entity = List.copyOf(entity);
    parts = List.copyOf(parts);
    if (parts.size() != features.size()) {
      throw new IllegalArgumentException("One part per feature of group " + group);
    }
  }

  /** The item that holds {@code feature}. */
  public int partOf(String feature) {
    return parts.get(features.indexOf(feature));
  }
}
