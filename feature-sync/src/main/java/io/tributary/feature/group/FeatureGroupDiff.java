package io.tributary.feature.group;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What differs between two declarations of a group, one readable line per difference, for a deploy
 * plan: {@code feature added: orders_1h (count, 1h)}, {@code window of revenue_1h: 1h → 2h}.
 */
public final class FeatureGroupDiff {
  private FeatureGroupDiff() {}

  /**
   * The differences from {@code old} to {@code next}, the group's own fields first, then each
   * feature removed or changed (in {@code old}'s order), each added (in {@code next}'s), and a new
   * order of the features they share; empty when they declare the same thing.
   */
  public static List<String> between(FeatureGroupSpec old, FeatureGroupSpec next) {
    List<String> lines = new ArrayList<>();
    change(lines, "entity", old.entity(), next.entity());
    change(lines, "source", old.source(), next.source());
    change(lines, "filter", old.filter().orElse("(none)"), next.filter().orElse("(none)"));
    change(
        lines,
        "lateness",
        old.lateness().map(FeatureGroupDiff::text).orElse("(the source's)"),
        next.lateness().map(FeatureGroupDiff::text).orElse("(the source's)"));
    change(
        lines,
        "max_age",
        old.maxAge().map(FeatureGroupDiff::text).orElse("(none)"),
        next.maxAge().map(FeatureGroupDiff::text).orElse("(none)"));
    change(lines, "owner", old.owner().orElse("(none)"), next.owner().orElse("(none)"));
    change(
        lines,
        "description",
        old.description().orElse("(none)"),
        next.description().orElse("(none)"));
    Map<String, FeatureSpec> before = byName(old);
    Map<String, FeatureSpec> after = byName(next);
    for (FeatureSpec feature : old.features()) {
      FeatureSpec now = after.get(feature.name());
      if (now == null) {
        lines.add("feature removed: " + feature.name() + " (" + feature.summary() + ")");
        continue;
      }
      String name = feature.name();
      change(
          lines, "agg of " + name, feature.aggregation().yamlName(), now.aggregation().yamlName());
      change(
          lines,
          "column of " + name,
          feature.column().orElse("(none)"),
          now.column().orElse("(none)"));
      change(lines, "n of " + name, feature.n(), now.n());
      change(
          lines,
          "window of " + name,
          feature.window().map(FeatureGroupDiff::text).orElse("lifetime"),
          now.window().map(FeatureGroupDiff::text).orElse("lifetime"));
      change(lines, "granularity of " + name, text(feature.slice()), text(now.slice()));
    }
    for (FeatureSpec feature : next.features()) {
      if (!before.containsKey(feature.name())) {
        lines.add("feature added: " + feature.name() + " (" + feature.summary() + ")");
      }
    }
    // the order places features in the stored items, so a new order is a new generation
    change(
        lines,
        "order of features",
        String.join(", ", kept(old, after)),
        String.join(", ", kept(next, before)));
    return List.copyOf(lines);
  }

  /** Whether the values differ, so that a new generation is built from the log. */
  public static boolean recomputes(FeatureGroupSpec old, FeatureGroupSpec next) {
    return !old.generation().equals(next.generation());
  }

  /** The names of {@code group}'s features that {@code other} has too, in {@code group}'s order. */
  private static List<String> kept(FeatureGroupSpec group, Map<String, FeatureSpec> other) {
    return group.features().stream().map(FeatureSpec::name).filter(other::containsKey).toList();
  }

  private static Map<String, FeatureSpec> byName(FeatureGroupSpec group) {
    Map<String, FeatureSpec> byName = new LinkedHashMap<>();
    group.features().forEach(f -> byName.put(f.name(), f));
    return byName;
  }

  private static void change(List<String> lines, String what, Object old, Object next) {
    if (!Objects.equals(old, next)) {
      lines.add(what + ": " + old + " → " + next);
    }
  }

  private static String text(Duration duration) {
    return duration.isZero() ? "none" : FeatureGroupParser.durationText(duration);
  }
}
