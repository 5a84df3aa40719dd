package io.tributary.infra.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.maintenance.api.ExpireSnapshots;
import org.apache.iceberg.flink.maintenance.api.RewriteDataFiles;
import org.apache.iceberg.flink.maintenance.api.TableMaintenance;

/**
 * How the maintenance benchmark maintains its table, in one place: Iceberg's Flink {@code
 * TableMaintenance} (compaction by {@code RewriteDataFiles}, then {@code ExpireSnapshots} keeping
 * only the current snapshot) as a job of its own on the benchmark's cluster, watched until the
 * table's current snapshot is the compaction's and no other is left, then cancelled.
 *
 * <p>The platform's own maintenance ({@code io.tributary.stream.maintenance}, issue 13) was not on
 * a branch when this was written; branch {@code maint} has since committed it. Once it is merged,
 * {@link #run}'s body becomes one run of its {@code MaintenanceRun} on the table (compaction of the
 * closed days, expiry, orphan removal, and the table's {@code MaintenanceRecord} written), timed.
 */
final class BenchMaintenance {
  private static final String JOB = "bench-maintenance";

  private BenchMaintenance() {}

  /**
   * Compacts {@code id}'s small files and expires its older snapshots, and returns the time from
   * submitting the job to the table's showing both done.
   *
   * @throws IllegalStateException when the job fails or does not finish within {@code timeout}
   */
  static Duration run(BenchStack stack, TableIdentifier id, int parallelism, Duration timeout)
      throws InterruptedException {
    long started = System.nanoTime();
    JobClient job =
        stack.submit(
            JOB,
            env -> {
              try {
                TableMaintenance.forTable(env, stack.lake().tableLoader(id))
                    .uidSuffix(JOB)
                    .rateLimit(Duration.ofSeconds(1))
                    .lockCheckDelay(Duration.ofSeconds(1))
                    .parallelism(parallelism)
                    .add(new RewriteDataFiles.Builder().scheduleOnCommitCount(1))
                    .add(
                        new ExpireSnapshots.Builder()
                            .scheduleOnCommitCount(1)
                            .maxSnapshotAge(Duration.ZERO)
                            .retainLast(1))
                    .append();
              } catch (IOException e) {
                throw new UncheckedIOException("Cannot build the maintenance job of " + id, e);
              }
            });
    Duration took;
    try {
      took = awaitDone(stack.lake().loadTable(id), job, started, timeout);
    } catch (RuntimeException | InterruptedException e) {
      try {
        cancel(job);
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    cancel(job);
    return took;
  }

  /** Waits until the table shows the maintenance done; returns the time since {@code started}. */
  private static Duration awaitDone(Table table, JobClient job, long started, Duration timeout)
      throws InterruptedException {
    long deadline = started + timeout.toNanos();
    while (!compactedAndExpired(table)) {
      JobStatus status = status(job);
      if (status.isTerminalState()) {
        throw new IllegalStateException(
            "The maintenance job of "
                + table.name()
                + " ended ("
                + status
                + ") before it was done");
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "The maintenance of "
                + table.name()
                + " did not finish within "
                + timeout.toSeconds()
                + " s");
      }
      TimeUnit.MILLISECONDS.sleep(100);
      table.refresh();
    }
    return Duration.ofNanos(System.nanoTime() - started);
  }

  /** The current snapshot is a compaction's (a replace) and the only one left. */
  private static boolean compactedAndExpired(Table table) {
    Snapshot current = table.currentSnapshot();
    if (current == null || !DataOperations.REPLACE.equals(current.operation())) {
      return false;
    }
    int snapshots = 0;
    for (Snapshot ignored : table.snapshots()) {
      snapshots++;
    }
    return snapshots == 1;
  }

  private static JobStatus status(JobClient job) throws InterruptedException {
    try {
      return job.getJobStatus().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Cannot read the maintenance job's status", e);
    }
  }

  private static void cancel(JobClient job) throws InterruptedException {
    try {
      if (!status(job).isTerminalState()) {
        job.cancel().get(30, TimeUnit.SECONDS);
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Cannot cancel the maintenance job", e);
    }
  }
}
