package io.tributary.gateway.deploy;

import static java.util.Objects.requireNonNull;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import io.tributary.catalog.LakeCatalog;
import io.tributary.gateway.auth.GatewayUser;
import io.tributary.gateway.jobs.JobDefinition;
import io.tributary.gateway.jobs.ManagedJobs;
import io.tributary.gateway.store.JsonLinesLog;
import io.tributary.stream.flink.FlinkRest;
import io.tributary.stream.job.LaunchedJob;
import io.tributary.stream.job.StateMismatchException;
import io.tributary.stream.lineage.LineageDatasets;
import io.tributary.stream.pipeline.PipelineLineage;
import io.tributary.stream.pipeline.PipelinePlanner;
import io.tributary.stream.pipeline.PipelineSpec;
import io.tributary.stream.pipeline.PipelineTables;
import io.tributary.stream.pipeline.Pipelines;
import io.tributary.stream.pipeline.PlannedPipeline;
import io.tributary.stream.pipeline.StreamingPipeline;
import io.tributary.stream.pipeline.TargetTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys pipelines from a directory (a git checkout, typically) onto the running platform: plans
 * what would change, then applies it. Everything is validated before anything changes; a changed
 * pipeline stops with a savepoint and its new version starts from it, and is kept only if Flink
 * restores that state and completes a checkpoint with it; otherwise the old version is put back
 * from the same savepoint and the deployment is refused with Flink's reason, unless the caller
 * allows a state reset. Every deployment is recorded in the deployment history.
 */
public final class PipelineDeployer {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineDeployer.class);
  private static final List<String> FILES = List.of(PipelineSpec.YAML_FILE, "transform.sql");

  private final ManagedJobs jobs;
  private final LakeCatalog lake;
  private final PipelineTables tables;
  private final LineageDatasets datasets;
  private final JsonLinesLog<Deployment> history;
  private final Path deployedDir;
  private final FlinkRest flink;
  private final Duration stateCheckTimeout;
  private final Clock clock;

  /**
   * The pipelines that run, by name: replaced whole on each change (under the lock), so that it can
   * be read while a deployment holds the lock.
   */
  private volatile Map<String, PipelineSpec> running = Map.of();

  /**
   * What the caller of {@link #apply} says about the deployment.
   *
   * @param actor the authenticated user, when auth is on: a developer may only deploy pipelines
   *     whose targets are tables of their projects
   */
  public record Request(
      String user, Optional<String> commit, boolean allowStateReset, Optional<GatewayUser> actor) {
    public Request {
      requireNonNull(user, "user is null");
      requireNonNull(commit, "commit is null");
      requireNonNull(actor, "actor is null");
    }
  }

  /**
   * @param deployedDir where the files of each running pipeline version are kept, to diff against
   * @param checkpointInterval how often jobs checkpoint: a new version must complete one
   */
  public PipelineDeployer(
      ManagedJobs jobs,
      LakeCatalog lake,
      PipelineTables tables,
      LineageDatasets datasets,
      JsonLinesLog<Deployment> history,
      Path deployedDir,
      FlinkRest flink,
      Duration checkpointInterval,
      Clock clock) {
    this.jobs = requireNonNull(jobs, "jobs is null");
    this.lake = requireNonNull(lake, "lake is null");
    this.tables = requireNonNull(tables, "tables is null");
    this.datasets = requireNonNull(datasets, "datasets is null");
    this.history = requireNonNull(history, "history is null");
    this.deployedDir = requireNonNull(deployedDir, "deployedDir is null");
    this.flink = requireNonNull(flink, "flink is null");
    this.stateCheckTimeout = checkpointInterval.multipliedBy(3).plusSeconds(60);
    this.clock = requireNonNull(clock, "clock is null");
  }

  public JsonLinesLog<Deployment> history() {
    return history;
  }

  /** The pipelines that run, by name. */
  public Map<String, PipelineSpec> running() {
    return running;
  }

  /**
   * Starts the pipelines the platform was started with, each resuming its own state.
   *
   * @param replacesDeployed whether {@code planned} is now the whole deployed set (the platform
   *     started with pipelines directories), so that what was deployed before and is not among them
   *     is forgotten; when it resumes what was deployed, pipelines it could not start stay deployed
   */
  public synchronized List<LaunchedJob> startAll(
      List<PlannedPipeline> planned, boolean replacesDeployed) throws Exception {
    List<LaunchedJob> started = jobs.startAll(planned.stream().map(this::definition).toList());
    planned.forEach(pipeline -> deployed(pipeline.spec()));
    if (replacesDeployed && Files.isDirectory(deployedDir)) {
      Set<String> names = planned.stream().map(p -> p.spec().name()).collect(Collectors.toSet());
      try (Stream<Path> kept = Files.list(deployedDir)) {
        kept.map(dir -> dir.getFileName().toString())
            .filter(name -> !names.contains(name))
            .toList()
            .forEach(this::undeployed);
      }
    }
    return started;
  }

  /**
   * What deploying {@code directory} would change; checks every new or changed pipeline against the
   * catalog as apply would, without changing anything.
   *
   * @throws io.tributary.stream.declaration.DeclarationException naming the file, line and field of
   *     the first problem
   */
  public synchronized DeployPlan plan(Path directory) {
    List<PipelineSpec> desired = Pipelines.load(List.of(directory)).all();
    DeployPlan plan = compare(desired);
    new PipelinePlanner(lake).checkStreaming(toStart(plan, desired), tables);
    return plan;
  }

  /**
   * Deploys {@code directory}: validates it whole, then applies its plan.
   *
   * @throws io.tributary.stream.declaration.DeclarationException when a pipeline is wrong; nothing
   *     changed
   */
  public synchronized Deployment apply(Path directory, Request request) throws Exception {
    List<PipelineSpec> desired = Pipelines.load(List.of(directory)).all();
    DeployPlan plan = compare(desired);
    request.actor().ifPresent(actor -> checkAllowed(actor, plan));
    Map<String, PlannedPipeline> planned = new LinkedHashMap<>();
    for (PlannedPipeline pipeline :
        new PipelinePlanner(lake).planStreaming(toStart(plan, desired), tables)) {
      planned.put(pipeline.spec().name(), pipeline);
    }
    long id = history.nextId();
    List<Deployment.Outcome> outcomes = new ArrayList<>();
    String status = plan.changesAnything() ? "APPLIED" : "NOTHING_TO_DO";
    DeployPlan.Change current = null;
    try {
      for (DeployPlan.Change change : plan.changes()) {
        if (change.action() != DeployPlan.Action.CHANGED) {
          continue;
        }
        current = change;
        PlannedPipeline next = planned.get(change.pipeline());
        Optional<String> refusal = replace(next, request.allowStateReset(), outcomes);
        if (refusal.isPresent()) {
          status = "REFUSED";
          break;
        }
      }
      if (!status.equals("REFUSED")) {
        for (DeployPlan.Change change : plan.changes()) {
          current = change;
          if (applyOther(change, planned, desired, request.allowStateReset(), outcomes)
              .isPresent()) {
            status = "REFUSED";
            break;
          }
        }
      }
    } catch (Exception e) {
      // what was applied stays applied; the record says where it stopped and why
      outcomes.add(
          new Deployment.Outcome(
              current == null ? "" : current.pipeline(),
              current == null ? DeployPlan.Action.UNCHANGED : current.action(),
              "failed: " + e.getMessage()));
      Deployment failed = record(id, request, directory, "FAILED", outcomes);
      throw new DeploymentFailedException(
          "Deployment "
              + failed.id()
              + " failed at pipeline "
              + (current == null ? "?" : current.pipeline())
              + " ("
              + e.getMessage()
              + "); the changes before it are applied, see `history`",
          e);
    }
    Deployment deployment = record(id, request, directory, status, outcomes);
    LOG.info("Deployment {} by {}: {} {}", id, request.user(), status, outcomes);
    return deployment;
  }

  private Deployment record(
      long id, Request request, Path directory, String status, List<Deployment.Outcome> outcomes) {
    Map<String, String> versions = new TreeMap<>();
    running.forEach(
        (name, spec) -> versions.put(name, StreamingPipeline.fingerprint(spec, tables.sources())));
    Deployment deployment =
        new Deployment(
            id,
            clock.instant(),
            request.user(),
            request.commit(),
            directory.toAbsolutePath().normalize().toString(),
            status,
            outcomes,
            versions);
    history.append(deployment);
    return deployment;
  }

  /**
   * Applies a new, removed or unchanged pipeline's change; returns the refusal of a new pipeline
   * that cannot take over the state an earlier version of it left.
   */
  private Optional<String> applyOther(
      DeployPlan.Change change,
      Map<String, PlannedPipeline> planned,
      List<PipelineSpec> desired,
      boolean allowStateReset,
      List<Deployment.Outcome> outcomes)
      throws Exception {
    switch (change.action()) {
      case REMOVED -> {
        PipelineSpec old = running.get(change.pipeline());
        Optional<Path> savepoint =
            jobs.isRunning(old.jobName()) ? jobs.stop(old.jobName()) : Optional.empty();
        jobs.forget(old.jobName());
        Map<String, PipelineSpec> rest = new TreeMap<>(running);
        rest.remove(change.pipeline());
        running = Map.copyOf(rest);
        undeployed(change.pipeline());
        outcomes.add(
            new Deployment.Outcome(
                change.pipeline(),
                change.action(),
                savepoint
                    .map(p -> "stopped; its savepoint " + p + " is kept")
                    .orElse("stopped; its last checkpoint is kept")));
      }
      case NEW -> {
        PlannedPipeline next = planned.get(change.pipeline());
        LaunchedJob job;
        try {
          job = jobs.start(definition(next));
        } catch (StateMismatchException e) {
          // the name ran before, as another version, and was removed: its state is still there
          return adopt(next, allowStateReset, outcomes);
        }
        deployed(next.spec());
        outcomes.add(
            new Deployment.Outcome(
                change.pipeline(),
                change.action(),
                job.restoredFrom()
                    .map(p -> "started, resuming its saved state " + p)
                    .orElse("started")));
      }
      case UNCHANGED -> {
        PipelineSpec spec = spec(desired, change.pipeline());
        if (!change.diff().isEmpty()) {
          spec.metadata().applyTo(lake.loadTable(spec.target().identifier()));
          deployed(spec);
          outcomes.add(
              new Deployment.Outcome(
                  change.pipeline(), change.action(), "running as it was; metadata updated"));
        } else {
          outcomes.add(
              new Deployment.Outcome(change.pipeline(), change.action(), "running as it was"));
        }
      }
      case CHANGED -> {
        // applied first, one by one
      }
    }
    return Optional.empty();
  }

  /**
   * Starts {@code definition} from {@code state} and returns why that state does not fit it, if it
   * does not (it failed to restore, or did not complete a checkpoint in time); the job is then
   * abandoned.
   */
  private Optional<String> startFrom(JobDefinition definition, Optional<Path> state) {
    Optional<String> misfit;
    try {
      jobs.startFrom(definition, state);
      misfit = stateMisfit(definition.name());
    } catch (Exception e) {
      misfit = Optional.of(String.valueOf(e.getMessage()));
    }
    misfit.ifPresent(reason -> jobs.abandon(definition.name(), new IllegalStateException(reason)));
    return misfit;
  }

  /** Moves the job's state aside, starts the new version with none, and says where it went. */
  private Path startAfresh(PlannedPipeline next, JobDefinition definition) throws Exception {
    Path aside = jobs.launcher().resetState(next.spec().jobName());
    jobs.start(definition);
    deployed(next.spec());
    return aside;
  }

  /**
   * Starts a new pipeline whose name left the state of another version of it (it was removed, and
   * comes back changed): from that state when Flink can restore it, with fresh state when {@code
   * allowStateReset}, else not at all; returns the refusal then.
   */
  private Optional<String> adopt(
      PlannedPipeline next, boolean allowStateReset, List<Deployment.Outcome> outcomes)
      throws Exception {
    String name = next.spec().name();
    String jobName = next.spec().jobName();
    Optional<Path> state = jobs.launcher().latestState(jobName);
    Optional<String> stateVersion = jobs.launcher().savedFingerprint(jobName);
    JobDefinition definition = definition(next);
    Optional<String> misfit = startFrom(definition, state);
    String where = state.map(Path::toString).orElse("its checkpoints");
    if (misfit.isEmpty()) {
      deployed(next.spec());
      outcomes.add(
          new Deployment.Outcome(
              name,
              DeployPlan.Action.NEW,
              "started from the state an earlier version of it left in " + where + "; state kept"));
      return Optional.empty();
    }
    String reason = misfit.get();
    if (allowStateReset) {
      Path aside = startAfresh(next, definition);
      outcomes.add(
          new Deployment.Outcome(
              name,
              DeployPlan.Action.NEW,
              "started with fresh state (--allow-state-reset; Flink could not restore the state"
                  + " an earlier version of it left: "
                  + reason
                  + "); that state is kept in "
                  + aside));
      return Optional.empty();
    }
    jobs.forget(jobName);
    // the state stays the earlier version's, for that version to resume from
    jobs.launcher().keepFingerprint(jobName, stateVersion);
    String refusal =
        "refused: an earlier version of this pipeline left state in "
            + where
            + " that Flink cannot restore into this version ("
            + reason
            + "); nothing was started. Deploy with --allow-state-reset to start it with fresh"
            + " state";
    outcomes.add(new Deployment.Outcome(name, DeployPlan.Action.NEW, refusal));
    return Optional.of(refusal);
  }

  /** Refuses the whole deployment if one change writes a table the user may not write. */
  private static void checkAllowed(GatewayUser actor, DeployPlan plan) {
    for (DeployPlan.Change change : plan.changes()) {
      if (change.action() == DeployPlan.Action.UNCHANGED && change.diff().isEmpty()) {
        continue; // a metadata-only change still writes to the table
      }
      actor.checkMayWrite(
          "deploy pipeline " + change.pipeline(),
          TargetTable.parse(change.target()),
          "; nothing was deployed");
    }
  }

  /**
   * Replaces the running version of a pipeline with {@code next}, carrying its state over when
   * Flink can; returns the refusal when it cannot and no reset is allowed.
   */
  private Optional<String> replace(
      PlannedPipeline next, boolean allowStateReset, List<Deployment.Outcome> outcomes)
      throws Exception {
    String name = next.spec().name();
    String jobName = next.spec().jobName();
    JobDefinition previous = jobs.definition(jobName).orElseThrow();
    // a savepoint when it runs; else (stopped, or the savepoint failed) its newest retained state
    Optional<Path> savepoint = jobs.stopKeepingState(jobName);
    JobDefinition definition = definition(next);
    Optional<String> misfit = startFrom(definition, savepoint);
    if (misfit.isEmpty()) {
      deployed(next.spec());
      outcomes.add(
          new Deployment.Outcome(
              name,
              DeployPlan.Action.CHANGED,
              savepoint
                  .map(p -> "restarted as the new version from savepoint " + p + "; state kept")
                  .orElse("restarted as the new version from its last checkpoint; state kept")));
      return Optional.empty();
    }
    String reason = misfit.get();
    if (allowStateReset) {
      Path aside = startAfresh(next, definition);
      outcomes.add(
          new Deployment.Outcome(
              name,
              DeployPlan.Action.CHANGED,
              "restarted as the new version with fresh state (--allow-state-reset; Flink could"
                  + " not restore the old state: "
                  + reason
                  + "); the old state is kept in "
                  + aside));
      return Optional.empty();
    }
    jobs.startFrom(previous, savepoint);
    String refusal =
        "refused: Flink cannot restore the running version's state into the new version ("
            + reason
            + "); the running version was put back from "
            + savepoint.map(Path::toString).orElse("its last checkpoint")
            + ". Deploy with --allow-state-reset to start the new version with fresh state";
    outcomes.add(new Deployment.Outcome(name, DeployPlan.Action.CHANGED, refusal));
    return Optional.of(refusal);
  }

  /**
   * Waits until the job restored from the old state has completed a checkpoint with it (the state
   * fits), or has failed (it does not: the reason); a job that does neither in time does not fit.
   */
  private Optional<String> stateMisfit(String jobName) throws Exception {
    LaunchedJob job = jobs.running(jobName).orElseThrow();
    String id = job.id().toHexString();
    long deadline = System.nanoTime() + stateCheckTimeout.toNanos();
    while (System.nanoTime() < deadline) {
      // a completed checkpoint means the state was restored and the job has committed with it:
      // from then on it must not be rolled back
      if (flink.checkpoints(id).completed() > 0) {
        return Optional.empty();
      }
      Optional<String> failure = flink.rootCause(id);
      if (failure.isPresent()) {
        return failure;
      }
      String state = flink.state(id).orElse("UNKNOWN");
      if (state.equals("FAILED") || state.equals("CANCELED")) {
        return Optional.of("the job ended as " + state);
      }
      TimeUnit.MILLISECONDS.sleep(500);
    }
    return Optional.of(
        "the new version completed no checkpoint within " + stateCheckTimeout.toSeconds() + " s");
  }

  private DeployPlan compare(List<PipelineSpec> desired) {
    List<DeployPlan.Change> changes = new ArrayList<>();
    TreeSet<String> names = new TreeSet<>(running.keySet());
    desired.forEach(spec -> names.add(spec.name()));
    for (String name : names) {
      PipelineSpec old = running.get(name);
      Optional<PipelineSpec> next = desired.stream().filter(s -> s.name().equals(name)).findFirst();
      if (next.isEmpty()) {
        changes.add(
            new DeployPlan.Change(
                name, DeployPlan.Action.REMOVED, old.target().toString(), List.of()));
      } else if (old == null) {
        changes.add(
            new DeployPlan.Change(
                name, DeployPlan.Action.NEW, next.get().target().toString(), List.of()));
      } else {
        List<String> diff = diff(name, next.get());
        boolean changed =
            !StreamingPipeline.fingerprint(old, tables.sources())
                .equals(StreamingPipeline.fingerprint(next.get(), tables.sources()));
        changes.add(
            new DeployPlan.Change(
                name,
                changed ? DeployPlan.Action.CHANGED : DeployPlan.Action.UNCHANGED,
                next.get().target().toString(),
                diff));
      }
    }
    return new DeployPlan(changes);
  }

  /** A unified diff of the running version's files against the new ones. */
  private List<String> diff(String name, PipelineSpec next) {
    List<String> lines = new ArrayList<>();
    for (String file : FILES) {
      List<String> before = lines(deployedDir.resolve(name).resolve(file));
      List<String> after = lines(next.directory().resolve(file));
      if (!before.equals(after)) {
        lines.addAll(
            UnifiedDiffUtils.generateUnifiedDiff(
                "running/" + name + "/" + file,
                "deploying/" + name + "/" + file,
                before,
                DiffUtils.diff(before, after),
                2));
      }
    }
    return lines;
  }

  private static List<String> lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  /** Keeps the files of the version that now runs, to diff the next deployment against. */
  private void deployed(PipelineSpec spec) {
    Map<String, PipelineSpec> next = new TreeMap<>(running);
    next.put(spec.name(), spec);
    running = Map.copyOf(next);
    try {
      Path target = deployedDir.resolve(spec.name());
      Files.createDirectories(target);
      for (String file : FILES) {
        Path from = spec.directory().resolve(file);
        if (Files.exists(from)) {
          Files.copy(from, target.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot keep the deployed files of " + spec.name(), e);
    }
  }

  /** Forgets the files of a removed pipeline, so that a restart does not bring it back. */
  private void undeployed(String name) {
    Path kept = deployedDir.resolve(name);
    try {
      for (String file : FILES) {
        Files.deleteIfExists(kept.resolve(file));
      }
      Files.deleteIfExists(kept);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot forget the deployed files of " + name, e);
    }
  }

  private List<PipelineSpec> toStart(DeployPlan plan, List<PipelineSpec> desired) {
    List<PipelineSpec> specs = new ArrayList<>();
    for (DeployPlan.Change change : plan.changes()) {
      if (change.action() == DeployPlan.Action.NEW
          || change.action() == DeployPlan.Action.CHANGED) {
        specs.add(spec(desired, change.pipeline()));
      }
    }
    return specs;
  }

  private static PipelineSpec spec(List<PipelineSpec> specs, String name) {
    return specs.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  /** How the platform runs a planned pipeline. */
  public JobDefinition definition(PlannedPipeline pipeline) {
    StreamingPipeline streaming = new StreamingPipeline(pipeline.spec(), tables);
    return new JobDefinition(
        pipeline.spec().jobName(),
        "PIPELINE",
        Optional.of(streaming.fingerprint()),
        streaming::addTo,
        PipelineLineage.streaming(pipeline.spec(), pipeline.lineage(), datasets),
        Optional.empty(),
        Optional.empty());
  }
}
