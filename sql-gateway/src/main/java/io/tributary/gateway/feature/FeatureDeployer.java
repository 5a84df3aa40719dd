package io.tributary.gateway.feature;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.TributaryException;
import io.tributary.feature.dynamodb.GroupPointer;
import io.tributary.feature.dynamodb.GroupStats;
import io.tributary.feature.dynamodb.OnlineStore;
import io.tributary.feature.group.FeatureGroupDiff;
import io.tributary.feature.group.FeatureGroupSpec;
import io.tributary.feature.group.FeatureGroups;
import io.tributary.feature.group.FeatureSpec;
import io.tributary.feature.job.FeatureJob;
import io.tributary.feature.verify.VerifyReport;
import io.tributary.gateway.jobs.JobState;
import io.tributary.gateway.jobs.JobView;
import io.tributary.gateway.jobs.ManagedJobs;
import io.tributary.stream.job.JobDefinition;
import io.tributary.stream.job.LaunchedJob;
import io.tributary.stream.source.Sources;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the feature groups: one streaming job per group's generation, the group's pointer in the
 * online store, and deployments of a features directory. A changed group (a feature added, a window
 * changed) is built as a new generation from the earliest offset the log holds, beside the old one,
 * which keeps answering; once the new generation's job has committed the log's end as it was when
 * it started (so its writes up to there are in the store), reads switch to it in one conditional
 * write, the old job stops, and, after a grace period for reads already under way, the old
 * generation's items are removed.
 */
public final class FeatureDeployer {
  private static final Logger LOG = LoggerFactory.getLogger(FeatureDeployer.class);

  private final ManagedJobs jobs;
  private final OnlineStore store;
  private final Sources sources;
  private final FeatureJobs definitions;
  private final Duration catchUpTimeout;
  private final Duration retireGrace;

  /** The groups that run, by name; replaced whole on each change. */
  private volatile Map<String, FeatureGroupSpec> running = Map.of();

  /**
   * @param definitions how a group's jobs are built
   * @param catchUpTimeout how long a new generation may take to catch up before the deployment
   *     gives it up (the old one keeps answering)
   * @param retireGrace how long an old generation's items outlive the switch
   */
  public FeatureDeployer(
      ManagedJobs jobs,
      OnlineStore store,
      Sources sources,
      FeatureJobs definitions,
      Duration catchUpTimeout,
      Duration retireGrace) {
    this.jobs = requireNonNull(jobs, "jobs is null");
    this.store = requireNonNull(store, "store is null");
    this.sources = requireNonNull(sources, "sources is null");
    this.definitions = requireNonNull(definitions, "definitions is null");
    this.catchUpTimeout = requireNonNull(catchUpTimeout, "catchUpTimeout is null");
    this.retireGrace = requireNonNull(retireGrace, "retireGrace is null");
  }

  /** The groups that run, by name. */
  public Map<String, FeatureGroupSpec> running() {
    return running;
  }

  /**
   * Starts the groups the platform was started with. A group whose stored generation is its own
   * resumes its job's state; a new group starts from the earliest offset; a group declared
   * differently than when it last ran is built as a new generation while the old one's items keep
   * answering (unchanged, since the old job does not run), and switched to once caught up.
   */
  public synchronized List<LaunchedJob> startAll(List<FeatureGroupSpec> groups)
      throws InterruptedException {
    store.ensureTable();
    List<LaunchedJob> started = new ArrayList<>();
    for (FeatureGroupSpec group : groups) {
      Optional<GroupPointer> pointer = store.pointer(group.name());
      if (pointer.isPresent() && !pointer.get().active().equals(group.generation())) {
        started.add(buildBeside(group, pointer.get()));
        continueInBackground(group, pointer.get().active());
      } else {
        store.publish(FeatureJob.pointer(group));
        store.register(FeatureJob.info(group));
        started.add(jobs.start(definitions.streaming(group)));
      }
      put(group);
    }
    return started;
  }

  /** What deploying the groups of {@code directory} would change; validates them all. */
  public synchronized List<FeatureChange> plan(Path directory) {
    return plan(FeatureGroups.load(List.of(directory), sources).all());
  }

  /**
   * Deploys the groups of {@code directory}: new ones start, removed ones stop and their items go,
   * changed ones are rebuilt beside the old (this returns once reads have switched).
   *
   * @throws io.tributary.stream.declaration.DeclarationException when a group is wrong; nothing
   *     changed
   */
  public synchronized List<FeatureChange> apply(Path directory) throws InterruptedException {
    List<FeatureGroupSpec> desired = FeatureGroups.load(List.of(directory), sources).all();
    List<FeatureChange> plan = plan(desired);
    for (FeatureChange change : plan) {
      switch (change.action()) {
        case NEW -> {
          FeatureGroupSpec group = find(desired, change.group());
          store.publish(FeatureJob.pointer(group));
          store.register(FeatureJob.info(group));
          jobs.start(definitions.streaming(group));
          put(group);
        }
        case CHANGED -> {
          FeatureGroupSpec old = running.get(change.group());
          FeatureGroupSpec group = find(desired, change.group());
          GroupPointer current = store.pointer(group.name()).orElse(FeatureJob.pointer(old));
          buildBeside(group, current);
          switchWhenCaughtUp(group, current.active(), Optional.of(old));
          put(group);
        }
        case REMOVED -> remove(running.get(change.group()));
        case UNCHANGED -> put(find(desired, change.group()));
      }
    }
    return plan;
  }

  /**
   * Recomputes {@code group} from the log with the same aggregation, up to the log's end now: a
   * bounded job that folds every event, late ones too, and never overwrites a value the streaming
   * job wrote from more of the log. Returns the job, which ends by itself.
   */
  public synchronized LaunchedJob backfill(String group) throws InterruptedException {
    FeatureGroupSpec spec = running.get(group);
    if (spec == null) {
      throw new TributaryException(
          ErrorCode.NOT_FOUND,
          "No feature group " + group + "; the groups are " + new TreeSet<>(running.keySet()));
    }
    JobDefinition backfill = definitions.backfill(spec);
    Optional<LaunchedJob> previous = jobs.running(backfill.name());
    if (previous.isPresent()
        && !previous.get().status(Duration.ofSeconds(10)).isGloballyTerminalState()) {
      throw new TributaryException(
          ErrorCode.CONFLICT, "A backfill of " + group + " runs already: " + backfill.name());
    }
    return jobs.startFrom(backfill, Optional.empty());
  }

  /**
   * Recomputes up to {@code sample} of the group's entities from the log and compares them with the
   * store ({@link FeatureVerifier}).
   *
   * @throws TributaryException when there is no such group or it cannot be verified now
   */
  public VerifyReport verify(String group, int sample) throws InterruptedException {
    FeatureGroupSpec spec = running.get(group);
    if (spec == null) {
      throw new TributaryException(
          ErrorCode.NOT_FOUND,
          "No feature group " + group + "; the groups are " + new TreeSet<>(running.keySet()));
    }
    return new FeatureVerifier(jobs, store, definitions).verify(spec, sample);
  }

  /** Every running group with its job, its counts and how far behind the log it is. */
  public List<FeatureGroupStatus> status() throws InterruptedException {
    Map<String, JobView> views = new LinkedHashMap<>();
    for (JobView view : jobs.list()) {
      views.put(view.name(), view);
    }
    List<FeatureGroupStatus> statuses = new ArrayList<>();
    for (FeatureGroupSpec group : new TreeMap<>(running).values()) {
      Optional<GroupPointer> pointer = store.pointer(group.name());
      String generation = pointer.map(GroupPointer::active).orElse(group.generation());
      Optional<String> building = pointer.flatMap(GroupPointer::next);
      String job = FeatureJob.jobName(group);
      JobView view = views.get(job);
      GroupStats stats = store.stats(group.name(), group.generation());
      statuses.add(
          new FeatureGroupStatus(
              group.name(),
              group.source(),
              generation,
              building,
              group.features().stream().map(FeatureSpec::name).toList(),
              job,
              view == null ? JobState.UNKNOWN : view.state(),
              stats.entities(),
              stats.events(),
              stats.late(),
              stats.writtenAt() > 0
                  ? Optional.of(Instant.ofEpochMilli(stats.writtenAt()))
                  : Optional.empty(),
              stats.newestEventTime() > Long.MIN_VALUE && stats.events() > 0
                  ? Optional.of(Instant.ofEpochMilli(stats.newestEventTime()))
                  : Optional.empty(),
              view == null
                  ? 0
                  : view.lag().stream().mapToLong(JobView.PartitionLag::records).sum()));
    }
    return statuses;
  }

  private List<FeatureChange> plan(List<FeatureGroupSpec> desired) {
    Map<String, FeatureGroupSpec> wanted = new LinkedHashMap<>();
    desired.forEach(group -> wanted.put(group.name(), group));
    TreeSet<String> names = new TreeSet<>(running.keySet());
    names.addAll(wanted.keySet());
    List<FeatureChange> changes = new ArrayList<>();
    for (String name : names) {
      FeatureGroupSpec old = running.get(name);
      FeatureGroupSpec next = wanted.get(name);
      if (next == null) {
        changes.add(
            new FeatureChange(
                name,
                FeatureChange.Action.REMOVED,
                old.generation(),
                Optional.of(old.generation()),
                List.of()));
      } else if (old == null) {
        changes.add(
            new FeatureChange(
                name, FeatureChange.Action.NEW, next.generation(), Optional.empty(), List.of()));
      } else {
        boolean changed = FeatureGroupDiff.recomputes(old, next);
        changes.add(
            new FeatureChange(
                name,
                changed ? FeatureChange.Action.CHANGED : FeatureChange.Action.UNCHANGED,
                next.generation(),
                Optional.of(old.generation()),
                FeatureGroupDiff.between(old, next)));
      }
    }
    return changes;
  }

  /** Starts {@code group}'s generation beside the one {@code current} points at. */
  private LaunchedJob buildBeside(FeatureGroupSpec group, GroupPointer current)
      throws InterruptedException {
    store.publish(
        new GroupPointer(
            group.name(),
            current.active(),
            Optional.of(group.generation()),
            current.features(),
            current.entity(),
            current.maxAge(),
            current.parts()));
    JobDefinition definition = definitions.streaming(group);
    jobs.forget(definition.name());
    return jobs.start(definition);
  }

  private void continueInBackground(FeatureGroupSpec group, String oldGeneration) {
    Thread thread =
        new Thread(
            () -> {
              try {
                switchWhenCaughtUp(group, oldGeneration, Optional.empty());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (RuntimeException e) { // logged: the old generation keeps answering
                LOG.warn(
                    "Feature group {} did not switch to {}", group.name(), group.generation(), e);
              }
            },
            "feature-switch-" + group.name());
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Waits until {@code group}'s new generation has caught up, then switches reads to it, stops the
   * old generation's job and, after the grace period, removes its items.
   */
  private void switchWhenCaughtUp(
      FeatureGroupSpec group, String oldGeneration, Optional<FeatureGroupSpec> old)
      throws InterruptedException {
    FeatureJob job = definitions.job(group, false);
    CatchUp catchUp = CatchUp.toEndOf(definitions.kafka(), definitions.topic(group));
    long deadline = System.nanoTime() + catchUpTimeout.toNanos();
    long remaining;
    while ((remaining = catchUp.remaining(job.consumerGroup())) > 0) {
      if (!jobs.isRunning(job.jobName())) {
        throw new TributaryException(
            ErrorCode.EXTERNAL_FAILURE,
            "Generation "
                + group.generation()
                + " of feature group "
                + group.name()
                + " stopped before catching up; reads stay on "
                + oldGeneration);
      }
      if (System.nanoTime() > deadline) {
        throw new TributaryException(
            ErrorCode.EXTERNAL_FAILURE,
            "Generation "
                + group.generation()
                + " of feature group "
                + group.name()
                + " is still "
                + remaining
                + " records behind after "
                + catchUpTimeout.toSeconds()
                + " s; reads stay on "
                + oldGeneration);
      }
      TimeUnit.MILLISECONDS.sleep(500);
    }
    if (!store.switchTo(group.name(), oldGeneration, FeatureJob.pointer(group))) {
      throw new TributaryException(
          ErrorCode.CONFLICT,
          "Feature group "
              + group.name()
              + " no longer reads generation "
              + oldGeneration
              + "; not switched");
    }
    store.register(FeatureJob.info(group));
    LOG.info("Feature group {} reads generation {} now", group.name(), group.generation());
    if (old.isPresent()) {
      String oldJob = FeatureJob.jobName(old.get());
      if (jobs.isRunning(oldJob)) {
        jobs.stop(oldJob);
      }
      jobs.forget(oldJob);
    }
    // reads that fetched the old pointer just before the switch still find their items
    TimeUnit.MILLISECONDS.sleep(retireGrace.toMillis());
    long removed = store.deleteGeneration(group.name(), oldGeneration);
    LOG.info("Removed {} items of generation {} of {}", removed, oldGeneration, group.name());
  }

  private void remove(FeatureGroupSpec group) throws InterruptedException {
    String job = FeatureJob.jobName(group);
    if (jobs.isRunning(job)) {
      jobs.stop(job);
    }
    jobs.forget(job);
    store.deletePointer(group.name());
    store.unregister(group.name());
    store.deleteGeneration(group.name(), group.generation());
    Map<String, FeatureGroupSpec> next = new LinkedHashMap<>(running);
    next.remove(group.name());
    running = Map.copyOf(next);
  }

  private void put(FeatureGroupSpec group) {
    Map<String, FeatureGroupSpec> next = new LinkedHashMap<>(running);
    next.put(group.name(), group);
    running = Map.copyOf(next);
  }

  private static FeatureGroupSpec find(List<FeatureGroupSpec> groups, String name) {
    return groups.stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow();
  }
}
