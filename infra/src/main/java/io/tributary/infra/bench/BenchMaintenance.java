package io.tributary.infra.bench;

import io.tributary.catalog.metadata.MaintenanceRecord;
import io.tributary.stream.maintenance.MaintainedTable;
import io.tributary.stream.maintenance.MaintenanceRun;
import io.tributary.stream.maintenance.policy.MaintenancePolicy;
import java.time.Clock;
import java.time.Duration;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * How the maintenance benchmark maintains its table, in one place: one run of the platform's own
 * {@link MaintenanceRun} (what each maintenance job runs per table: compaction of the closed days,
 * removal of dangling deletes, snapshot expiry, orphan removal, the table's {@link
 * MaintenanceRecord}), with a retention of one second and one snapshot kept, so that the table
 * after it is what a table whose snapshots have aged out looks like.
 */
final class BenchMaintenance {
  private static final String JOB = "bench-maintenance";

  private BenchMaintenance() {}

  /**
   * Maintains {@code id} once and returns how long the run took.
   *
   * @throws IllegalStateException when a step of the run failed
   */
  static Duration run(BenchStack stack, TableIdentifier id) {
    MaintenancePolicy policy =
        new MaintenancePolicy(
            Duration.ofHours(1), 128L * 1024 * 1024, Duration.ofSeconds(1), 1, Duration.ofDays(3));
    MaintainedTable table = new MaintainedTable(id.toString(), "ds", Duration.ZERO, policy);
    long started = System.nanoTime();
    MaintenanceRecord record =
        new MaintenanceRun(stack.lake().loadTable(id), table, JOB, Clock.systemUTC()).run();
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    if (!record.succeeded()) {
      throw new IllegalStateException(
          "The maintenance of " + id + " failed: " + record.error().orElse("(no reason given)"));
    }
    return took;
  }
}
