package io.tributary.stream.job;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.TributaryException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits the platform's jobs to a Flink cluster through its REST address. A long-lived job gets
 * its own checkpoint and savepoint locations in the {@link StateStore} and resumes from the newest
 * complete savepoint or checkpoint of its name; a bounded job runs to its end without checkpoints.
 * The same code submits to the embedded MiniCluster and to a cluster of its own; only the address
 * (and the jars the jobs carry) differ.
 *
 * <pre>{@code
 * JobLauncher launcher = new JobLauncher(cluster, new StateStore(root), JobSettings.DEFAULT);
 * LaunchedJob job = launcher.launch(landing.definition(JobLineage.landing(source, datasets, "lake")));
 * }</pre>
 */
public final class JobLauncher {
  private static final Logger LOG = LoggerFactory.getLogger(JobLauncher.class);

  private final FlinkCluster cluster;
  private final StateStore state;
  private final JobSettings settings;

  public JobLauncher(FlinkCluster cluster, StateStore state, JobSettings settings) {
    this.cluster = requireNonNull(cluster, "cluster is null");
    this.state = requireNonNull(state, "state is null");
    this.settings = requireNonNull(settings, "settings is null");
  }

  public JobSettings settings() {
    return settings;
  }

  /** Where the jobs' state is kept. */
  public StateStore state() {
    return state;
  }

  /**
   * Builds the job and submits it, restored from its newest state if any. A job with a fingerprint
   * resumes only from state saved by the same fingerprint.
   *
   * @throws StateMismatchException when the saved state is of another fingerprint
   */
  public LaunchedJob launch(JobDefinition job) throws InterruptedException {
    Optional<StateLocation> resumeFrom = state.latest(job.name());
    Optional<String> saved = savedFingerprint(job.name());
    if (job.fingerprint().isPresent()
        && resumeFrom.isPresent()
        && saved.isPresent()
        && !saved.equals(job.fingerprint())) {
      throw new StateMismatchException(
          "Job "
              + job.name()
              + " changed since its state was saved in "
              + resumeFrom.get()
              + "; a start does not carry state across a change (`deploy` does, when Flink can"
              + " map it). Restore the previous version, or start the job afresh: delete "
              + state.checkpoints(job.name())
              + " and "
              + state.savepoints(job.name())
              + " (it then reads its sources from the beginning, so empty its target first)");
    }
    return launchFrom(job, resumeFrom);
  }

  /**
   * Submits {@code job} restored from exactly {@code resumeFrom} (a savepoint of the previous
   * version, which Flink then maps onto the new job graph), or from nothing; records its
   * fingerprint as the version whose state the job now writes. Used when a pipeline changes:
   * whether the state fits is for Flink to tell, by restoring it.
   */
  public LaunchedJob launchFrom(JobDefinition job, Optional<StateLocation> resumeFrom)
      throws InterruptedException {
    String name = job.name();
    // older checkpoints go only once there is a newer state to resume from
    resumeFrom.ifPresent(keep -> state.pruneCheckpoints(name, keep));
    StateLocation savepoints = state.savepoints(name);
    Configuration configuration = cluster.withJars(jobConfiguration(name, savepoints));
    resumeFrom.ifPresent(
        from -> configuration.set(StateRecoveryOptions.SAVEPOINT_PATH, from.uri().toString()));
    StreamExecutionEnvironment env = environment(configuration);
    job.graph().accept(env);
    JobClient client = submit(env, name);
    if (job.fingerprint().isPresent()) {
      keepFingerprint(name, job.fingerprint());
    }
    LOG.info(
        "Job {} ({}) submitted as {}{}",
        name,
        job.kind(),
        client.getJobID(),
        resumeFrom.map(p -> ", resuming from " + p).orElse(", from the beginning"));
    return new LaunchedJob(name, client, resumeFrom, savepoints);
  }

  /**
   * Runs a bounded job built by {@code graph} to its end, without periodic checkpoints (it commits
   * once, at its end), and returns its net runtime: what the benchmarks time.
   */
  public Duration runToEnd(String name, Consumer<StreamExecutionEnvironment> graph)
      throws InterruptedException {
    Configuration configuration = new Configuration();
    configuration.set(PipelineOptions.NAME, name);
    StreamExecutionEnvironment env = environment(cluster.withJars(configuration));
    graph.accept(env);
    JobExecutionResult result;
    try {
      result = env.execute(name);
    } catch (Exception e) { // Flink's execute declares Exception: the job failed on the cluster
      if (e instanceof InterruptedException interrupted) {
        throw interrupted;
      }
      throw new TributaryException(
          ErrorCode.EXTERNAL_FAILURE, "Job " + name + " failed: " + withRootCause(e), e);
    }
    return Duration.ofMillis(result.getNetRuntime(TimeUnit.MILLISECONDS));
  }

  /** The newest complete savepoint or retained checkpoint of {@code jobName}, if any. */
  public Optional<StateLocation> latestState(String jobName) {
    return state.latest(jobName);
  }

  /**
   * Moves every checkpoint and savepoint of {@code jobName} aside, so that its next launch starts
   * afresh; nothing is deleted.
   *
   * @return where the old state now is
   */
  public StateLocation resetState(String jobName) {
    try {
      return state.reset(jobName);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot move the state of job " + jobName + " aside", e);
    }
  }

  /** The fingerprint of the version whose state {@code jobName}'s saved state is, if known. */
  public Optional<String> savedFingerprint(String jobName) {
    try {
      return state.savedFingerprint(jobName);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the fingerprint of job " + jobName, e);
    }
  }

  /**
   * Records that {@code jobName}'s saved state is of {@code fingerprint} (or of no known version):
   * at each launch, and again after a start of another version was given up.
   */
  public void keepFingerprint(String jobName, Optional<String> fingerprint) {
    try {
      state.keepFingerprint(jobName, fingerprint);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot record the fingerprint of job " + jobName, e);
    }
  }

  private StreamExecutionEnvironment environment(Configuration configuration) {
    return StreamExecutionEnvironment.createRemoteEnvironment(
        cluster.restAddress().getHost(), cluster.restAddress().getPort(), configuration);
  }

  private static JobClient submit(StreamExecutionEnvironment env, String name)
      throws InterruptedException {
    try {
      return env.executeAsync(name);
    } catch (Exception e) { // Flink's executeAsync declares Exception: the cluster refused the job
      if (e instanceof InterruptedException interrupted) {
        throw interrupted;
      }
      throw new TributaryException(
          ErrorCode.EXTERNAL_FAILURE,
          "Cannot submit job " + name + " to the Flink cluster: " + e.getMessage(),
          e);
    }
  }

  private Configuration jobConfiguration(String jobName, StateLocation savepoints) {
    return jobConfiguration(jobName, settings, state.checkpoints(jobName), savepoints);
  }

  /**
   * How a long-lived job runs wherever it runs: its checkpoints, savepoints, state backend,
   * restarts and parallelism. What this launcher submits with, and what the Kubernetes manifests
   * give the Flink Kubernetes Operator.
   */
  public static Configuration jobConfiguration(
      String jobName, JobSettings settings, StateLocation checkpoints, StateLocation savepoints) {
    Configuration configuration = new Configuration();
    configuration.set(PipelineOptions.NAME, jobName);
    configuration.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, settings.checkpointInterval());
    configuration.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    configuration.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.uri().toString());
    configuration.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, savepoints.uri().toString());
    configuration.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    configuration.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 2);
    configuration.set(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, 3);
    configuration.set(StateBackendOptions.STATE_BACKEND, settings.stateBackend());
    configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
    configuration.set(
        RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF,
        Duration.ofSeconds(1));
    configuration.set(
        RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF,
        Duration.ofMinutes(1));
    configuration.setString("parallelism.default", Integer.toString(settings.parallelism()));
    return configuration;
  }

  /**
   * The failure's message and, when deeper, its root cause's: Flink wraps what stopped a job in
   * "Job execution failed" and "Job failed (JobID: ...)", which alone say nothing.
   */
  private static String withRootCause(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == failure
        ? String.valueOf(failure.getMessage())
        : failure.getMessage()
            + "; caused by "
            + root.getClass().getSimpleName()
            + ": "
            + root.getMessage();
  }
}
