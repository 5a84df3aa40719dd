package io.tributary.feature.group;

import io.tributary.feature.aggregate.Aggregation;
import io.tributary.feature.aggregate.FeatureDefinition;
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
 * @param granularity the slice length; empty derives it from the window (see {@link #slice()})
 * @param line the line of the feature in its file, for errors found later
 */
public record FeatureSpec(
    String name,
    Aggregation aggregation,
    Optional<String> column,
    int n,
    Optional<Duration> window,
    Optional<Duration> granularity,
    int line) {

  /** The slice length: the declared granularity, else a sixtieth of the window. */
  public Duration slice() {
    return window
        .map(w -> granularity.orElseGet(() -> FeatureDefinition.defaultSlice(w)))
        .orElse(FeatureDefinition.LIFETIME_SLICE);
  }

  /** The feature as the aggregation and the reader see it. */
  public FeatureDefinition definition() {
    return new FeatureDefinition(name, aggregation, window, slice(), n);
  }

  /** {@code count, 10m} or {@code top_n 3 of dish, lifetime}: for plans and banners. */
  public String summary() {
    return aggregation.yamlName()
        + (aggregation == Aggregation.TOP_N ? " " + n : "")
        + column.map(c -> " of " + c).orElse("")
        + ", "
        + window.map(FeatureGroupParser::durationText).orElse("lifetime");
  }
}
