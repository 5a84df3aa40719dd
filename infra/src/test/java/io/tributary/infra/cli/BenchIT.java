package io.tributary.infra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The benchmark commands run end to end on small inputs: each publishes its events, runs both of
 * its jobs on them, checks what the measured job wrote, and prints the figures with their ratio.
 * (The figures themselves are measured with the full defaults, not here; see docs/benchmarks.md.)
 */
class BenchIT {
  @Test
  void replayOfTheAggregationWritesOneRowPerRestaurantAndPrintsItsRatio() {
    CliRun result =
        CliRun.of(
            "bench", "replay", "--events", "20000", "--rounds", "1", "--pipeline", "daily_revenue");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("pipeline daily_revenue, events 20,000")
        // about 8,600 of the 10,000 restaurants; the command checks the exact count itself
        .containsPattern("whole replay .*; \\d,\\d{3} rows written")
        .containsPattern(
            "median of the counted rounds: ceiling [\\d,]+ events/s \\| landing .*"
                + " \\(\\d\\.\\d\\d of the ceiling, \\d+\\.\\d\\d of landing\\)");
  }

  @Test
  void replayOfTheFilterWritesTheOrdersOf20OrMore() {
    CliRun result = CliRun.of("bench", "replay", "--events", "20000", "--rounds", "1");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("pipeline big_orders, events 20,000")
        .containsPattern("whole replay .*; 1[45],\\d{3} rows written")
        .containsPattern("median of the counted rounds: .*whole replay [\\d,]+ events/s \\(\\d");
  }

  @Test
  void ingestLandsEveryEventAndPrintsItsRatio() {
    CliRun result = CliRun.of("bench", "ingest", "--events", "20000", "--rounds", "1");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("bronze rows committed: 20,000")
        .containsPattern("median of the counted rounds: .* landing/ceiling \\d");
  }

  @Test
  void anUnknownPipelineIsRefusedNamingTheOnesItReplays() {
    CliRun result = CliRun.of("bench", "replay", "--pipeline", "no_such");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.err())
        .contains("Unknown pipeline 'no_such'")
        .contains("big_orders or daily_revenue");
  }
}
