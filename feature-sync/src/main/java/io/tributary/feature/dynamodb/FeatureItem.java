package io.tributary.feature.dynamodb;

import io.tributary.feature.aggregate.FeatureDefinition;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One stored part of an entity's features in one generation of its group ({@link ItemParts}: most
 * groups have one): what the job writes and the reader evaluates. Self-describing (it carries its
 * features' definitions), so a reader needs no YAML.
 *
 * @param group the feature group
 * @param generation the group's generation (a hash of what its values depend on)
 * @param entity the entity key ({@link EntityKeys#of})
 * @param part which of the entity's items this is
 * @param definitions the features it holds
 * @param states each one's {@code FeatureState.encode()}, in the same order
 * @param version deterministic for the key's state: the number of the key's events in the log read
 *     so far (on time or late); a write never replaces a higher version
 * @param newestEventTime newest event time folded in, epoch millis
 * @param position per Kafka partition, the offset of the newest event of the key read from it
 * @param writtenAt when the job wrote it, epoch millis
 * @param expiresAt epoch seconds after which no read can see any of it (DynamoDB TTL), if any
 */
public record FeatureItem(
    String group,
    String generation,
    String entity,
    int part,
    List<FeatureDefinition> definitions,
    List<byte[]> states,
    long version,
    long newestEventTime,
    Map<Integer, Long> position,
    long writtenAt,
    Optional<Long> expiresAt) {
  public FeatureItem {
    definitions = List.copyOf(definitions);
    states = List.copyOf(states);
    if (definitions.size() != states.size()) {
      throw new IllegalArgumentException(
          "One state per feature: "
              + definitions.size()
              + " features, "
              + states.size()
              + " states");
    }
  }
}
