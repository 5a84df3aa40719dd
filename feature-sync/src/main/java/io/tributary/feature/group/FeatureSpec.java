package io.tributary.feature.group;

import io.tributary.feature.aggregate.Aggregation;
import java.time.Duration;
import java.util.Optional;

/**
 * One feature as declared: {@code {name: revenue_1h, agg: sum, column: amount, window: 1h}}.
 *
 * @param name unique in its group
 * @param aggregation what it computes
 * @param column a Flink SQL expression over the source's columns; empty for {@code count} of events
 * @param n how many values {@code top_n} returns; 0 otherwise
 * @param window 1 minute to 30 days; empty for a lifetime feature
 * @param granularity the slice length; empty derives it from the window (see {@code slice()})
 * @param line the line of the feature in its file, for errors found later
 */
public record FeatureSpec(
    String name,
    Aggregation aggregation,
    Optional<String> column,
    int n,
    Optional<Duration> window,
    Optional<Duration> granularity,
    int line) {}
