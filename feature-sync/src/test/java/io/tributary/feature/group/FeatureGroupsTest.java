package io.tributary.feature.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.feature.aggregate.Aggregation;
import io.tributary.stream.declaration.DeclarationException;
import io.tributary.stream.source.Sources;
import io.tributary.stream.testkit.Examples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feature group declarations: the examples load, the generation follows what values depend on, and
 * every mistake stops the load naming the file, its line and the field.
 */
class FeatureGroupsTest {
  private static final Sources SOURCES = Examples.sources();
  private static final String HEAD = GroupFiles.HEAD;

  @TempDir Path dir;

  @Test
  void theExampleGroupsLoadAndPlan() {
    FeatureGroups groups = FeatureGroups.load(List.of(Path.of("../examples/features")), SOURCES);
    assertThat(groups.all())
        .extracting(FeatureGroupSpec::name)
        .containsExactly("restaurant_activity", "user_activity");
    assertThat(groups.tables())
        .extracting(TableGroupSpec::name, TableGroupSpec::from)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("restaurant_daily", "lake.gold.daily_revenue"));
    FeatureGroupSpec restaurants = groups.get("restaurant_activity");
    assertThat(restaurants.features()).hasSize(8);
    assertThat(restaurants.features().get(5).aggregation()).isEqualTo(Aggregation.TOP_N);
    assertThat(restaurants.definitions().get(1).slice()).hasMinutes(1);
    // eight features, written as two items per entity whatever the events
    assertThat(io.tributary.feature.dynamodb.ItemParts.of(restaurants.definitions()))
        .containsExactly(0, 0, 0, 0, 0, 1, 1, 1);
    FeatureQuery query = FeatureQuery.of(restaurants, SOURCES.get("orders"), "`src`.`orders`");
    assertThat(query.sql()).contains("WHERE (amount > 0\n)").contains("(amount\n) AS `f1`");
    assertThat(query.valueIndex(0)).isEmpty();
    assertThat(query.valueIndex(1)).hasValue(4);
    assertThat(query.eventTimeIndex()).isEqualTo(1);
  }

  @Test
  void theGenerationFollowsTheValuesNotTheDataMap() throws IOException {
    FeatureGroupSpec base = load(HEAD);
    FeatureGroupSpec described = load("description: now described\n" + HEAD);
    FeatureGroupSpec added = load(HEAD + "  - {name: orders_1h, agg: count, window: 1h}\n");
    assertThat(described.generation()).isEqualTo(base.generation());
    assertThat(added.generation()).isNotEqualTo(base.generation()).hasSize(8);
    assertThat(FeatureGroupDiff.between(base, added))
        .containsExactly("feature added: orders_1h (count, 1h)");
    assertThat(FeatureGroupDiff.between(base, described))
        .containsExactly("description: (none) → now described");
    assertThat(FeatureGroupDiff.recomputes(base, described)).isFalse();
  }

  @Test
  void aBadAggregationNamesItsFieldAndTheValidOnes() throws IOException {
    DeclarationException e =
        refused(HEAD + "  - {name: revenue, agg: total, column: amount, window: 1h}\n");
    assertThat(e.line()).hasValue(6);
    assertThat(e.field()).isEqualTo("features[1].agg");
    assertThat(e.getMessage()).contains("'total' is not an aggregation").contains("count_distinct");
  }

  @Test
  void anUnknownColumnIsTheSqlPlannersWordsAtItsField() throws IOException {
    DeclarationException e =
        refused(HEAD + "  - {name: revenue, agg: sum, column: amont, window: 1h}\n");
    assertThat(e.field()).isEqualTo("features[1].column");
    assertThat(e.line()).hasValue(6);
    assertThat(e.getMessage()).contains("amont");
  }

  @Test
  void anUnknownColumnInTheFilterAndEntityAreRefused() throws IOException {
    DeclarationException filter = refused("filter: amount > tip\n" + HEAD);
    assertThat(filter.field()).isEqualTo("filter");
    assertThat(filter.line()).hasValue(1);
    assertThat(filter.getMessage()).contains("tip");
    DeclarationException entity = refused(HEAD.replace("entity: restaurant_id", "entity: shop_id"));
    assertThat(entity.field()).isEqualTo("entity");
    assertThat(entity.getMessage()).contains("shop_id").contains("restaurant_id");
  }

  @Test
  void aSumOfTextAndANonBooleanFilterAreRefused() throws IOException {
    DeclarationException sum = refused(HEAD + "  - {name: dishes, agg: sum, column: dish}\n");
    assertThat(sum.field()).isEqualTo("features[1].column");
    assertThat(sum.getMessage()).contains("needs a number");
    DeclarationException filter = refused("filter: amount + 1\n" + HEAD);
    assertThat(filter.getMessage()).contains("not a BOOLEAN");
  }

  @Test
  void aBadWindowIsRefused() throws IOException {
    DeclarationException unparsable =
        refused(HEAD + "  - {name: orders_x, agg: count, window: soon}\n");
    assertThat(unparsable.field()).isEqualTo("features[1].window");
    assertThat(unparsable.line()).hasValue(6);
    assertThat(unparsable.getMessage()).contains("not a duration");
    DeclarationException tooLong =
        refused(HEAD + "  - {name: orders_90d, agg: count, window: 90d}\n");
    assertThat(tooLong.getMessage()).contains("outside 1m..30d");
    DeclarationException granularity =
        refused(HEAD + "  - {name: orders_1h, agg: count, window: 1h, granularity: 7m}\n");
    assertThat(granularity.field()).isEqualTo("features[1].granularity");
    assertThat(granularity.getMessage()).contains("does not divide");
  }

  @Test
  void aDuplicateFeatureNameIsRefused() throws IOException {
    DeclarationException e = refused(HEAD + "  - {name: orders_10m, agg: count, window: 1h}\n");
    assertThat(e.field()).isEqualTo("features[1].name");
    assertThat(e.line()).hasValue(6);
    assertThat(e.getMessage()).contains("declared twice");
  }

  @Test
  void topNNeedsItsNAndAnUnknownSourceIsNamed() throws IOException {
    DeclarationException n = refused(HEAD + "  - {name: top, agg: top_n, column: dish}\n");
    assertThat(n.field()).isEqualTo("features[1].n");
    DeclarationException source = refused(HEAD.replace("source: orders", "source: payments"));
    assertThat(source.field()).isEqualTo("source");
    assertThat(source.getMessage()).contains("payments").contains("orders");
    DeclarationException unknown = refused("colour: blue\n" + HEAD);
    assertThat(unknown.getMessage()).contains("unknown field 'colour'");
  }

  private FeatureGroupSpec load(String yaml) throws IOException {
    Path file = Files.writeString(dir.resolve("group-" + System.nanoTime() + ".yaml"), yaml);
    return FeatureGroupParser.parse(file);
  }

  private DeclarationException refused(String yaml) throws IOException {
    return GroupFiles.refused(dir, SOURCES, yaml);
  }
}
