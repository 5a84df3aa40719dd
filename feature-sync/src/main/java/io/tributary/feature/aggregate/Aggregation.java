package io.tributary.feature.aggregate;

import java.util.Locale;
import java.util.Optional;

/** What a feature computes over its window's events. */
public enum Aggregation {
  /** The number of events (or of non-null values of its column). */
  COUNT,
  SUM,
  AVG,
  MIN,
  MAX,
  /** The number of distinct non-null values: a HyperLogLog sketch (see docs/features.md). */
  COUNT_DISTINCT,
  /** The n most frequent non-null values with their counts: a frequent-items sketch. */
  TOP_N,
  /** The non-null value of the newest event by event time. */
  LAST,
  /**
   * A table group's column: the value of the row a sync serves, kept whole (texts up to 4 KB), no
   * window. Not for a stream group's features.
   */
  VALUE;

  /** The name a feature group's YAML uses: {@code count_distinct}. */
  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Aggregation> fromYaml(String name) {
    for (Aggregation aggregation : values()) {
      if (aggregation.yamlName().equals(name)) {
        return Optional.of(aggregation);
      }
    }
    return Optional.empty();
  }

  /** Whether the aggregation needs a {@code column} (every one but {@link #COUNT}). */
  public boolean needsColumn() {
    return this != COUNT;
  }

  /** Whether its column must be numeric. */
  public boolean numeric() {
    return this == SUM || this == AVG || this == MIN || this == MAX;
  }
}
