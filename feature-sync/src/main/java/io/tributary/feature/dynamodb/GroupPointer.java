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
 */
public record GroupPointer(
    String group,
    String active,
    Optional<String> next,
    List<String> features,
    List<String> entity,
    Optional<Duration> maxAge) {}
