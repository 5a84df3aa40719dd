package io.tributary.stream.replay;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.error.ErrorCode;
import io.tributary.stream.pipeline.PipelineSpec;
import io.tributary.stream.sql.SqlErrors;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replay's batch job on the cluster: submitted, followed until it ends (telling the listener
 * every few seconds that it still runs), and cancelled when the thread that waits for it is
 * interrupted. A job that fails or is cancelled commits nothing.
 */
final class BatchRun {
  private static final Logger LOG = LoggerFactory.getLogger(BatchRun.class);
  private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(30);

  private final PipelineSpec pipeline;
  private final ReplayListener listener;

  BatchRun(PipelineSpec pipeline, ReplayListener listener) {
    this.pipeline = requireNonNull(pipeline, "pipeline is null");
    this.listener = requireNonNull(listener, "listener is null");
  }

  /** Runs {@code statement} to its end and returns what the job reports. */
  JobExecutionResult run(TableEnvironment tableEnv, String statement, LocalDate day)
      throws InterruptedException {
    TableResult result;
    try {
      result = tableEnv.executeSql(statement);
    } catch (
        RuntimeException e) { // Flink's planner and client throw unchecked; SqlErrors reads them
      throw new ReplayException(
          ErrorCode.EXTERNAL_FAILURE,
          "Cannot replay pipeline "
              + pipeline.name()
              + " for "
              + day
              + ": the job could not be submitted: "
              + SqlErrors.describe(e),
          e);
    }
    JobClient client =
        result
            .getJobClient()
            .orElseThrow(() -> new IllegalStateException("The replay statement started no job"));
    String jobId = client.getJobID().toHexString();
    listener.jobStarted(day, jobId);
    long submitted = System.nanoTime();
    // one future: each call of getJobExecutionResult() opens a new REST client
    CompletableFuture<JobExecutionResult> done = client.getJobExecutionResult();
    try {
      while (true) {
        try {
          return done.get(5, TimeUnit.SECONDS);
        } catch (TimeoutException stillRunning) {
          listener.stillRunning(day, Duration.ofNanos(System.nanoTime() - submitted));
        }
      }
    } catch (InterruptedException e) {
      // whoever waits has given up on the day: a cancelled job commits nothing
      cancel(client);
      throw e;
    } catch (ExecutionException e) {
      throw new ReplayException(
          ErrorCode.EXTERNAL_FAILURE,
          "Replay of pipeline "
              + pipeline.name()
              + " for "
              + day
              + " failed in job "
              + jobId
              + ": "
              + SqlErrors.describe(e)
              + ". Nothing was written.",
          e);
    }
  }

  private static void cancel(JobClient client) throws InterruptedException {
    try {
      client.cancel().get(CANCEL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      LOG.info("Replay job {} cancelled: its replay was interrupted", client.getJobID());
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("Cannot cancel replay job {}; it may still commit", client.getJobID(), e);
    }
  }

  /** The value of the job's counter {@code name}; 0 when it counted nothing. */
  static long counter(JobExecutionResult job, String name) {
    Object value = job.getAccumulatorResult(name);
    return value instanceof Number number ? number.longValue() : 0;
  }
}
