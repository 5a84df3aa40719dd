package io.tributary.stream.job;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
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
 * Submits long-lived jobs to a Flink cluster through its REST address, each with its own checkpoint
 * and savepoint directories under the state directory, resuming from the newest complete savepoint
 * or checkpoint of the same job name. The same code submits to the embedded MiniCluster and to a
 * remote cluster; only the address differs.
 */
public final class JobLauncher {
  private static final Logger LOG = LoggerFactory.getLogger(JobLauncher.class);

  private final FlinkCluster cluster;
  private final Path stateDir;
  private final JobSettings settings;

  public JobLauncher(FlinkCluster cluster, Path stateDir, JobSettings settings) {
    this.cluster = requireNonNull(cluster, "cluster is null");
    this.stateDir = requireNonNull(stateDir, "stateDir is null");
    this.settings = requireNonNull(settings, "settings is null");
  }

  public JobSettings settings() {
    return settings;
  }

  /**
   * Builds the job with {@code graph} and submits it, restored from its newest state if any.
   *
   * @param jobName stable name of the job; state directories are keyed by it
   */
  public LaunchedJob launch(String jobName, Consumer<StreamExecutionEnvironment> graph)
      throws Exception {
    return launch(jobName, Optional.empty(), graph);
  }

  /**
   * As {@link #launch(String, Consumer)}, for a job whose state belongs to one version of it: the
   * job resumes only from state saved by the same {@code fingerprint}.
   *
   * @throws StateMismatchException when the saved state is of another fingerprint
   */
  public LaunchedJob launch(
      String jobName, Optional<String> fingerprint, Consumer<StreamExecutionEnvironment> graph)
      throws Exception {
    Path checkpoints = checkpointsDir(jobName);
    Path savepoints = savepointsDir(jobName);
    Optional<Path> resumeFrom = ResumePoints.latest(checkpoints, savepoints);
    Optional<String> saved = savedFingerprint(jobName);
    if (fingerprint.isPresent()
        && resumeFrom.isPresent()
        && saved.isPresent()
        && !saved.equals(fingerprint)) {
      throw new StateMismatchException(
          "Job "
              + jobName
              + " changed since its state was saved in "
              + resumeFrom.get()
              + "; a start does not carry state across a change (`deploy` does, when Flink can"
              + " map it). Restore the previous version, or start the job afresh: delete "
              + checkpoints
              + " and "
              + savepoints
              + " (it then reads its sources from the beginning, so empty its target first)");
    }
    return launchFrom(jobName, fingerprint, resumeFrom, graph);
  }

  /**
   * Submits a version of {@code jobName} restored from exactly {@code from} (a savepoint of the
   * previous version, which Flink then maps onto the new job graph), or from nothing; records
   * {@code fingerprint} as the version whose state the job now writes. Used when a pipeline
   * changes: whether the state fits is for Flink to tell, by restoring it.
   */
  public LaunchedJob launchFrom(
      String jobName,
      Optional<String> fingerprint,
      Optional<Path> resumeFrom,
      Consumer<StreamExecutionEnvironment> graph)
      throws Exception {
    Path checkpoints = checkpointsDir(jobName);
    Path savepoints = savepointsDir(jobName);
    // older checkpoints go only once there is a newer state to resume from
    resumeFrom.ifPresent(keep -> ResumePoints.pruneCheckpoints(checkpoints, resumeFrom));

    Configuration configuration =
        cluster.withJars(jobConfiguration(jobName, checkpoints, savepoints));
    resumeFrom.ifPresent(
        path -> configuration.set(StateRecoveryOptions.SAVEPOINT_PATH, path.toUri().toString()));
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createRemoteEnvironment(
            cluster.restAddress().getHost(), cluster.restAddress().getPort(), configuration);
    graph.accept(env);
    JobClient client = env.executeAsync(jobName);
    if (fingerprint.isPresent()) {
      keepFingerprint(jobName, fingerprint);
    }
    LOG.info(
        "Job {} submitted as {}{}",
        jobName,
        client.getJobID(),
        resumeFrom.map(p -> ", resuming from " + p).orElse(", from the beginning"));
    return new LaunchedJob(jobName, client, resumeFrom, savepoints);
  }

  /** The newest complete savepoint or retained checkpoint of {@code jobName}, if any. */
  public Optional<Path> latestState(String jobName) {
    return ResumePoints.latest(checkpointsDir(jobName), savepointsDir(jobName));
  }

  /**
   * Moves every checkpoint and savepoint of {@code jobName} aside, to {@code
   * state-reset/<job>-<millis>} under the state directory, so that its next launch starts afresh;
   * nothing is deleted.
   *
   * @return where the old state now is
   */
  public Path resetState(String jobName) throws java.io.IOException {
    Path aside =
        stateDir.resolve("state-reset").resolve(jobName + "-" + System.currentTimeMillis());
    Files.createDirectories(aside);
    for (Path dir : List.of(checkpointsDir(jobName), savepointsDir(jobName))) {
      if (Files.exists(dir)) {
        Files.move(dir, aside.resolve(dir.getParent().getFileName()));
      }
    }
    Files.deleteIfExists(fingerprintFile(stateDir, jobName));
    LOG.info("State of job {} moved to {}; it starts afresh", jobName, aside);
    return aside;
  }

  /** The fingerprint of the version whose state {@code jobName}'s saved state is, if known. */
  public Optional<String> savedFingerprint(String jobName) throws IOException {
    Path file = fingerprintFile(stateDir, jobName);
    return Files.exists(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
  }

  /**
   * Records that {@code jobName}'s saved state is of {@code fingerprint} (or of no known version):
   * at each launch, and again after a start of another version was given up.
   */
  public void keepFingerprint(String jobName, Optional<String> fingerprint) throws IOException {
    Path file = fingerprintFile(stateDir, jobName);
    if (fingerprint.isPresent()) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, fingerprint.get() + "\n");
    } else {
      Files.deleteIfExists(file);
    }
  }

  /** Where the fingerprint of the version of {@code jobName} that runs is kept. */
  private static Path fingerprintFile(Path stateDir, String jobName) {
    return stateDir.resolve("fingerprints").resolve(jobName);
  }

  Path checkpointsDir(String jobName) {
    return stateDir.resolve("checkpoints").resolve(jobName);
  }

  Path savepointsDir(String jobName) {
    return stateDir.resolve("savepoints").resolve(jobName);
  }

  private Configuration jobConfiguration(String jobName, Path checkpoints, Path savepoints) {
    Configuration configuration = new Configuration();
    configuration.set(PipelineOptions.NAME, jobName);
    configuration.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, settings.checkpointInterval());
    configuration.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    configuration.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
    configuration.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, savepoints.toUri().toString());
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
}
