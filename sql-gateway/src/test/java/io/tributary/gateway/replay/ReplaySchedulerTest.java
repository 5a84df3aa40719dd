package io.tributary.gateway.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.gateway.MovableClock;
import io.tributary.gateway.store.JsonLinesLog;
import io.tributary.stream.pipeline.PipelineSpec;
import io.tributary.stream.pipeline.PipelineSpecParser;
import io.tributary.stream.replay.ReplayReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which days the schedule replays, and when: the scheduler with its real run history on disk. The
 * replays themselves are recorded here rather than run on a cluster (ReplayScheduleIT runs them on
 * the real platform); {@link #failing} days fail as a replay of an open day would.
 */
class ReplaySchedulerTest {
  private static final LocalDate NOV_20 = LocalDate.parse("2026-11-20");

  @TempDir Path dir;

  private final MovableClock clock = new MovableClock(Instant.EPOCH);
  private final List<LocalDate> replayed = new ArrayList<>();
  private final Set<LocalDate> failing = new HashSet<>();
  private PipelineSpec pipeline;
  private JsonLinesLog<ReplayRun> runs;

  @BeforeEach
  void declarePipeline() throws Exception {
    Path pipelineDir = Files.createDirectories(dir.resolve("pipelines").resolve("daily"));
    Files.writeString(
        pipelineDir.resolve("pipeline.yaml"),
        "name: daily\ntarget: lake.gold.daily\npartition: ds\nreplay: {daily: \"02:00\"}\n");
    Files.writeString(
        pipelineDir.resolve("transform.sql"),
        "INSERT INTO lake.gold.daily SELECT ds, COUNT(*) AS n FROM src.orders GROUP BY ds\n");
    pipeline = PipelineSpecParser.parse(pipelineDir);
    runs = new JsonLinesLog<>(dir.resolve("replay-runs.jsonl"), ReplayRun.class, ReplayRun::id);
  }

  @Test
  void yesterdayRunsOnceItsTimeHasComeAndOnlyOnce() {
    ReplayScheduler scheduler = scheduler();
    at("2026-11-21T02:00:00Z", scheduler);
    at("2026-11-21T09:00:00Z", scheduler);
    assertThat(replayed)
        .as("a new pipeline starts with the newest due day")
        .containsExactly(NOV_20);

    at("2026-11-22T01:59:00Z", scheduler);
    assertThat(replayed).as("the 21st is due at 02:00 on the 22nd").containsExactly(NOV_20);
    at("2026-11-22T02:00:00Z", scheduler);
    at("2026-11-22T09:00:00Z", scheduler);
    assertThat(replayed).containsExactly(NOV_20, NOV_20.plusDays(1));
    assertThat(runs.all()).extracting(ReplayRun::status).containsOnly(ReplayStatus.SUCCEEDED);
  }

  @Test
  void daysMissedWhileThePlatformWasDownAreCaughtUpOldestFirst() {
    ReplayScheduler scheduler = scheduler();
    at("2026-11-21T02:00:00Z", scheduler);
    assertThat(replayed).containsExactly(NOV_20);

    // down from the 21st until the morning of the 25th: the 21st, 22nd and 23rd were missed
    at("2026-11-25T01:00:00Z", scheduler);
    assertThat(replayed)
        .containsExactly(NOV_20, NOV_20.plusDays(1), NOV_20.plusDays(2), NOV_20.plusDays(3));

    // and a restart of a scheduler on the same history runs nothing again
    at("2026-11-25T01:30:00Z", scheduler());
    assertThat(replayed).hasSize(4);
  }

  @Test
  void catchingUpGoesBackAWeekAtMost() {
    ReplayScheduler scheduler = scheduler();
    at("2026-11-21T02:00:00Z", scheduler);
    at("2026-12-11T03:00:00Z", scheduler);
    assertThat(replayed).hasSize(1 + ReplayScheduler.CATCH_UP_DAYS);
    assertThat(replayed.get(1)).isEqualTo(LocalDate.parse("2026-12-04"));
    assertThat(replayed.get(replayed.size() - 1)).isEqualTo(LocalDate.parse("2026-12-10"));
  }

  @Test
  void aFailedDayIsRetriedWithBackoffWhileLaterDaysGoOn() {
    ReplayScheduler scheduler = scheduler();
    failing.add(NOV_20);
    at("2026-11-21T02:00:00Z", scheduler);
    assertThat(runs.all())
        .singleElement()
        .satisfies(
            run -> {
              assertThat(run.status()).isEqualTo(ReplayStatus.FAILED);
              assertThat(run.error()).contains("Day 2026-11-20 is still open");
              assertThat(run.nextAttempt()).contains(Instant.parse("2026-11-21T02:01:00Z"));
            });

    at("2026-11-21T02:00:30Z", scheduler);
    assertThat(runs.all()).as("not before the backoff").hasSize(1);

    failing.clear();
    at("2026-11-22T02:00:00Z", scheduler);
    assertThat(runs.all())
        .extracting(run -> run.day() + " " + run.status() + " " + run.attempt())
        .containsExactly("2026-11-20 FAILED 1", "2026-11-20 SUCCEEDED 2", "2026-11-21 SUCCEEDED 1");
  }

  @Test
  void aDayThatUsedItsAttemptsIsLeftAlone() {
    ReplayScheduler scheduler = scheduler();
    failing.add(NOV_20);
    for (int minute = 0; minute < 60; minute += 10) {
      at("2026-11-21T02:%02d:00Z".formatted(minute), scheduler);
    }
    assertThat(runs.all())
        .hasSize(3)
        .extracting(ReplayRun::status)
        .containsOnly(ReplayStatus.FAILED);
    assertThat(runs.all().get(2).nextAttempt()).isEmpty();
  }

  private ReplayScheduler scheduler() {
    return new ReplayScheduler(
        () -> Map.of(pipeline.name(), pipeline),
        (spec, day) -> {
          if (failing.contains(day)) {
            throw new IllegalStateException("Day " + day + " is still open");
          }
          replayed.add(day);
          return new ReplayReport(spec.name(), day, 10, 3, 3, 0, Duration.ZERO, Duration.ZERO);
        },
        runs,
        clock,
        new ReplayScheduler.Retry(3, Duration.ofMinutes(1)));
  }

  private void at(String instant, ReplayScheduler scheduler) {
    clock.set(Instant.parse(instant));
    scheduler.tick();
  }
}
