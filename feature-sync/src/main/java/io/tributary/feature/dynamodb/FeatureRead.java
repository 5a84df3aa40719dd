package io.tributary.feature.dynamodb;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One feature of one entity as read at a time t.
 *
 * @param entity the entity key
 * @param feature the feature's name
 * @param value Long, BigDecimal, String, List of TopValue, or null (no value, or NOT_FOUND)
 * @param status what the read found
 * @param newestEventTime the newest event time the value reflects
 * @param position the log position (offset per partition) it was computed up to
 * @param version the write version
 * @param writtenAt when the job wrote the value
 */
public record FeatureRead(
    String entity,
    String feature,
    Object value,
    FeatureStatus status,
    Optional<Instant> newestEventTime,
    Map<Integer, Long> position,
    long version,
    Optional<Instant> writtenAt) {}
