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
import org.apache.flink.runtime.checkpoint.CheckpointFailureReason;
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

  /**
   * How long a stop waits for tasks that are still starting: longer, and they are not starting but
   * failing over and over, and the job is cancelled as any other that cannot take a savepoint.
   */
  private static final Duration TASKS_STARTING = Duration.ofSeconds(10);

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
   * that fails the job is cancelled; its newest retained checkpoint still resumes it. A job whose
   * tasks are still starting (Flink takes no savepoint until every task runs) is asked again for up
   * to {@link #TASKS_STARTING} so that one stopped just after its start keeps its place too.
   *
   * @return the savepoint, when one was taken
   * @throws InterruptedException when this thread is interrupted while the savepoint is taken; the
   *     job goes on stopping
   */
  public Optional<StateLocation> stop(Duration timeout) throws InterruptedException {
    long started = System.nanoTime();
    try {
      StateLocation savepoint = StateLocation.of(stopWithSavepoint(started, timeout));
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

  private String stopWithSavepoint(long started, Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = started + timeout.toNanos();
    long startingUntil = started + Math.min(timeout.toNanos(), TASKS_STARTING.toNanos());
    long pauseMillis = 100;
    while (true) {
      try {
        return client
            .stopWithSavepoint(false, savepoints.uri().toString(), SavepointFormatType.CANONICAL)
            .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        if (!tasksStarting(e)
            || System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pauseMillis) > startingUntil) {
          throw e;
        }
        LOG.info(
            "Job {} ({}) has tasks still starting; asking for its savepoint again", name, id());
        Thread.sleep(pauseMillis);
        pauseMillis = Math.min(2 * pauseMillis, 1000);
      }
    }
  }

  /**
   * Whether Flink refused the savepoint because not every task runs yet. The reason comes back
   * serialized across Flink's RPC, so it is recognized by its words.
   */
  private static boolean tasksStarting(Throwable failure) {
    String reason = CheckpointFailureReason.NOT_ALL_REQUIRED_TASKS_RUNNING.message();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains(reason)) {
        return true;
      }
    }
    return false;
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
