package io.tributary.feature.verify;

import io.tributary.feature.aggregate.Aggregation;
import io.tributary.feature.aggregate.FeatureDefinition;
import io.tributary.feature.aggregate.FeatureState;
import io.tributary.feature.dynamodb.FeatureItem;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compares an entity's stored items with those recomputed from the log: its version (the number of
 * its events read) exactly, and each feature's value at the entity's newest event time: exact
 * aggregations exactly, {@code count_distinct} within three standard errors of its sketch (1.6 % at
 * 2^12 buckets, 3.3 % at 2^10; docs/features.md), {@code top_n} as the same list.
 */
public final class FeatureComparison {
  private FeatureComparison() {}

  /** The differences between {@code stored} and {@code recomputed}; empty when they match. */
  public static List<VerifyReport.Mismatch> compare(
      String entity, List<FeatureItem> stored, List<FeatureItem> recomputed) {
    List<VerifyReport.Mismatch> mismatches = new ArrayList<>();
    if (stored.isEmpty()) {
      return mismatches;
    }
    FeatureItem first = stored.get(0);
    Instant at = Instant.ofEpochMilli(first.newestEventTime());
    Map<Integer, Long> position = first.position();
    if (recomputed.isEmpty()) {
      mismatches.add(
          new VerifyReport.Mismatch(
              entity, "version", Long.toString(first.version()), "no event", at, position));
      return mismatches;
    }
    long version = recomputed.get(0).version();
    if (version != first.version()) {
      mismatches.add(
          new VerifyReport.Mismatch(
              entity,
              "version",
              Long.toString(first.version()),
              Long.toString(version),
              at,
              position));
    }
    Map<String, Object> mine = values(stored, at);
    Map<String, Object> theirs = values(recomputed, at);
    Map<String, FeatureDefinition> definitions = definitions(stored);
    for (Map.Entry<String, Object> value : mine.entrySet()) {
      String feature = value.getKey();
      Object other = theirs.get(feature);
      if (!same(definitions.get(feature), value.getValue(), other)) {
        mismatches.add(
            new VerifyReport.Mismatch(
                entity, feature, text(value.getValue()), text(other), at, position));
      }
    }
    return mismatches;
  }

  private static Map<String, Object> values(List<FeatureItem> items, Instant at) {
    Map<String, Object> values = new HashMap<>();
    for (FeatureItem item : items) {
      for (int i = 0; i < item.definitions().size(); i++) {
        FeatureDefinition definition = item.definitions().get(i);
        values.put(
            definition.name(),
            FeatureState.decode(definition, item.states().get(i)).valueAt(at.toEpochMilli()));
      }
    }
    return values;
  }

  private static Map<String, FeatureDefinition> definitions(List<FeatureItem> items) {
    Map<String, FeatureDefinition> definitions = new HashMap<>();
    items.forEach(item -> item.definitions().forEach(d -> definitions.put(d.name(), d)));
    return definitions;
  }

  static boolean same(FeatureDefinition definition, Object stored, Object recomputed) {
    if (stored == null || recomputed == null) {
      return stored == recomputed;
    }
    if (definition.aggregation() == Aggregation.COUNT_DISTINCT) {
      // HLL_4 with 2^12 buckets up to 120 slices per window, 2^10 beyond (docs/features.md)
      double error = definition.slices() <= 120 ? 0.0163 : 0.0325;
      double a = ((Number) stored).doubleValue();
      double b = ((Number) recomputed).doubleValue();
      return Math.abs(a - b) <= Math.max(1, 3 * error * Math.max(a, b));
    }
    if (stored instanceof BigDecimal a && recomputed instanceof BigDecimal b) {
      return a.compareTo(b) == 0;
    }
    return stored.equals(recomputed);
  }

  private static String text(Object value) {
    return Optional.ofNullable(value)
        .map(v -> v instanceof BigDecimal decimal ? decimal.toPlainString() : v.toString())
        .orElse("null");
  }
}
