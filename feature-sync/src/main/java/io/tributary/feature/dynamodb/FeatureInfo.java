package io.tributary.feature.dynamodb;

import io.tributary.feature.aggregate.Aggregation;
import java.time.Duration;
import java.util.Optional;

/**
 * One feature of a group as a reader sees it.
 *
 * @param name its name
 * @param aggregation its aggregation
 * @param column the column or expression it aggregates (none for a plain count)
 * @param window its window; empty for a lifetime feature
 * @param n how many values {@code top_n} keeps (0 otherwise)
 */
public record FeatureInfo(
    String name,
    Aggregation aggregation,
    Optional<String> column,
    Optional<Duration> window,
    int n) {

  /**
   * The JSON type of its value: {@code integer} (counts), {@code number} (sums, averages,
   * extremes), {@code array} (top-N: value and count pairs), {@code string} ({@code last}: the
   * value as text, or a number when its column is numeric, so {@code string|number}; a table
   * group's {@code value} alike).
   */
  public String valueType() {
    return switch (aggregation) {
      case COUNT, COUNT_DISTINCT -> "integer";
      case SUM, AVG, MIN, MAX -> "number";
      case TOP_N -> "array";
      case LAST, VALUE -> "string|number";
    };
  }
}
