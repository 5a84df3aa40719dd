package io.tributary.stream.job;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.TributaryException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job the platform submitted, with what is needed to stop it without losing its place. Every wait
 * on the cluster has a timeout; a failure or timeout there is an {@link
 * ErrorCode#EXTERNAL_FAILURE}, and an interrupt of the waiting thread is passed on as such.
 */
public final class LaunchedJob {
  private static final Logger LOG = LoggerFactory.getLogger(LaunchedJob.class);
  private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(30);

  private final String name;
  private final JobClient client;
  private final Optional<StateLocation> restoredFrom;
  private final StateLocation savepoints;

  LaunchedJob(
      String name,
      JobClient client,
      Optional<StateLocation> restoredFrom,
      StateLocation savepoints) {
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
  public Optional<StateLocation> restoredFrom() {
    return restoredFrom;
  }

  public JobStatus status(Duration timeout) throws InterruptedException {
    return await(client.getJobStatus(), timeout, "tell the state of");
  }

  /**
   * Stops the job with a savepoint, which also commits what it wrote since the last checkpoint. If
   * that fails the job is cancelled; its newest retained checkpoint still resumes it.
   *
   * @return the savepoint, when one was taken
   * @throws InterruptedException when this thread is interrupted while the savepoint is taken; the
   *     job goes on stopping
   */
  public Optional<StateLocation> stop(Duration timeout) throws InterruptedException {
    long started = System.nanoTime();
    try {
      String location =
          client
              .stopWithSavepoint(false, savepoints.uri().toString(), SavepointFormatType.CANONICAL)
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      StateLocation savepoint = StateLocation.of(location);
      LOG.info(
          "Job {} ({}) stopped with savepoint {} in {} ms",
          name,
          id(),
          savepoint,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      return Optional.of(savepoint);
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn(
          "Job {} ({}) could not stop with a savepoint; cancelling it, it will resume from its"
              + " last checkpoint",
          name,
          id(),
          e);
      try {
        cancel(CANCEL_TIMEOUT);
      } catch (TributaryException notCancelled) {
        LOG.warn("Job {} ({}) could not be cancelled", name, id(), notCancelled);
      }
      return Optional.empty();
    }
  }

  /** Takes a savepoint and keeps the job running. */
  public StateLocation savepoint(Duration timeout) throws InterruptedException {
    String location =
        await(
            client.triggerSavepoint(savepoints.uri().toString(), SavepointFormatType.CANONICAL),
            timeout,
            "take a savepoint of");
    StateLocation savepoint = StateLocation.of(location);
    LOG.info("Job {} ({}) saved its state in {}", name, id(), savepoint);
    return savepoint;
  }

  /** Cancels the job; its retained checkpoints stay. */
  public void cancel(Duration timeout) throws InterruptedException {
    await(client.cancel(), timeout, "cancel");
  }

  private <T> T await(CompletableFuture<T> future, Duration timeout, String action)
      throws InterruptedException {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new TributaryException(
          ErrorCode.EXTERNAL_FAILURE,
          "Cannot " + action + " job " + this + ": " + e.getCause().getMessage(),
          e.getCause());
    } catch (TimeoutException e) {
      throw new TributaryException(
          ErrorCode.EXTERNAL_FAILURE,
          "Cannot " + action + " job " + this + ": no answer within " + timeout.toSeconds() + " s",
          e);
    }
  }

  @Override
  public String toString() {
    return name + " (" + id() + ")";
  }
}
