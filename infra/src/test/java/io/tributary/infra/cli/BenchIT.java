package io.tributary.infra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The benchmark commands run end to end on small inputs: each publishes its events (or writes its
 * files), runs what it measures on them, checks what that wrote (or read), and prints the figures
 * with their ratio. (The figures themselves are measured with the full defaults, not here; see
 * docs/benchmarks.md.)
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
  void ingestLandsEveryGoodEventKeepsEveryBadOneAndPrintsItsRatioToEachPeer() {
    CliRun result = CliRun.of("bench", "ingest", "--events", "20000", "--rounds", "1");

    assertThat(result.exitCode()).as(result.err()).isZero();
    // one event in 1,000 is bad, malformed JSON and a missing key in turn; each run's rows are
    // checked by the command itself, which fails when a count is off
    assertThat(result.out())
        .contains("bad: 10 malformed JSON, 10 without order_id")
        .contains("bronze rows committed: 19,980, rejects with their reason: 20")
        .contains("plain SQL rows committed: 19,990; 10 malformed events dropped without a trace")
        .contains("sink rows committed: 19,990, dead-letter topic: 10")
        .contains("landing: 100 rows; the bad event in rejects with its reason")
        .contains("plain SQL: 101 rows; the bad event kept with amount NULL in 1 of them")
        .containsPattern("Kafka Connect sink: its task failed: .*; \\d+ of 101 rows committed")
        .containsPattern("median of the counted rounds: .* landing/ceiling \\d")
        .containsPattern(
            "against plain Flink SQL: +plain SQL [\\d,]+ events/s median .* landing/plain SQL"
                + " \\d+\\.\\d\\d median")
        .containsPattern(
            "against Kafka Connect sink: +sink [\\d,]+ events/s median .* landing/sink"
                + " \\d+\\.\\d\\d median .*; commit interval 1\\.0 s");
  }

  @Test
  void produceSendsEveryRowOfEachFormatAndPrintsItsRatioToAPlainProducer() {
    CliRun result = CliRun.of("bench", "produce", "--rows", "3000", "--rounds", "1");

    assertThat(result.exitCode()).as(result.err()).isZero();
    // the command itself fails when a run's topic holds other than every row
    assertThat(result.out())
        .contains("rows 3,000, partitions 2, rounds 1")
        .containsPattern("file jsonl +3,000 rows")
        .containsPattern("round 1 +tributary produce parquet +[\\d,]+ events/s")
        .contains("every run's topic holds exactly 3,000 records")
        .containsPattern(
            "median of the counted rounds: plain producer [\\d,]+ records/s \\| jsonl [\\d,]+"
                + " \\(\\d+\\.\\d\\d of plain\\) \\| csv .* \\| parquet ");
  }

  @Test
  void freshnessSeesEverySampledEventInBronzeAndInDynamoDbAndPrintsItsPercentiles() {
    CliRun result =
        CliRun.of(
            "bench",
            "freshness",
            "--rate",
            "500",
            "--duration",
            "8s",
            "--checkpoint-interval",
            "2s");

    assertThat(result.exitCode()).as(result.err()).isZero();
    // the command itself fails when a sampled event never shows or bronze misses an event
    assertThat(result.out())
        .contains("run 1   checkpoint interval 2 s: 4,000 events published, 4,000 in bronze")
        .contains("run 2   checkpoint interval 1 s: 4,000 events published, 4,000 in bronze")
        .containsPattern(
            "checkpoint interval +2 s: freshness p50 [\\d.]+ s \\| p99 [\\d.]+ s \\| max"
                + " [\\d.]+ s \\(40 of 4,000 events sampled; target p99 <= 7 s\\)")
        // and the example feature group's, from append to readable in the local DynamoDB
        .containsPattern(
            "features restaurant_activity .*: readable in DynamoDB p50 [\\d.]+ s \\| p99 [\\d.]+"
                + " s \\| max [\\d.]+ s \\([\\d,]+ probes\\)");
  }

  @Test
  void startupTimesUpFromAFreshAndAnExistingDataDirAndReadsItsMemory() {
    CliRun result = CliRun.of("bench", "startup", "--resident-after", "5s");

    assertThat(result.exitCode()).as(result.err()).isZero();
    // the command itself fails unless every job up runs reaches RUNNING
    assertThat(result.out())
        .containsPattern("fresh data dir +ready [\\d.]+ s, all \\d+ jobs RUNNING [\\d.]+ s")
        .containsPattern("existing data dir +ready [\\d.]+ s, all \\d+ jobs RUNNING")
        .containsPattern("after 5 s of the demo: resident memory [\\d,]+ MiB")
        .containsPattern("startup: fresh data dir ready [\\d.]+ s, .* resident [\\d,]+ MiB");
  }

  @Test
  void maintenanceCompactsTheSmallFilesAndTheQueryReadsTheSameResult() {
    CliRun result =
        CliRun.of(
            "bench",
            "maintenance",
            "--files",
            "200",
            "--days",
            "4",
            "--files-per-commit",
            "10",
            "--query-runs",
            "1");

    assertThat(result.exitCode()).as(result.err()).isZero();
    // the command itself fails when the query's result differs from what was written
    assertThat(result.out())
        .contains("wrote 200 Parquet files (12,000 orders) in 20 commits")
        .containsPattern("before maintenance +200 +[0-9.]+ KiB +20 +[0-9.]+ s +[0-9.]+ s\n")
        .containsPattern("after maintenance +4 +[0-9.]+ [KM]iB +1 +[0-9.]+ s +[0-9.]+ s\n")
        .contains("result (4 rows) equal before and after, and to what was written");
  }

  @Test
  void servingAnswersEveryRequestBesideTheRawReadsAndStartsCold() {
    CliRun result =
        CliRun.of(
            "bench",
            "serving",
            "--entities",
            "50",
            "--connections",
            "1,2",
            "--seconds",
            "1",
            "--long-seconds",
            "2");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .containsPattern(
            " 1 entity  ,  2 connections: API p50 +[0-9.]+ ms.*, 0 errors \\| raw DynamoDB p50")
        .containsPattern("50 entities,  1 connections: API .*, 0 errors \\| raw DynamoDB")
        .containsPattern("2 s at 2 connections, 1 entity: [\\d,]+ requests, 0 errors")
        .containsPattern("deployment jar serving-lambda.jar: [\\d,]+ bytes")
        .containsPattern("cold start 1: .* [0-9]+ ms since the JVM started .* status 200");
  }

  @Test
  void syncMeasuresAFullAndIncrementalSyncsBesideTheFeatureJob() {
    CliRun result =
        CliRun.of("bench", "sync", "--rows", "3000", "--entities", "300", "--events", "2000");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .containsPattern(
            "sync full sync +FULL +3,000 rows read +[\\d,]+ rows/s; +300 entities: +300 written,"
                + " +0 kept, +0 removed = +[\\d,]+ DynamoDB writes/s")
        .containsPattern(
            "sync incremental, latest day replaced +INCREMENTAL +600 rows read .* 300 written,"
                + " +0 kept")
        .containsPattern(
            "sync incremental, oldest day replaced +INCREMENTAL +600 rows read .* 0 written,"
                + " +300 kept")
        .containsPattern("sync again, table unchanged +UNCHANGED +0 rows read")
        .contains("checked 300 restaurants: each serves its latest day's replaced row")
        .containsPattern(
            "baseline feature job \\(restaurant_activity, 2,000 orders over 300 restaurants,"
                + " parallelism 1\\): [\\d,]+ DynamoDB writes = [\\d,]+ writes/s");
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
