package io.tributary.feature.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a deploy plan shows for a changed group, and when the change means a new generation built
 * from the log beside the old one.
 */
class FeatureGroupDiffTest {
  private static final String GROUP =
      """
      name: restaurant_activity
      owner: growth
      entity: restaurant_id
      source: orders
      filter: amount > 0
      features:
        - {name: orders_10m, agg: count, window: 10m}
        - {name: revenue_1h, agg: sum, column: amount, window: 1h}
        - {name: last_dish, agg: last, column: dish}
      """;

  @TempDir Path dir;

  @Test
  void theSameDeclarationAlwaysHasTheSameGeneration() throws IOException {
    FeatureGroupSpec group = parse(GROUP);
    assertThat(parse(GROUP).generation()).isEqualTo(group.generation());
    // Pinned: a generation is stored with the group's items, so a change to how it is computed
    // rebuilds every deployed group from the log on the next deploy. Change it knowingly.
    assertThat(group.generation()).isEqualTo("49001c22");
  }

  @Test
  void whatTheDataMapSaysChangesNoValue() throws IOException {
    FeatureGroupSpec old = parse(GROUP);
    FeatureGroupSpec next =
        parse(
            GROUP.replace(
                "owner: growth", "owner: ops\ndescription: orders per restaurant\nmax_age: 1d"));
    assertThat(FeatureGroupDiff.between(old, next))
        .containsExactly(
            "max_age: (none) → 1d",
            "owner: growth → ops",
            "description: (none) → orders per restaurant");
    assertThat(FeatureGroupDiff.recomputes(old, next)).isFalse();
  }

  @Test
  void aFeatureAddedRemovedOrChangedIsANewGeneration() throws IOException {
    FeatureGroupSpec old = parse(GROUP);
    FeatureGroupSpec next =
        parse(
            GROUP
                    .replace("filter: amount > 0", "filter: amount > 1")
                    .replace("column: amount, window: 1h", "column: amount, window: 2h")
                    .replace("  - {name: last_dish, agg: last, column: dish}\n", "")
                + "  - {name: top_dishes_1d, agg: top_n, column: dish, n: 3, window: 1d}\n");
    assertThat(FeatureGroupDiff.between(old, next))
        .containsExactly(
            "filter: amount > 0 → amount > 1",
            "window of revenue_1h: 1h → 2h",
            "granularity of revenue_1h: 1m → 2m",
            "feature removed: last_dish (last of dish, lifetime)",
            "feature added: top_dishes_1d (top_n 3 of dish, 1d)");
    assertThat(FeatureGroupDiff.recomputes(old, next)).isTrue();
  }

  @Test
  void aNewOrderOfTheFeaturesIsShownSinceItIsANewGeneration() throws IOException {
    FeatureGroupSpec old = parse(GROUP);
    FeatureGroupSpec next =
        parse(
            GROUP.replace("  - {name: orders_10m, agg: count, window: 10m}\n", "")
                + "  - {name: orders_10m, agg: count, window: 10m}\n");
    assertThat(FeatureGroupDiff.between(old, next))
        .containsExactly(
            "order of features: orders_10m, revenue_1h, last_dish → revenue_1h, last_dish,"
                + " orders_10m");
    assertThat(FeatureGroupDiff.recomputes(old, next)).isTrue();
  }

  @Test
  void declaringTheDerivedGranularityChangesNothing() throws IOException {
    FeatureGroupSpec old = parse(GROUP);
    FeatureGroupSpec next = parse(GROUP.replace("window: 10m}", "window: 10m, granularity: 10s}"));
    assertThat(FeatureGroupDiff.between(old, next)).isEmpty();
    assertThat(next.generation()).isEqualTo(old.generation());
  }

  private FeatureGroupSpec parse(String yaml) throws IOException {
    return FeatureGroupParser.parse(
        Files.writeString(dir.resolve("g" + System.nanoTime() + ".yaml"), yaml));
  }
}
