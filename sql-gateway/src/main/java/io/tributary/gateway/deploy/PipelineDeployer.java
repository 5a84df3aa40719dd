package io.tributary.gateway.deploy;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.LakeCatalog;
import io.tributary.gateway.auth.GatewayUser;
import io.tributary.gateway.jobs.ManagedJobs;
import io.tributary.stream.flink.FlinkRest;
import io.tributary.stream.job.JobDefinition;
import io.tributary.stream.job.LaunchedJob;
import io.tributary.stream.job.StateLocation;
import io.tributary.stream.job.StateMismatchException;
import io.tributary.stream.lineage.JobLineage;
import io.tributary.stream.lineage.LineageDatasets;
import io.tributary.stream.maintenance.MaintenanceJobs;
import io.tributary.stream.pipeline.PipelinePlanner;
import io.tributary.stream.pipeline.PipelineSpec;
import io.tributary.stream.pipeline.PipelineTables;
import io.tributary.stream.pipeline.Pipelines;
import io.tributary.stream.pipeline.PlannedPipeline;
import io.tributary.stream.pipeline.StreamingPipeline;
import io.tributary.stream.pipeline.TargetTable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys pipelines from a directory (a git checkout, typically) onto the running platform: plans
 * what would change ({@link DeploymentPlanner}), then applies it. Everything is validated before
 * anything changes; a changed pipeline's state is handed to its new version when Flink can restore
 * it ({@link StateHandOver}), else the deployment is refused with Flink's reason, unless the caller
 * allows a state reset. Every deployment is recorded in the {@link DeploymentHistory}, and the
 * files of what runs are kept ({@link DeployedFiles}). Each pipeline that runs has its target's
 * maintenance job ({@link PipelineMaintenance}).
 */
public final class PipelineDeployer {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineDeployer.class);

  private final ManagedJobs jobs;
  private final LakeCatalog lake;
  private final PipelineTables tables;
  private final LineageDatasets datasets;
  private final DeploymentHistory history;
  private final DeployedFiles files;
  private final StateHandOver handOver;
  private final DeploymentPlanner planner;
  private final PipelineMaintenance maintenance;

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
   * @param checkpointInterval how often jobs checkpoint: a new version must complete one
   * @param maintenance how the pipelines' targets are maintained
   */
  public PipelineDeployer(
      ManagedJobs jobs,
      LakeCatalog lake,
      PipelineTables tables,
      LineageDatasets datasets,
      DeploymentHistory history,
      DeployedFiles files,
      FlinkRest flink,
      Duration checkpointInterval,
      MaintenanceJobs maintenance) {
    this.jobs = requireNonNull(jobs, "jobs is null");
    this.lake = requireNonNull(lake, "lake is null");
    this.tables = requireNonNull(tables, "tables is null");
    this.datasets = requireNonNull(datasets, "datasets is null");
    this.history = requireNonNull(history, "history is null");
    this.files = requireNonNull(files, "files is null");
    this.handOver = new StateHandOver(jobs, flink, checkpointInterval);
    this.planner = new DeploymentPlanner(this::fingerprint, files::diff);
    this.maintenance = new PipelineMaintenance(jobs, maintenance);
  }

  public DeploymentHistory history() {
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
      List<PlannedPipeline> planned, boolean replacesDeployed) throws InterruptedException {
    List<LaunchedJob> started = jobs.startAll(planned.stream().map(this::definition).toList());
    planned.forEach(pipeline -> deployed(pipeline.spec()));
    if (replacesDeployed) {
      Set<String> names = planned.stream().map(p -> p.spec().name()).collect(Collectors.toSet());
      files.names().stream().filter(name -> !names.contains(name)).forEach(files::forget);
    }
    maintenance.sync(running);
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
    DeployPlan plan = planner.plan(running, desired);
    new PipelinePlanner(lake).checkStreaming(DeploymentPlanner.toStart(plan, desired), tables);
    return plan;
  }

  /**
   * Deploys {@code directory}: validates it whole, then applies its plan, changed pipelines first.
   *
   * @throws io.tributary.stream.declaration.DeclarationException when a pipeline is wrong; nothing
   *     changed
   * @throws DeploymentFailedException when a job would not stop or start; what was applied before
   *     stays applied, and the history says where it stopped
   */
  public synchronized Deployment apply(Path directory, Request request)
      throws InterruptedException {
    List<PipelineSpec> desired = Pipelines.load(List.of(directory)).all();
    DeployPlan plan = planner.plan(running, desired);
    request.actor().ifPresent(actor -> checkAllowed(actor, plan));
    Map<String, PlannedPipeline> planned = new LinkedHashMap<>();
    for (PlannedPipeline pipeline :
        new PipelinePlanner(lake).planStreaming(DeploymentPlanner.toStart(plan, desired), tables)) {
      planned.put(pipeline.spec().name(), pipeline);
    }
    long id = history.nextId();
    List<Deployment.Outcome> outcomes = new ArrayList<>();
    DeploymentStatus status =
        plan.changesAnything() ? DeploymentStatus.APPLIED : DeploymentStatus.NOTHING_TO_DO;
    DeployPlan.Change current = null;
    try {
      // changed pipelines first: a refusal among them leaves everything else as it was
      for (DeployPlan.Change change : changesInOrder(plan)) {
        current = change;
        if (!apply(change, planned, desired, request.allowStateReset(), outcomes)) {
          status = DeploymentStatus.REFUSED;
          break;
        }
      }
      maintenance.sync(running);
    } catch (RuntimeException | InterruptedException e) { // whatever stops it, history says where
      // what was applied stays applied; the record says where it stopped and why
      outcomes.add(
          new Deployment.Outcome(
              current == null ? "" : current.pipeline(),
              current == null ? DeployPlan.Action.UNCHANGED : current.action(),
              "failed: " + e.getMessage()));
      Deployment failed = record(id, request, directory, DeploymentStatus.FAILED, outcomes);
      if (e instanceof InterruptedException interrupted) {
        throw interrupted;
      }
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

  /** The plan's changes as they are applied: every changed pipeline, then the others. */
  private static List<DeployPlan.Change> changesInOrder(DeployPlan plan) {
    List<DeployPlan.Change> ordered = new ArrayList<>();
    plan.changes().stream()
        .filter(c -> c.action() == DeployPlan.Action.CHANGED)
        .forEach(ordered::add);
    plan.changes().stream()
        .filter(c -> c.action() != DeployPlan.Action.CHANGED)
        .forEach(ordered::add);
    return ordered;
  }

  private Deployment record(
      long id,
      Request request,
      Path directory,
      DeploymentStatus status,
      List<Deployment.Outcome> outcomes) {
    Map<String, String> versions = new TreeMap<>();
    running.forEach((name, spec) -> versions.put(name, fingerprint(spec)));
    return history.record(id, request, directory, status, outcomes, versions);
  }

  /** Applies one pipeline's change; returns false when it is refused. */
  private boolean apply(
      DeployPlan.Change change,
      Map<String, PlannedPipeline> planned,
      List<PipelineSpec> desired,
      boolean allowStateReset,
      List<Deployment.Outcome> outcomes)
      throws InterruptedException {
    String name = change.pipeline();
    switch (change.action()) {
      case CHANGED -> {
        PlannedPipeline next = planned.get(name);
        StateHandOver.Result result = handOver.replace(definition(next), allowStateReset);
        outcomes.add(new Deployment.Outcome(name, change.action(), result.result()));
        if (result.refused()) {
          return false;
        }
        deployed(next.spec());
      }
      case NEW -> {
        PlannedPipeline next = planned.get(name);
        String result;
        try {
          LaunchedJob job = jobs.start(definition(next));
          result =
              job.restoredFrom()
                  .map(p -> "started, resuming its saved state " + p)
                  .orElse("started");
        } catch (StateMismatchException e) {
          // the name ran before, as another version, and was removed: its state is still there
          StateHandOver.Result adopted = handOver.adopt(definition(next), allowStateReset);
          outcomes.add(new Deployment.Outcome(name, change.action(), adopted.result()));
          if (adopted.refused()) {
            return false;
          }
          deployed(next.spec());
          return true;
        }
        deployed(next.spec());
        outcomes.add(new Deployment.Outcome(name, change.action(), result));
      }
      case REMOVED -> {
        PipelineSpec old = running.get(name);
        Optional<StateLocation> savepoint =
            jobs.isRunning(old.jobName()) ? jobs.stop(old.jobName()) : Optional.empty();
        jobs.forget(old.jobName());
        Map<String, PipelineSpec> rest = new TreeMap<>(running);
        rest.remove(name);
        running = Map.copyOf(rest);
        files.forget(name);
        outcomes.add(
            new Deployment.Outcome(
                name,
                change.action(),
                savepoint
                    .map(p -> "stopped; its savepoint " + p + " is kept")
                    .orElse("stopped; its last checkpoint is kept")));
      }
      case UNCHANGED -> {
        PipelineSpec spec = DeploymentPlanner.spec(desired, name);
        if (!change.diff().isEmpty()) {
          spec.metadata().applyTo(lake.loadTable(spec.target().identifier()));
          deployed(spec);
          outcomes.add(
              new Deployment.Outcome(name, change.action(), "running as it was; metadata updated"));
        } else {
          outcomes.add(new Deployment.Outcome(name, change.action(), "running as it was"));
        }
      }
    }
    return true;
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

  /** Records {@code spec} as the version that runs, and keeps its files. */
  private void deployed(PipelineSpec spec) {
    Map<String, PipelineSpec> next = new TreeMap<>(running);
    next.put(spec.name(), spec);
    running = Map.copyOf(next);
    files.keep(spec);
  }

  private String fingerprint(PipelineSpec spec) {
    return StreamingPipeline.fingerprint(spec, tables.sources());
  }

  /** How the platform runs a planned pipeline. */
  public JobDefinition definition(PlannedPipeline pipeline) {
    return StreamingPipeline.definition(
        pipeline, tables, JobLineage.streaming(pipeline.spec(), pipeline.lineage(), datasets));
  }
}
