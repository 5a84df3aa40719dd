package io.tributary.feature.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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
 * The filter and the columns as the planner sees them: each is one expression computed per event
 * from the event alone, of a type its aggregation can keep, and a mistake is told in the words and
 * positions of the expression the user wrote.
 */
class FeatureGroupExpressionsTest {
  private static final Sources SOURCES = Examples.sources();
  private static final String HEAD = GroupFiles.HEAD;

  @TempDir Path dir;

  @Test
  void aBadExpressionIsPlacedInTheExpression() throws IOException {
    DeclarationException unclosed =
        refused(HEAD + "  - {name: r, agg: sum, column: 'amount * (', window: 1h}\n");
    assertThat(unclosed.field()).isEqualTo("features[1].column");
    assertThat(unclosed.line()).hasValue(6);
    assertThat(unclosed.getMessage())
        .contains("'amount * (': ")
        .contains("Encountered \"* (\" at column 8, then the end of the expression")
        .doesNotContain("FROM");
    DeclarationException dangling = refused("filter: amount >\n" + HEAD);
    assertThat(dangling.field()).isEqualTo("filter");
    assertThat(dangling.line()).hasValue(1);
    assertThat(dangling.getMessage())
        .contains("'amount >': Encountered \">\" at column 8, then the end");
    DeclarationException stray =
        refused(HEAD + "  - {name: r, agg: last, column: 'dish) FROM x --'}\n");
    assertThat(stray.getMessage()).contains("Encountered \")\" at column 5");
    DeclarationException function =
        refused(HEAD + "  - {name: r, agg: last, column: 'foo(dish)'}\n");
    assertThat(function.getMessage()).contains("'foo(dish)': ").contains("foo");
  }

  @Test
  void aColumnIsOneExpressionComputedPerEvent() throws IOException {
    DeclarationException two = refused(HEAD + "  - {name: r, agg: last, column: 'dish, amount'}\n");
    assertThat(two.field()).isEqualTo("features[1].column");
    assertThat(two.getMessage()).contains("'dish, amount' is 2 expressions; write one");
    DeclarationException aggregate =
        refused(HEAD + "  - {name: r, agg: sum, column: 'SUM(amount)', window: 1h}\n");
    assertThat(aggregate.field()).isEqualTo("features[1].column");
    assertThat(aggregate.line()).hasValue(6);
    assertThat(aggregate.getMessage()).contains("aggregates over events");
    DeclarationException inFilter = refused("filter: COUNT(*) > 1\n" + HEAD);
    assertThat(inFilter.field()).isEqualTo("filter");
    assertThat(inFilter.getMessage()).contains("aggregates over events");
  }

  @Test
  void whatChangesFromRunToRunIsRefusedSinceABackfillCouldNotRecomputeIt() throws IOException {
    DeclarationException now = refused("filter: event_time > NOW() - INTERVAL '1' DAY\n" + HEAD);
    assertThat(now.field()).isEqualTo("filter");
    assertThat(now.line()).hasValue(1);
    assertThat(now.getMessage()).contains("uses NOW").contains("backfill");
    DeclarationException rand =
        refused(HEAD + "  - {name: r, agg: sum, column: 'amount * RAND()', window: 1h}\n");
    assertThat(rand.field()).isEqualTo("features[1].column");
    assertThat(rand.getMessage()).contains("uses RAND");
    DeclarationException today =
        refused("filter: CAST(event_time AS DATE) = CURRENT_DATE\n" + HEAD);
    assertThat(today.getMessage()).contains("uses CURRENT_DATE");
    // inside a text literal it is only text
    assertThat(load("filter: dish <> 'NOW()'\n" + HEAD).all()).hasSize(1);
  }

  @Test
  void valuesKeptAsTextMustBeScalars() throws IOException {
    DeclarationException array =
        refused(HEAD + "  - {name: r, agg: last, column: 'ARRAY[dish]'}\n");
    assertThat(array.field()).isEqualTo("features[1].column");
    assertThat(array.getMessage()).contains("ARRAY").contains("last needs text, a number");
    DeclarationException time =
        refused(HEAD + "  - {name: r, agg: max, column: event_time, window: 1h}\n");
    assertThat(time.getMessage()).contains("TIMESTAMP_LTZ(3)").contains("max needs a number");
  }

  @Test
  void anEntityKeyMustBeAScalar() throws IOException {
    Path sources = Files.createDirectories(dir.resolve("sources"));
    Files.writeString(
        sources.resolve("devices.yaml"),
        """
        name: devices
        format: json
        key: device
        event_time: event_time
        columns:
          - {name: device, type: BYTES}
          - {name: event_time, type: "TIMESTAMP_LTZ(3)", required: true}
        """);
    DeclarationException e =
        refused(
            "name: d\nentity: device\nsource: devices\nfeatures:\n  - {name: n, agg: count}\n",
            Sources.load(sources));
    assertThat(e.field()).isEqualTo("entity");
    assertThat(e.line()).hasValue(2);
    assertThat(e.getMessage()).contains("column 'device' is BYTES").contains("entity's key");
  }

  @Test
  void aCommentAfterAnExpressionDoesNotSwallowTheQuery() throws IOException {
    FeatureGroups groups =
        load(
            "filter: amount > 0 -- paid orders only\n"
                + HEAD
                + "  - {name: r, agg: sum, column: 'amount -- in euros', window: 1h}\n");
    assertThat(groups.get("restaurant_activity").features()).hasSize(2);
  }

  @Test
  void aGroupNameDeclaredInTwoFilesIsRefusedAtTheSecondsName() throws IOException {
    Path features = Files.createDirectories(dir.resolve("twice"));
    Files.writeString(features.resolve("a.yaml"), HEAD);
    Path second = Files.writeString(features.resolve("b.yaml"), "owner: growth\n" + HEAD);
    DeclarationException e =
        catchThrowableOfType(
            DeclarationException.class, () -> FeatureGroups.load(List.of(features), SOURCES));
    assertThat(e.file()).isEqualTo(second);
    assertThat(e.field()).isEqualTo("name");
    assertThat(e.line()).hasValue(2);
    assertThat(e.getMessage())
        .contains("'restaurant_activity' is also declared in")
        .contains("a.yaml");
  }

  private FeatureGroups load(String yaml) throws IOException {
    return FeatureGroups.load(List.of(GroupFiles.directory(dir, yaml)), SOURCES);
  }

  private DeclarationException refused(String yaml) throws IOException {
    return refused(yaml, SOURCES);
  }

  private DeclarationException refused(String yaml, Sources sources) throws IOException {
    return GroupFiles.refused(dir, sources, yaml);
  }
}
