package io.tributary.gateway.deploy;

import static java.util.Objects.requireNonNull;

import io.tributary.gateway.jobs.ManagedJobs;
import io.tributary.stream.flink.FlinkRest;
import io.tributary.stream.job.JobDefinition;
import io.tributary.stream.job.LaunchedJob;
import io.tributary.stream.job.StateLocation;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Hands a pipeline's state to a new version of it: the new version starts from the old state and is
 * kept only once Flink has restored that state and completed a checkpoint with it. When it does not
 * fit, the old version is put back from the same state (or, for a pipeline that was removed and
 * comes back changed, nothing starts), unless the caller allows a state reset: then the old state
 * is moved aside, never deleted, and the new version starts afresh.
 */
final class StateHandOver {
  private final ManagedJobs jobs;
  private final FlinkRest flink;
  private final Duration stateCheckTimeout;

  /**
   * What became of the new version.
   *
   * @param result in words, for the deployment's outcome
   * @param refused whether the new version is not running (the deployment stops here)
   */
  record Result(String result, boolean refused) {}

  /**
   * @param checkpointInterval how often jobs checkpoint: a new version must complete one
   */
  StateHandOver(ManagedJobs jobs, FlinkRest flink, Duration checkpointInterval) {
    this.jobs = requireNonNull(jobs, "jobs is null");
    this.flink = requireNonNull(flink, "flink is null");
    this.stateCheckTimeout = checkpointInterval.multipliedBy(3).plusSeconds(60);
  }

  /**
   * Replaces the running version of a pipeline with {@code next}, carrying its state over when
   * Flink can; refused when it cannot and no reset is allowed.
   */
  Result replace(JobDefinition next, boolean allowStateReset) throws InterruptedException {
    String jobName = next.name();
    JobDefinition previous = jobs.definition(jobName).orElseThrow();
    // a savepoint when it runs; else (stopped, or the savepoint failed) its newest retained state
    Optional<StateLocation> savepoint = jobs.stopKeepingState(jobName);
    Optional<String> misfit = startFrom(next, savepoint);
    if (misfit.isEmpty()) {
      return new Result(
          savepoint
              .map(p -> "restarted as the new version from savepoint " + p + "; state kept")
              .orElse("restarted as the new version from its last checkpoint; state kept"),
          false);
    }
    String reason = misfit.get();
    if (allowStateReset) {
      StateLocation aside = startAfresh(next);
      return new Result(
          "restarted as the new version with fresh state (--allow-state-reset; Flink could"
              + " not restore the old state: "
              + reason
              + "); the old state is kept in "
              + aside,
          false);
    }
    jobs.startFrom(previous, savepoint);
    return new Result(
        "refused: Flink cannot restore the running version's state into the new version ("
            + reason
            + "); the running version was put back from "
            + savepoint.map(StateLocation::toString).orElse("its last checkpoint")
            + ". Deploy with --allow-state-reset to start the new version with fresh state",
        true);
  }

  /**
   * Starts a new pipeline whose name left the state of another version of it (it was removed, and
   * comes back changed): from that state when Flink can restore it, with fresh state when {@code
   * allowStateReset}, else not at all.
   */
  Result adopt(JobDefinition next, boolean allowStateReset) throws InterruptedException {
    String jobName = next.name();
    Optional<StateLocation> state = jobs.launcher().latestState(jobName);
    Optional<String> stateVersion = jobs.launcher().savedFingerprint(jobName);
    Optional<String> misfit = startFrom(next, state);
    String where = state.map(StateLocation::toString).orElse("its checkpoints");
    if (misfit.isEmpty()) {
      return new Result(
          "started from the state an earlier version of it left in " + where + "; state kept",
          false);
    }
    String reason = misfit.get();
    if (allowStateReset) {
      StateLocation aside = startAfresh(next);
      return new Result(
          "started with fresh state (--allow-state-reset; Flink could not restore the state"
              + " an earlier version of it left: "
              + reason
              + "); that state is kept in "
              + aside,
          false);
    }
    jobs.forget(jobName);
    // the state stays the earlier version's, for that version to resume from
    jobs.launcher().keepFingerprint(jobName, stateVersion);
    return new Result(
        "refused: an earlier version of this pipeline left state in "
            + where
            + " that Flink cannot restore into this version ("
            + reason
            + "); nothing was started. Deploy with --allow-state-reset to start it with fresh"
            + " state",
        true);
  }

  /**
   * Starts {@code definition} from {@code state} and returns why that state does not fit it, if it
   * does not (it failed to start or restore, or did not complete a checkpoint in time); the job is
   * then abandoned. An interrupt is the deployment's, not the state's: it is passed on.
   */
  private Optional<String> startFrom(JobDefinition definition, Optional<StateLocation> state)
      throws InterruptedException {
    Optional<String> misfit;
    try {
      jobs.startFrom(definition, state);
      misfit = stateMisfit(definition.name());
    } catch (RuntimeException e) { // whatever the new version's start threw is why it does not fit
      misfit = Optional.of(String.valueOf(e.getMessage()));
    }
    if (misfit.isPresent()) {
      jobs.abandon(definition.name(), new IllegalStateException(misfit.get()));
    }
    return misfit;
  }

  /** Moves the job's state aside, starts the new version with none, and says where it went. */
  private StateLocation startAfresh(JobDefinition definition) throws InterruptedException {
    StateLocation aside = jobs.launcher().resetState(definition.name());
    jobs.start(definition);
    return aside;
  }

  /**
   * Waits until the job restored from the old state has completed a checkpoint with it (the state
   * fits), or has failed (it does not: the reason); a job that does neither in time does not fit.
   */
  private Optional<String> stateMisfit(String jobName) throws InterruptedException {
    LaunchedJob job = jobs.running(jobName).orElseThrow();
    String id = job.id().toHexString();
    long deadline = System.nanoTime() + stateCheckTimeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
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
      } catch (IOException e) {
        return Optional.of("Flink's REST API did not answer: " + e.getMessage());
      }
      TimeUnit.MILLISECONDS.sleep(500);
    }
    return Optional.of(
        "the new version completed no checkpoint within " + stateCheckTimeout.toSeconds() + " s");
  }
}
