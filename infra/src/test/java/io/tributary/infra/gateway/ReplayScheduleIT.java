package io.tributary.infra.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.gateway.MovableClock;
import io.tributary.gateway.TestHttp;
import io.tributary.gateway.replay.ReplayRun;
import io.tributary.gateway.replay.ReplayStatus;
import io.tributary.gateway.replay.ReplayTrigger;
import io.tributary.infra.local.LocalPlatform;
import io.tributary.infra.local.TestPlatforms;
import io.tributary.stream.testkit.LakeRows;
import io.tributary.stream.testkit.TestEvents;
import io.tributary.stream.testkit.TestEvents.Event;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pipeline declaring {@code replay: {daily: "00:00"}} is replayed by the platform for yesterday
 * once its time has come, on a clock the test moves: the first try fails for real (the day is still
 * open: its lateness has not passed), is recorded with its reason and retried after the backoff,
 * not before; the retry succeeds, and nothing runs again. A manual replay goes through the platform
 * API.
 */
class ReplayScheduleIT {
  private static final LocalDate DAY = LocalDate.now(ZoneOffset.UTC).minusDays(2);
  private static final TableIdentifier COUNTS = TableIdentifier.of("gold", "daily_counts");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;
  @TempDir Path pipelines;

  @Test
  void theDailyReplayRunsWhenDueAndIsRetriedAfterAFailure() throws Exception {
    Path dir = Files.createDirectories(pipelines.resolve("daily_counts"));
    Files.writeString(
        dir.resolve("pipeline.yaml"),
        "name: daily_counts\ntarget: lake.gold.daily_counts\npartition: ds\n"
            + "replay: {daily: \"00:00\"}\n");
    Files.writeString(
        dir.resolve("transform.sql"),
        "INSERT INTO lake.gold.daily_counts\n"
            + "SELECT DATE_FORMAT(window_start, 'yyyy-MM-dd') AS ds, COUNT(*) AS n\n"
            + "FROM TABLE(TUMBLE(TABLE src.orders, DESCRIPTOR(event_time), INTERVAL '1' DAY))\n"
            + "GROUP BY window_start, window_end\n");
    Instant midnight = DAY.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    MovableClock clock = new MovableClock(midnight.minus(Duration.ofHours(1)));

    try (LocalPlatform platform =
        LocalPlatform.start(
            TestPlatforms.config(dataDir).withPipelines(List.of(pipelines)), line -> {}, clock)) {
      publish(platform, DAY, 6);

      // 23:00 on DAY: the replay of the day before is due (and has nothing to do); DAY's is not
      platform.replays().tick();
      assertThat(platform.replays().runs().all())
          .extracting(r -> r.day() + " " + r.status())
          .containsExactly(DAY.minusDays(1) + " SUCCEEDED");

      // 00:00:02: due, but the day is open until its lateness (5 s) has passed
      clock.set(midnight.plusSeconds(2));
      platform.replays().tick();
      List<ReplayRun> runs = runsOf(platform);
      assertThat(runs).hasSize(1);
      ReplayRun failed = runs.get(0);
      assertThat(failed.pipeline()).isEqualTo("daily_counts");
      assertThat(failed.day()).isEqualTo(DAY);
      assertThat(failed.trigger()).isEqualTo(ReplayTrigger.SCHEDULE);
      assertThat(failed.status()).isEqualTo(ReplayStatus.FAILED);
      assertThat(failed.error()).hasValueSatisfying(e -> assertThat(e).contains(DAY.toString()));
      assertThat(failed.nextAttempt())
          .contains(midnight.plusSeconds(2).plus(Duration.ofMinutes(5)));

      platform.replays().tick();
      assertThat(runsOf(platform)).as("no retry before the backoff").hasSize(1);

      // the stream closes the day; after the backoff the retry replays it
      publish(platform, DAY.plusDays(1), 2);
      await("the stream to write the day")
          .atMost(Duration.ofMinutes(2))
          .until(() -> !LakeRows.read(platform.lake(), COUNTS).isEmpty());
      clock.set(midnight.plus(Duration.ofMinutes(6)));
      platform.replays().tick();
      runs = runsOf(platform);
      assertThat(runs).hasSize(2);
      ReplayRun retried = runs.get(1);
      assertThat(retried.status()).as(retried.error().orElse("")).isEqualTo(ReplayStatus.SUCCEEDED);
      assertThat(retried.attempt()).isEqualTo(2);
      assertThat(retried.rowsWritten()).contains(1L);
      assertThat(retried.rowsBefore()).contains(1L);

      platform.replays().tick();
      assertThat(runsOf(platform)).as("a succeeded day is not run again").hasSize(2);

      HttpResponse<String> manual =
          TestHttp.send(
              platform.api(),
              "POST",
              "/api/v1/replays",
              "{\"pipeline\": \"daily_counts\", \"date\": \"" + DAY + "\"}");
      assertThat(manual.statusCode()).as(manual.body()).isEqualTo(200);
      JsonNode run = JSON.readTree(manual.body());
      assertThat(run.path("trigger").asText()).isEqualTo("MANUAL");
      assertThat(run.path("rowsWritten").asLong()).isEqualTo(1);

      HttpResponse<String> unknown =
          TestHttp.send(
              platform.api(),
              "POST",
              "/api/v1/replays",
              "{\"pipeline\": \"nope\", \"date\": \"" + DAY + "\"}");
      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(JSON.readTree(unknown.body()).path("message").asText())
          .isEqualTo("No pipeline 'nope' runs; pipelines: daily_counts");

      HttpResponse<String> history = TestHttp.send(platform.api(), "GET", "/api/v1/runs", null);
      assertThat(JSON.readTree(history.body()))
          .extracting(r -> r.path("trigger").asText() + " " + r.path("status").asText())
          .containsExactly(
              "SCHEDULE SUCCEEDED", "SCHEDULE FAILED", "SCHEDULE SUCCEEDED", "MANUAL SUCCEEDED");
    }
  }

  private static List<ReplayRun> runsOf(LocalPlatform platform) {
    return platform.replays().runs().all().stream().filter(r -> r.day().equals(DAY)).toList();
  }

  /** {@code count} orders of {@code day}, on both partitions. */
  private static void publish(LocalPlatform platform, LocalDate day, int count) throws Exception {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = day + "-" + i;
      String time = day.atTime(9, i).toInstant(ZoneOffset.UTC).toString();
      events.add(
          new Event(
                  id, "{\"order_id\":\"" + id + "\",\"amount\":5,\"event_time\":\"" + time + "\"}")
              .to(i % 2));
    }
    TestEvents.publish(platform.kafkaBootstrap(), "src.orders", events);
  }
}
