package io.tributary.stream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.stream.maintenance.policy.MaintenanceSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineSpecParserTest {
  private static final String YAML =
      """
      name: big_orders
      owner: analytics
      description: orders of 20 or more, per day
      target: lake.silver.big_orders
      partition: ds
      lateness: 1h
      """;
  private static final String SQL =
      "INSERT INTO lake.silver.big_orders\nSELECT order_id, amount, ds FROM src.orders\n";

  @TempDir Path root;

  @Test
  void theExamplePipelinesParse() {
    Pipelines examples = Pipelines.load(List.of(Path.of("../examples/pipelines")));

    assertThat(examples.all())
        .extracting(PipelineSpec::name)
        .containsExactly("big_orders", "daily_revenue");
    PipelineSpec bigOrders = examples.get("big_orders");
    assertThat(bigOrders.target().toString()).isEqualTo("lake.silver.big_orders");
    assertThat(bigOrders.lateness()).contains(Duration.ofHours(1));
    assertThat(bigOrders.metadata().owner()).contains("analytics");
    assertThat(bigOrders.jobName()).isEqualTo("pipeline-big_orders");
    assertThat(bigOrders.latenessFor(Duration.ofSeconds(5))).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void misspelledFieldIsNamedWithItsLineAndASuggestion() throws IOException {
    Path dir = pipeline("big_orders", YAML.replace("lateness:", "latenes:"), SQL);

    assertThatThrownBy(() -> PipelineSpecParser.parse(dir))
        .hasMessageStartingWith(
            dir.resolve("pipeline.yaml") + ", line 6, field latenes: unknown field")
        .hasMessageEndingWith("did you mean 'lateness'?");
  }

  @Test
  void targetInBronzeIsRefused() throws IOException {
    Path dir =
        pipeline("big_orders", YAML.replace("lake.silver.big_orders", "lake.bronze.orders"), SQL);

    assertThatThrownBy(() -> PipelineSpecParser.parse(dir))
        .hasMessage(
            dir.resolve("pipeline.yaml")
                + ", line 4, field target: 'lake.bronze.orders' is in bronze; pipelines write"
                + " silver or gold tables (bronze is written by landing)");
  }

  @Test
  void nameMustBeItsDirectory() throws IOException {
    Path dir = pipeline("large_orders", YAML, SQL);

    assertThatThrownBy(() -> PipelineSpecParser.parse(dir))
        .hasMessage(
            dir.resolve("pipeline.yaml")
                + ", line 1, field name: 'big_orders' must be the name of its directory,"
                + " 'large_orders'");
  }

  @Test
  void badLatenessIsExplained() throws IOException {
    Path dir = pipeline("big_orders", YAML.replace("lateness: 1h", "lateness: an hour"), SQL);

    assertThatThrownBy(() -> PipelineSpecParser.parse(dir))
        .hasMessage(
            dir.resolve("pipeline.yaml")
                + ", line 6, field lateness: 'an hour' is not a duration; write it like 500ms, 5s,"
                + " 1min or 2h");
  }

  @Test
  void aDailyReplayIsATimeOfDay() throws IOException {
    Path good =
        pipeline(
            "big_orders",
            YAML.replace("lateness: 1h", "lateness: 1h\nreplay: {daily: \"02:30\"}"),
            SQL);
    assertThat(PipelineSpecParser.parse(good).dailyReplay())
        .contains(java.time.LocalTime.of(2, 30));

    Path bad =
        pipeline(
            "big_orders",
            YAML.replace("lateness: 1h", "lateness: 1h\nreplay: {daily: \"25:00\"}"),
            SQL);
    assertThatThrownBy(() -> PipelineSpecParser.parse(bad))
        .hasMessage(
            bad.resolve("pipeline.yaml")
                + ", line 7, field replay.daily: '25:00' is not a time of day; write it as HH:MM,"
                + " in UTC, like \"02:00\"");
  }

  @Test
  void aMaintenanceBlockOverridesTheDefaultsForTheTarget() throws IOException {
    Path dir =
        pipeline("big_orders", YAML + "maintenance: {min_snapshots: 50, interval: 10min}\n", SQL);
    assertThat(PipelineSpecParser.parse(dir).maintenance().resolve(MaintenanceSettings.DEFAULT))
        .hasValueSatisfying(
            policy -> {
              assertThat(policy.minSnapshots()).isEqualTo(50);
              assertThat(policy.interval()).isEqualTo(Duration.ofMinutes(10));
              assertThat(policy.snapshotRetention())
                  .isEqualTo(MaintenanceSettings.DEFAULT.snapshotRetention());
            });

    Path bad = pipeline("big_orders", YAML + "maintenance: {min_snapshots: 0}\n", SQL);
    assertThatThrownBy(() -> PipelineSpecParser.parse(bad))
        .hasMessage(
            bad.resolve("pipeline.yaml")
                + ", line 7, field maintenance.min_snapshots: Minimum snapshots 0 must be at"
                + " least 1");
  }

  @Test
  void missingTransformIsNamed() throws IOException {
    Path dir = pipeline("big_orders", YAML, null);

    assertThatThrownBy(() -> PipelineSpecParser.parse(dir))
        .hasMessage(
            dir.resolve("transform.sql") + ": is missing; write the pipeline's INSERT INTO there");
  }

  @Test
  void twoPipelinesWritingOneTargetAreRefused() throws IOException {
    pipeline("big_orders", YAML, SQL);
    pipeline("large_orders", YAML.replace("name: big_orders", "name: large_orders"), SQL);

    assertThatThrownBy(() -> Pipelines.load(List.of(root)))
        .hasMessage(
            root.resolve("large_orders/pipeline.yaml")
                + ", field target: lake.silver.big_orders is also the target of pipeline"
                + " big_orders");
  }

  @Test
  void unknownPipelineListsTheDeclaredOnes() {
    Pipelines examples = Pipelines.load(List.of(Path.of("../examples/pipelines")));

    assertThatThrownBy(() -> examples.get("nope"))
        .hasMessage("Unknown pipeline 'nope'; declared pipelines: big_orders, daily_revenue");
  }

  private Path pipeline(String directory, String yaml, String sql) throws IOException {
    Path dir = Files.createDirectories(root.resolve(directory));
    Files.writeString(dir.resolve("pipeline.yaml"), yaml);
    if (sql != null) {
      Files.writeString(dir.resolve("transform.sql"), sql);
    }
    return dir;
  }
}
