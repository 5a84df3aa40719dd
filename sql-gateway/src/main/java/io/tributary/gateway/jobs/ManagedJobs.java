package io.tributary.gateway.jobs;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.TributaryException;
import io.tributary.catalog.lineage.Lineage;
import io.tributary.stream.flink.FlinkRest;
import io.tributary.stream.job.JobDefinition;
import io.tributary.stream.job.JobKind;
import io.tributary.stream.job.JobLauncher;
import io.tributary.stream.job.LaunchedJob;
import io.tributary.stream.job.StateLocation;
import io.tributary.stream.kafka.KafkaConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's long-running jobs (landing and pipelines), by name: started, stopped with a
 * savepoint, restarted from it, listed with what an operator needs to know ({@link JobViews}).
 * Every start and stop is recorded in lineage.
 */
public final class ManagedJobs {
  private static final Logger LOG = LoggerFactory.getLogger(ManagedJobs.class);

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);

  private final JobLauncher launcher;
  private final Lineage lineage;
  private final JobViews views;
  private final Map<String, Entry> jobs = new LinkedHashMap<>();

  /** One job: its definition, its current run if it runs, its newest savepoint. */
  private static final class Entry {
    JobDefinition definition;
    LaunchedJob job;
    Lineage.Run run;
    Optional<StateLocation> lastSavepoint = Optional.empty();

    Registered registered(String name) {
      return new Registered(name, definition, Optional.ofNullable(job), lastSavepoint);
    }
  }

  /** A job as the registry holds it at one moment, for {@link JobViews}. */
  record Registered(
      String name,
      JobDefinition definition,
      Optional<LaunchedJob> job,
      Optional<StateLocation> lastSavepoint) {}

  public ManagedJobs(
      JobLauncher launcher, Lineage lineage, FlinkRest flink, KafkaConnection kafka, Clock clock) {
    this.launcher = requireNonNull(launcher, "launcher is null");
    this.lineage = requireNonNull(lineage, "lineage is null");
    this.views = new JobViews(flink, new KafkaLag(kafka, clock), clock);
  }

  public JobLauncher launcher() {
    return launcher;
  }

  /**
   * Submits {@code definition}, resumed from its newest state of the same version, and returns once
   * it runs.
   */
  public synchronized LaunchedJob start(JobDefinition definition) throws InterruptedException {
    return running(definition, launcher.launch(definition));
  }

  /**
   * Submits every definition, then waits until each runs: jobs start side by side, as the platform
   * starts.
   */
  public synchronized List<LaunchedJob> startAll(List<JobDefinition> definitions)
      throws InterruptedException {
    List<LaunchedJob> submitted = new ArrayList<>();
    for (JobDefinition definition : definitions) {
      submitted.add(launcher.launch(definition));
    }
    for (int i = 0; i < definitions.size(); i++) {
      running(definitions.get(i), submitted.get(i));
    }
    return submitted;
  }

  /**
   * Submits {@code definition} restored from exactly {@code from} (or from nothing), and returns
   * once it runs; for a new version of a job.
   */
  public synchronized LaunchedJob startFrom(JobDefinition definition, Optional<StateLocation> from)
      throws InterruptedException {
    return running(definition, launcher.launchFrom(definition, from));
  }

  private LaunchedJob running(JobDefinition definition, LaunchedJob job)
      throws InterruptedException {
    Entry entry = jobs.computeIfAbsent(definition.name(), name -> new Entry());
    entry.definition = definition;
    entry.job = job;
    entry.run = lineage.start(definition.lineage());
    try {
      awaitRunning(job, definition.kind() == JobKind.FEATURE_BACKFILL);
    } catch (RuntimeException
        | InterruptedException e) { // recorded as the run's end, then passed on
      entry.run.fail(e);
      entry.run = null;
      throw e;
    }
    return job;
  }

  /** The jobs that run, by name. */
  public synchronized Map<String, LaunchedJob> runningJobs() {
    Map<String, LaunchedJob> running = new LinkedHashMap<>();
    jobs.forEach(
        (name, entry) -> {
          if (entry.job != null) {
            running.put(name, entry.job);
          }
        });
    return running;
  }

  /** The job of that name, if the platform knows it and it runs. */
  public synchronized Optional<LaunchedJob> running(String name) {
    Entry entry = jobs.get(name);
    return entry == null ? Optional.empty() : Optional.ofNullable(entry.job);
  }

  /** The definition the job of that name runs (or ran, before it was stopped). */
  public synchronized Optional<JobDefinition> definition(String name) {
    Entry entry = jobs.get(name);
    return entry == null ? Optional.empty() : Optional.of(entry.definition);
  }

  /** Whether a job of that name runs now. */
  public synchronized boolean isRunning(String name) {
    Entry entry = jobs.get(name);
    return entry != null && entry.job != null;
  }

  /**
   * Stops the job with a savepoint; it stays known, {@link JobState#STOPPED}, until started again.
   *
   * @throws UnknownJobException when no such job runs
   */
  public Optional<StateLocation> stop(String name) throws InterruptedException {
    Entry entry;
    LaunchedJob job;
    synchronized (this) {
      entry = runningEntry(name);
      job = entry.job;
    }
    // the savepoint takes seconds: other jobs may stop (or be listed) meanwhile
    Optional<StateLocation> savepoint = job.stop(STOP_TIMEOUT);
    synchronized (this) {
      entry.lastSavepoint = savepoint.or(() -> entry.lastSavepoint);
      if (entry.run != null) {
        if (savepoint.isPresent()) {
          entry.run.complete(Map.of());
        } else {
          entry.run.fail(
              new IllegalStateException(
                  "stopped without a savepoint; it resumes from its last checkpoint"));
        }
        entry.run = null;
      }
      if (entry.job == job) {
        entry.job = null;
      }
    }
    return savepoint;
  }

  /**
   * Stops the job with a savepoint and starts the same version from it; a stopped job starts from
   * its newest state.
   */
  public synchronized LaunchedJob restart(String name) throws InterruptedException {
    Entry entry = jobs.get(name);
    if (entry == null) {
      throw new UnknownJobException(name, names());
    }
    if (entry.job == null) {
      return start(entry.definition);
    }
    return startFrom(entry.definition, stopKeepingState(name));
  }

  /**
   * Stops the job with a savepoint if it runs, and says what it can resume from: that savepoint, or
   * (stopped already, or the savepoint failed) its newest retained state.
   */
  public Optional<StateLocation> stopKeepingState(String name) throws InterruptedException {
    Optional<StateLocation> savepoint = isRunning(name) ? stop(name) : Optional.empty();
    return savepoint.or(() -> launcher.latestState(name));
  }

  /** Takes a savepoint of the running job. */
  public synchronized StateLocation savepoint(String name) throws InterruptedException {
    Entry entry = runningEntry(name);
    StateLocation savepoint = entry.job.savepoint(STOP_TIMEOUT);
    entry.lastSavepoint = Optional.of(savepoint);
    return savepoint;
  }

  /** Forgets a job that is not running (a removed pipeline). */
  public synchronized void forget(String name) {
    Entry entry = jobs.get(name);
    if (entry != null && entry.job == null) {
      jobs.remove(name);
    }
  }

  /**
   * Cancels a run that did not work out (a new version whose state did not fit), recording its
   * failure in lineage.
   */
  public synchronized void abandon(String name, Throwable reason) throws InterruptedException {
    Entry entry = jobs.get(name);
    if (entry == null || entry.job == null) {
      return;
    }
    try {
      entry.job.cancel(STOP_TIMEOUT);
    } catch (TributaryException e) {
      LOG.warn("Cannot cancel job {}", entry.job, e);
    }
    if (entry.run != null) {
      entry.run.fail(reason);
      entry.run = null;
    }
    entry.job = null;
  }

  public synchronized List<String> names() {
    return List.copyOf(jobs.keySet());
  }

  /** Every running job's id by name. */
  public synchronized Map<String, String> runningIds() {
    Map<String, String> ids = new LinkedHashMap<>();
    jobs.forEach(
        (name, entry) -> {
          if (entry.job != null) {
            ids.put(name, entry.job.id().toHexString());
          }
        });
    return ids;
  }

  /** Every job with its state, checkpoints, restarts, failure and lag. */
  public List<JobView> list() throws InterruptedException {
    List<Registered> snapshot = new ArrayList<>();
    synchronized (this) {
      jobs.forEach((name, entry) -> snapshot.add(entry.registered(name)));
    }
    return views.of(snapshot);
  }

  /** Stops every running job with a savepoint, in parallel: the platform is shutting down. */
  public void stopAll() {
    List<CompletableFuture<?>> stops = new ArrayList<>();
    for (String name : names()) {
      stops.add(CompletableFuture.runAsync(() -> stopForShutdown(name)));
    }
    CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
  }

  private void stopForShutdown(String name) {
    try {
      if (running(name).isPresent()) {
        stop(name);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("Stopping job {} was interrupted; it resumes from its last checkpoint", name);
    } catch (RuntimeException e) { // one job's failure to stop must not keep the others running
      LOG.warn("Cannot stop job {}", name, e);
    }
  }

  private Entry runningEntry(String name) {
    Entry entry = jobs.get(name);
    if (entry == null) {
      throw new UnknownJobException(name, names());
    }
    if (entry.job == null) {
      throw new TributaryException(
          ErrorCode.CONFLICT, "Job " + name + " is stopped; restart it first");
    }
    return entry;
  }

  /**
   * Waits until {@code job} runs; a {@code bounded} one (a backfill) may also have finished
   * already.
   */
  private static void awaitRunning(LaunchedJob job, boolean bounded) throws InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      JobStatus status = job.status(Duration.ofSeconds(10));
      if (status == JobStatus.RUNNING || (bounded && status == JobStatus.FINISHED)) {
        return;
      }
      if (status.isTerminalState()) {
        throw new TributaryException(
            ErrorCode.EXTERNAL_FAILURE,
            "Job " + job + " ended as " + status + " while starting; see the log");
      }
      if (System.nanoTime() > deadline) {
        throw new TributaryException(
            ErrorCode.EXTERNAL_FAILURE,
            "Job " + job + " is still " + status + " after " + START_TIMEOUT.toSeconds() + " s");
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }
}
