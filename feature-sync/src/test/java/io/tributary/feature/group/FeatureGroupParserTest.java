package io.tributary.feature.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tributary.feature.aggregate.Aggregation;
import io.tributary.feature.aggregate.FeatureDefinition;
import io.tributary.stream.declaration.DeclarationException;
import io.tributary.stream.testkit.Examples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a group's file may say on its own, before any source is consulted: every rule of a field
 * stops the reading with the file, the line and the field's path.
 */
class FeatureGroupParserTest {
  private static final String HEAD = GroupFiles.HEAD;

  @TempDir Path dir;

  @Test
  void aGroupReadsWithItsDefaults() throws IOException {
    FeatureGroupSpec group =
        parse(
            """
            name: busy_pairs
            entity: [restaurant_id, customer_id]
            source: orders
            features:
              - {name: orders_1h, agg: count, window: 1h}
              - {name: orders_1d, agg: count, window: 1d, granularity: 1h}
              - {name: top_dishes, agg: top_n, column: dish, n: 3}
            """);
    assertThat(group.entity()).containsExactly("restaurant_id", "customer_id");
    assertThat(group.filter()).isEmpty();
    assertThat(group.owner()).isEmpty();
    assertThat(group.maxAge()).isEmpty();
    assertThat(group.lateness(Examples.orders())).isEqualTo(Duration.ofSeconds(5));
    assertThat(group.definitions())
        .containsExactly(
            new FeatureDefinition(
                "orders_1h",
                Aggregation.COUNT,
                Optional.of(Duration.ofHours(1)),
                Duration.ofMinutes(1),
                0),
            new FeatureDefinition(
                "orders_1d",
                Aggregation.COUNT,
                Optional.of(Duration.ofDays(1)),
                Duration.ofHours(1),
                0),
            new FeatureDefinition(
                "top_dishes",
                Aggregation.TOP_N,
                Optional.empty(),
                FeatureDefinition.LIFETIME_SLICE,
                3));
  }

  @Test
  void aDeclaredLatenessWinsOverTheSources() throws IOException {
    FeatureGroupSpec group = parse("lateness: 2m\nmax_age: 1d\n" + HEAD);
    assertThat(group.lateness(Examples.orders())).isEqualTo(Duration.ofMinutes(2));
    assertThat(group.maxAge()).contains(Duration.ofDays(1));
  }

  @Test
  void aFeatureNameMustBeLowerCaseLettersDigitsAndUnderscores() throws IOException {
    DeclarationException e = refused(HEAD + "  - {name: Orders-1h, agg: count, window: 1h}\n");
    assertThat(e.field()).isEqualTo("features[1].name");
    assertThat(e.line()).hasValue(6);
    assertThat(e.getMessage()).contains("'Orders-1h' is not a feature name");
  }

  @Test
  void topNTakesAnNFromOneToAHundredAndOnlyTopNTakesOne() throws IOException {
    DeclarationException zero = refused(HEAD + "  - {name: top, agg: top_n, column: dish, n: 0}\n");
    assertThat(zero.field()).isEqualTo("features[1].n");
    assertThat(zero.line()).hasValue(6);
    assertThat(zero.getMessage()).contains("0 is outside 1..100 for top_n");
    DeclarationException big =
        refused(HEAD + "  - {name: top, agg: top_n, column: dish, n: 101}\n");
    assertThat(big.getMessage()).contains("101 is outside 1..100");
    DeclarationException onCount = refused(HEAD + "  - {name: c, agg: count, n: 3}\n");
    assertThat(onCount.field()).isEqualTo("features[1].n");
    assertThat(onCount.getMessage()).contains("only for top_n, not count");
    DeclarationException notANumber =
        refused(HEAD + "  - {name: top, agg: top_n, column: dish, n: many}\n");
    assertThat(notANumber.field()).isEqualTo("features[1].n");
    assertThat(notANumber.getMessage()).contains("expected a whole number, found 'many'");
  }

  @Test
  void anAggregationOfValuesNeedsAColumn() throws IOException {
    DeclarationException e = refused(HEAD + "  - {name: revenue_1h, agg: sum, window: 1h}\n");
    assertThat(e.field()).isEqualTo("features[1].column");
    assertThat(e.line()).hasValue(6);
    assertThat(e.getMessage()).contains("is required for sum");
  }

  @Test
  void aGranularityIsAtLeastASecondAndMakesAtMost1440Slices() throws IOException {
    DeclarationException fine =
        refused(HEAD + "  - {name: o, agg: count, window: 1h, granularity: 500ms}\n");
    assertThat(fine.field()).isEqualTo("features[1].granularity");
    assertThat(fine.line()).hasValue(6);
    assertThat(fine.getMessage()).contains("at least 1s");
    DeclarationException many =
        refused(HEAD + "  - {name: o, agg: count, window: 30d, granularity: 1m}\n");
    assertThat(many.getMessage()).contains("1m makes 43200 slices per window; at most 1440");
    DeclarationException sketch =
        refused(
            HEAD
                + "  - {name: d, agg: count_distinct, column: dish, window: 1d, granularity: 1m}\n");
    assertThat(sketch.getMessage())
        .contains("1440 slices per window; at most 240 for count_distinct");
    DeclarationException lifetime = refused(HEAD + "  - {name: o, agg: count, granularity: 1m}\n");
    assertThat(lifetime.getMessage()).contains("only for a feature with a window");
  }

  @Test
  void aWindowIsOneMinuteToThirtyDays() throws IOException {
    DeclarationException shortWindow = refused(HEAD + "  - {name: o, agg: count, window: 30s}\n");
    assertThat(shortWindow.field()).isEqualTo("features[1].window");
    assertThat(shortWindow.getMessage()).contains("30s is outside 1m..30d");
    assertThat(parse(HEAD + "  - {name: o, agg: count, window: 30d}\n").features().get(1).slice())
        .isEqualTo(Duration.ofHours(12));
  }

  @Test
  void missingAndWrongTypedFieldsAreNamed() throws IOException {
    DeclarationException noSource = refused(HEAD.replace("source: orders\n", ""));
    assertThat(noSource.field()).isEqualTo("source");
    assertThat(noSource.getMessage()).contains("is required");
    DeclarationException listWindow = refused(HEAD + "  - {name: o, agg: count, window: [1h]}\n");
    assertThat(listWindow.field()).isEqualTo("features[1].window");
    assertThat(listWindow.getMessage()).contains("expected text, found a list");
    DeclarationException noFeatures =
        refused("name: g\nentity: restaurant_id\nsource: orders\nfeatures: []\n");
    assertThat(noFeatures.field()).isEqualTo("features");
    assertThat(noFeatures.line()).hasValue(4);
    assertThat(noFeatures.getMessage()).contains("declare at least one feature");
    DeclarationException unknown = refused(HEAD + "  - {name: o, agg: count, windows: 1h}\n");
    assertThat(unknown.field()).isEqualTo("features[1].windows");
    assertThat(unknown.getMessage()).contains("unknown field 'windows'");
  }

  private FeatureGroupSpec parse(String yaml) throws IOException {
    return FeatureGroupParser.parse(
        Files.writeString(dir.resolve("g" + System.nanoTime() + ".yaml"), yaml));
  }

  private DeclarationException refused(String yaml) throws IOException {
    Path file = Files.writeString(dir.resolve("g" + System.nanoTime() + ".yaml"), yaml);
    DeclarationException e =
        catchThrowableOfType(DeclarationException.class, () -> FeatureGroupParser.parse(file));
    assertThat(e).as("refused:\n" + yaml).isNotNull();
    assertThat(e.file()).isEqualTo(file);
    return e;
  }
}
