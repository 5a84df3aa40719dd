package io.tributary.stream.job;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A job the platform submitted, with what is needed to stop it without losing its place. */
public final class LaunchedJob {
  private static final Logger LOG = LoggerFactory.getLogger(LaunchedJob.class);

  private final String name;
  private final JobClient client;
  private final Optional<Path> restoredFrom;
  private final Path savepoints;

  LaunchedJob(String name, JobClient client, Optional<Path> restoredFrom, Path savepoints) {
    this.name = requireNonNull(name, "name is null");
    this.client = requireNonNull(client, "client is null");
    this.restoredFrom = requireNonNull(restoredFrom, "restoredFrom is null");
    this.savepoints = requireNonNull(savepoints, "savepoints is null");
  }

  public String name() {
    return name;
  }

  public JobID id() {
    return client.getJobID();
  }

  /** The savepoint or checkpoint this run was restored from; empty on a first start. */
  public Optional<Path> restoredFrom() {
    return restoredFrom;
  }

  public JobStatus status(Duration timeout) throws Exception {
    return client.getJobStatus().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Stops the job with a savepoint, which also commits what it wrote since the last checkpoint. If
   * that fails the job is cancelled; its newest retained checkpoint still resumes it.
   *
   * @return the savepoint, when one was taken
   */
  public Optional<Path> stop(Duration timeout) {
    long started = System.nanoTime();
    try {
      String location =
          client
              .stopWithSavepoint(
                  false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      Path path = Path.of(java.net.URI.create(location));
      LOG.info(
          "Job {} ({}) stopped with savepoint {} in {} ms",
          name,
          id(),
          path,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      return Optional.of(path);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancelQuietly(e);
      return Optional.empty();
    } catch (Exception e) {
      cancelQuietly(e);
      return Optional.empty();
    }
  }

  /** Takes a savepoint and keeps the job running. */
  public Path savepoint(Duration timeout) throws Exception {
    String location =
        client
            .triggerSavepoint(savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    Path path = Path.of(java.net.URI.create(location));
    LOG.info("Job {} ({}) saved its state in {}", name, id(), path);
    return path;
  }

  /** Cancels the job; its retained checkpoints stay. */
  public void cancel(Duration timeout) throws Exception {
    client.cancel().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void cancelQuietly(Exception cause) {
    LOG.warn(
        "Job {} ({}) could not stop with a savepoint; cancelling it, it will resume from its last"
            + " checkpoint",
        name,
        id(),
        cause);
    try {
      client.cancel().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("Job {} ({}) could not be cancelled", name, id(), e);
    }
  }

  @Override
  public String toString() {
    return name + " (" + id() + ")";
  }
}
