package io.tributary.gateway.replay;

import static java.util.Objects.requireNonNull;

import io.tributary.gateway.jobs.UnknownJobException;
import io.tributary.gateway.store.JsonLinesLog;
import io.tributary.stream.pipeline.PipelineSpec;
import io.tributary.stream.replay.ReplayReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs replays: the daily replay of yesterday for every pipeline that declares {@code replay:
 * {daily: "HH:MM"}} (UTC), retried with a doubling backoff when it fails, and replays asked for by
 * hand or as a backfill. Every run is kept in the run history. The clock decides what is due, so
 * tests can move time.
 */
public final class ReplayScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReplayScheduler.class);

  /** Runs one pipeline's replay of one day, on the platform's cluster. */
  @FunctionalInterface
  public interface Replays {
    ReplayReport replay(PipelineSpec pipeline, LocalDate day) throws InterruptedException;
  }

  /**
   * How a failed scheduled replay is retried.
   *
   * @param attempts tries per day, the first included
   * @param backoff the wait before the second try; it doubles for each next one
   */
  public record Retry(int attempts, Duration backoff) {
    public static final Retry DEFAULT = new Retry(4, Duration.ofMinutes(5));

    Duration after(int failures) {
      return backoff.multipliedBy(1L << Math.min(20, Math.max(0, failures - 1)));
    }
  }

  /**
   * How many days back a scheduled replay catches up on days missed while the platform was down.
   */
  public static final int CATCH_UP_DAYS = 7;

  private final Supplier<Map<String, PipelineSpec>> pipelines;
  private final Replays replays;
  private final JsonLinesLog<ReplayRun> runs;
  private final Clock clock;
  private final Retry retry;
  private ScheduledExecutorService timer;
  private volatile Optional<Running> running = Optional.empty();
  private final List<Consumer<ReplayRun>> listeners = new CopyOnWriteArrayList<>();

  /** A replay in progress. */
  public record Running(String pipeline, LocalDate day, ReplayTrigger trigger, Instant startedAt) {}

  /** The replay in progress, if one runs now. */
  public Optional<Running> running() {
    return running;
  }

  public ReplayScheduler(
      Supplier<Map<String, PipelineSpec>> pipelines,
      Replays replays,
      JsonLinesLog<ReplayRun> runs,
      Clock clock,
      Retry retry) {
    this.pipelines = requireNonNull(pipelines, "pipelines is null");
    this.replays = requireNonNull(replays, "replays is null");
    this.runs = requireNonNull(runs, "runs is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.retry = requireNonNull(retry, "retry is null");
  }

  public JsonLinesLog<ReplayRun> runs() {
    return runs;
  }

  /**
   * Calls {@code listener} after each successful replay, once its run is recorded (the table groups
   * that follow a pipeline sync then), on the thread that ran the replay; what it throws is logged,
   * not the replay's failure.
   */
  public void onSucceeded(Consumer<ReplayRun> listener) {
    listeners.add(requireNonNull(listener, "listener is null"));
  }

  /** Checks what is due every {@code period}, on a thread of its own. */
  public synchronized void start(Duration period) {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "tributary-replay-scheduler");
              thread.setDaemon(true);
              return thread;
            });
    timer.scheduleWithFixedDelay(
        () -> {
          try {
            tick();
          } catch (Throwable e) { // a thrown Error would cancel the schedule for good
            LOG.warn("Replay scheduling failed", e);
          }
        },
        period.toMillis(),
        period.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /**
   * Runs every scheduled replay that is due now, oldest day first. Day D is due once D+1's time of
   * day has come. A pipeline that has had scheduled runs before also catches up on the days it
   * missed while the platform was down, at most {@link #CATCH_UP_DAYS} back; one that has never had
   * one starts with the newest due day (older days are a backfill's job). A day is run again after
   * a failure, with backoff, until it succeeds or has used its attempts.
   */
  public synchronized void tick() {
    Instant now = clock.instant();
    List<ReplayRun> history = runs.all();
    for (PipelineSpec pipeline : pipelines.get().values()) {
      if (pipeline.dailyReplay().isEmpty()) {
        continue;
      }
      List<ReplayRun> scheduled =
          history.stream()
              .filter(
                  r ->
                      r.pipeline().equals(pipeline.name()) && r.trigger() == ReplayTrigger.SCHEDULE)
              .toList();
      for (LocalDate day : dueDays(pipeline, scheduled, now)) {
        List<ReplayRun> earlier = scheduled.stream().filter(r -> r.day().equals(day)).toList();
        if (earlier.stream().anyMatch(ReplayRun::succeeded) || earlier.size() >= retry.attempts()) {
          continue;
        }
        Optional<Instant> retryAt =
            earlier.isEmpty() ? Optional.empty() : earlier.get(earlier.size() - 1).nextAttempt();
        if (retryAt.isPresent() && now.isBefore(retryAt.get())) {
          continue;
        }
        run(pipeline, day, ReplayTrigger.SCHEDULE, earlier.size() + 1);
      }
    }
  }

  /** The days whose scheduled replay time has passed and that this pipeline's schedule covers. */
  private static List<LocalDate> dueDays(
      PipelineSpec pipeline, List<ReplayRun> scheduled, Instant now) {
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    boolean todaysTimeCame =
        !now.isBefore(today.atTime(pipeline.dailyReplay().get()).toInstant(ZoneOffset.UTC));
    // yesterday is due once today's time has come; until then the day before is the newest
    LocalDate newest = today.minusDays(todaysTimeCame ? 1 : 2);
    Optional<LocalDate> firstScheduled =
        scheduled.stream().map(ReplayRun::day).min(Comparator.naturalOrder());
    if (firstScheduled.isEmpty()) {
      return List.of(newest);
    }
    LocalDate oldest = newest.minusDays(CATCH_UP_DAYS - 1);
    if (oldest.isBefore(firstScheduled.get())) {
      oldest = firstScheduled.get();
    }
    List<LocalDate> days = new ArrayList<>();
    for (LocalDate day = oldest; !day.isAfter(newest); day = day.plusDays(1)) {
      days.add(day);
    }
    return days;
  }

  /**
   * Replays {@code day} of {@code pipeline} now and records the run.
   *
   * @param trigger {@link ReplayTrigger#MANUAL} or {@link ReplayTrigger#BACKFILL}
   */
  public synchronized ReplayRun runNow(String pipeline, LocalDate day, ReplayTrigger trigger) {
    PipelineSpec spec = pipelines.get().get(pipeline);
    if (spec == null) {
      throw new UnknownJobException(
          "No pipeline '"
              + pipeline
              + "' runs; pipelines: "
              + String.join(", ", new java.util.TreeSet<>(pipelines.get().keySet())));
    }
    long attempt =
        runs.all().stream()
                .filter(
                    r ->
                        r.pipeline().equals(pipeline)
                            && r.day().equals(day)
                            && r.trigger() == trigger)
                .count()
            + 1;
    return run(spec, day, trigger, (int) attempt);
  }

  private ReplayRun run(PipelineSpec pipeline, LocalDate day, ReplayTrigger trigger, int attempt) {
    Instant started = clock.instant();
    LOG.info(
        "Replaying {} of pipeline {} ({}, attempt {})", day, pipeline.name(), trigger, attempt);
    ReplayRun run;
    running = Optional.of(new Running(pipeline.name(), day, trigger, started));
    try {
      ReplayReport report;
      try {
        report = replays.replay(pipeline, day);
      } finally {
        running = Optional.empty();
      }
      run =
          new ReplayRun(
              runs.nextId(),
              pipeline.name(),
              day,
              trigger,
              attempt,
              started,
              clock.instant(),
              ReplayStatus.SUCCEEDED,
              Optional.of(report.rowsWritten()),
              Optional.of(report.rowsBefore()),
              Optional.of(report.lateEvents()),
              Optional.of(report.eventsRead()),
              Optional.empty(),
              Optional.empty());
    } catch (RuntimeException | InterruptedException e) { // whatever failed, the run says so
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      boolean retried = trigger == ReplayTrigger.SCHEDULE && attempt < retry.attempts();
      Instant finished = clock.instant();
      run =
          new ReplayRun(
              runs.nextId(),
              pipeline.name(),
              day,
              trigger,
              attempt,
              started,
              finished,
              ReplayStatus.FAILED,
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.of(String.valueOf(e.getMessage())),
              retried ? Optional.of(finished.plus(retry.after(attempt))) : Optional.empty());
      LOG.warn(
          "Replay of {} of pipeline {} failed (attempt {}){}: {}",
          day,
          pipeline.name(),
          attempt,
          run.nextAttempt().map(t -> ", next attempt at " + t).orElse(", not retried"),
          e.getMessage());
    }
    runs.append(run);
    if (run.succeeded()) {
      for (var listener : listeners) {
        try {
          listener.accept(run);
        } catch (RuntimeException e) { // a listener's failure is not the replay's
          LOG.warn("After the replay of {} of pipeline {}", day, pipeline.name(), e);
        }
      }
    }
    return run;
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
