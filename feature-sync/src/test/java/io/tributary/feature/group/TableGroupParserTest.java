package io.tributary.feature.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tributary.feature.aggregate.Aggregation;
import io.tributary.stream.declaration.DeclarationException;
import io.tributary.stream.source.Sources;
import io.tributary.stream.testkit.Examples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A table group's file: its fields, its rules with file, line and field, beside stream groups. */
class TableGroupParserTest {
  private static final String GROUP =
      """
      name: restaurant_daily
      owner: analytics
      entity: restaurant_id
      from: lake.gold.daily_revenue
      columns: [orders, revenue]
      latest_by: ds
      sync: {after: daily_revenue}
      """;

  @TempDir Path dir;

  @Test
  void aTableGroupLoadsBesideStreamGroups() throws IOException {
    Files.writeString(dir.resolve("a_daily.yaml"), GROUP);
    Files.writeString(
        dir.resolve("b_live.yaml"),
        """
        name: live
        entity: restaurant_id
        source: orders
        features:
          - {name: orders_1h, agg: count, window: 1h}
        """);
    FeatureGroups groups = FeatureGroups.load(List.of(dir), sources());
    assertThat(groups.all()).extracting(FeatureGroupSpec::name).containsExactly("live");
    TableGroupSpec table = groups.tables().get(0);
    assertThat(table.from()).isEqualTo("lake.gold.daily_revenue");
    assertThat(table.columns()).containsExactly("orders", "revenue");
    assertThat(table.sync().afterPipeline()).contains("daily_revenue");
    assertThat(table.definitions())
        .allSatisfy(d -> assertThat(d.aggregation()).isEqualTo(Aggregation.VALUE));
    assertThat(table.generation())
        .isEqualTo(TableGroupParser.parse(dir.resolve("a_daily.yaml")).generation())
        .hasSize(8);
  }

  @Test
  void aDailySyncTakesATimeOfDay() throws IOException {
    Path file = dir.resolve("g.yaml");
    Files.writeString(file, GROUP.replace("{after: daily_revenue}", "{daily: \"03:00\"}"));
    assertThat(TableGroupParser.parse(file).sync().daily()).contains(LocalTime.of(3, 0));
    assertThat(TableGroupParser.parse(file).sync().afterPipeline()).isEqualTo(Optional.empty());
  }

  @Test
  void whatAGroupDependsOnMakesItsGeneration() throws IOException {
    Path a = dir.resolve("a.yaml");
    Path b = dir.resolve("b.yaml");
    Path c = dir.resolve("c.yaml");
    Files.writeString(a, GROUP);
    Files.writeString(b, GROUP.replace("owner: analytics", "owner: growth"));
    Files.writeString(c, GROUP.replace("[orders, revenue]", "[orders]"));
    String generation = TableGroupParser.parse(a).generation();
    assertThat(TableGroupParser.parse(b).generation()).isEqualTo(generation);
    assertThat(TableGroupParser.parse(c).generation()).isNotEqualTo(generation);
  }

  @Test
  void everyRuleNamesItsFieldAndLine() throws IOException {
    assertRefused(GROUP.replace("sync: {after: daily_revenue}\n", ""), "sync", "is required");
    assertRefused(
        GROUP.replace("{after: daily_revenue}", "{after: x, daily: \"03:00\"}"),
        "sync",
        "not both");
    assertRefused(
        GROUP.replace("{after: daily_revenue}", "{daily: \"3am\"}"),
        "sync.daily",
        "not a time of day");
    assertRefused(GROUP.replace("lake.gold.daily_revenue", "daily_revenue"), "from", "lake.<");
    assertThat(refusal(GROUP.replace("lake.gold.daily_revenue", "daily_revenue")))
        .contains("bad.yaml, line 4");
    assertRefused(GROUP.replace("[orders, revenue]", "[orders, orders]"), "columns[1]", "twice");
    assertRefused(GROUP.replace("latest_by: ds\n", ""), "latest_by", "required");
    assertRefused(GROUP + "features: []\n", "features", "");
  }

  @Test
  void valueIsNotAStreamAggregation() throws IOException {
    Path file = dir.resolve("s.yaml");
    Files.writeString(
        file,
        """
        name: live
        entity: restaurant_id
        source: orders
        features:
          - {name: last_amount, agg: value, column: amount}
        """);
    DeclarationException refused =
        catchThrowableOfType(
            DeclarationException.class, () -> FeatureGroups.load(List.of(dir), sources()));
    assertThat(refused).hasMessageContaining("features[0].agg").hasMessageContaining("table group");
  }

  private String refusal(String yaml) throws IOException {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, yaml);
    DeclarationException refused =
        catchThrowableOfType(DeclarationException.class, () -> TableGroupParser.parse(file));
    assertThat(refused).as(yaml).isNotNull();
    return refused.getMessage();
  }

  private void assertRefused(String yaml, String field, String message) throws IOException {
    assertThat(refusal(yaml))
        .as(yaml)
        .contains("bad.yaml")
        .contains("field " + field)
        .contains(message);
  }

  private static Sources sources() {
    return Sources.of(List.of(Examples.orders()));
  }
}
