package io.tributary.feature.aggregate;

import java.time.Duration;
import java.util.Optional;

/**
 * One feature as the aggregation and the reader see it; the YAML's column expression is already
 * evaluated by the job, so it is not here.
 *
 * @param name the feature's name in its group
 * @param aggregation what it computes
 * @param window how far back a read at t looks; empty for a lifetime feature
 * @param slice the granularity of the window: events are kept as partial aggregates per slice of
 *     this length, aligned to the epoch; the window divided by it is whole. For a lifetime feature,
 *     unused (and equal to {@link #LIFETIME_SLICE})
 * @param n how many values {@code top_n} returns (0 for other aggregations)
 */
public record FeatureDefinition(
    String name, Aggregation aggregation, Optional<Duration> window, Duration slice, int n) {
  public static final Duration LIFETIME_SLICE = Duration.ZERO;
}
