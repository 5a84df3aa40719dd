package io.tributary.feature.dynamodb;

import io.tributary.feature.aggregate.FeatureDefinition;
import java.util.Map;
import java.util.Optional;

/**
 * One stored feature of one entity in one generation of its group: what the job writes and the
 * reader evaluates. Self-describing (it carries its definition), so a reader needs no YAML.
 *
 * @param group the feature group
 * @param generation the group's generation (a hash of what its values depend on)
 * @param entity the entity key ({@link EntityKeys#of})
 * @param definition the feature
 * @param state {@code FeatureState.encode()}
 * @param version deterministic for the key's state: the number of the key's events in the log read
 *     so far (folded or late); a write never replaces a higher version
 * @param newestEventTime newest event time folded in, epoch millis
 * @param position per Kafka partition, the offset of the newest event of the key read from it
 * @param writtenAt when the job wrote it, epoch millis
 * @param expiresAt epoch seconds after which no read can see any of it (DynamoDB TTL), if any
 */
public record FeatureItem(
    String group,
    String generation,
    String entity,
    FeatureDefinition definition,
    byte[] state,
    long version,
    long newestEventTime,
    Map<Integer, Long> position,
    long writtenAt,
    Optional<Long> expiresAt) {}
