package io.tributary.feature.group;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One feature group as declared in its YAML file.
 *
 * @param name the group's name: {@code [a-z][a-z0-9_]*}
 * @param owner for the data map
 * @param description for the data map
 * @param entity the key columns of the source that identify an entity, in order
 * @param source the source whose valid events it aggregates
 * @param filter a Flink SQL predicate over the source's columns
 * @param features in declared order
 * @param lateness how far behind the watermark an event may be and still count; empty takes the
 *     source's max_out_of_orderness
 * @param maxAge past which a read reports a value STALE
 * @param file the declaration
 */
public record FeatureGroupSpec(
    String name,
    Optional<String> owner,
    Optional<String> description,
    List<String> entity,
    String source,
    Optional<String> filter,
    List<FeatureSpec> features,
    Optional<Duration> lateness,
    Optional<Duration> maxAge,
    Path file) {}
