package io.tributary.stream.maintenance;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.metadata.MaintenanceRecord;
import io.tributary.stream.maintenance.policy.MaintenancePolicy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One maintenance run of one table, in this order: compaction of its closed days (its deletes
 * folded in), removal of the delete files that no longer apply, snapshot expiry, orphan removal.
 * What the run did is counted from the snapshots it committed (each tagged with the run's id) and
 * from what expiry and orphan removal removed, and written into the table as its {@link
 * MaintenanceRecord}. A step that fails is recorded; the steps after it still run.
 *
 * <pre>{@code
 * MaintenanceRecord record =
 *     new MaintenanceRun(lake.loadTable(id), table, "maintenance-orders", Clock.systemUTC()).run();
 * }</pre>
 */
public final class MaintenanceRun {
  private static final Logger LOG = LoggerFactory.getLogger(MaintenanceRun.class);

  /** The snapshot property that tags the commits of one run. */
  public static final String RUN_PROPERTY = "tributary.maintenance.run";

  private final Table table;
  private final MaintainedTable maintained;
  private final String job;
  private final Clock clock;

  /**
   * @param table the table, loaded from the catalog
   * @param maintained what to do to it
   * @param job the maintenance job that runs it, for the record
   */
  public MaintenanceRun(Table table, MaintainedTable maintained, String job, Clock clock) {
    this.table = requireNonNull(table, "table is null");
    this.maintained = requireNonNull(maintained, "maintained is null");
    this.job = requireNonNull(job, "job is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** Runs every step, writes the record into the table and returns it. */
  public MaintenanceRecord run() {
    long started = System.nanoTime();
    Instant now = clock.instant();
    MaintenancePolicy policy = maintained.policy();
    Map<String, String> tag = Map.of(RUN_PROPERTY, UUID.randomUUID().toString());
    List<String> errors = new ArrayList<>();
    step(
        "compaction",
        errors,
        () ->
            new Compaction(table, tag)
                .run(maintained.compactable(table, now), policy.targetFileSizeBytes()));
    step("removal of dangling deletes", errors, () -> new DanglingDeletes(table, tag).remove());
    Commits commits = Commits.of(table, tag);
    long expired =
        step(
            "snapshot expiry",
            errors,
            () ->
                new SnapshotExpiry(table)
                    .expire(now.minus(policy.snapshotRetention()), policy.minSnapshots()));
    long orphans =
        step(
            "orphan removal",
            errors,
            () -> new OrphanFiles(table).remove(now.minus(policy.orphanMinAge())));
    MaintenanceRecord record =
        new MaintenanceRecord(
            clock.instant(),
            job,
            errors.isEmpty(),
            commits.rewrittenDataFiles,
            commits.addedDataFiles,
            commits.removedDeleteFiles,
            expired,
            orphans,
            errors.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", errors)));
    record.writeTo(table);
    LOG.info(
        "Maintained {} in {} ms: {} data files rewritten into {}, {} delete files folded, {}"
            + " snapshots expired, {} orphan files removed{}",
        table.name(),
        (System.nanoTime() - started) / 1_000_000,
        record.rewrittenDataFiles(),
        record.addedDataFiles(),
        record.rewrittenDeleteFiles(),
        record.expiredSnapshots(),
        record.removedOrphanFiles(),
        record.error().map(e -> "; failed: " + e).orElse(""));
    return record;
  }

  /** Runs one step; a failure is kept in {@code errors} (counted as 0) and the run goes on. */
  private long step(String name, List<String> errors, LongSupplier step) {
    try {
      return step.getAsLong();
    } catch (RuntimeException e) { // any step's failure is the record's, the next step still runs
      LOG.warn("Maintenance of {}: {} failed", table.name(), name, e);
      errors.add(name + ": " + e.getMessage());
      return 0;
    }
  }

  /** What the run's own commits did, from their snapshot summaries. */
  private record Commits(long rewrittenDataFiles, long addedDataFiles, long removedDeleteFiles) {
    static Commits of(Table table, Map<String, String> tag) {
      table.refresh();
      String run = tag.get(RUN_PROPERTY);
      long rewritten = 0;
      long added = 0;
      long deletes = 0;
      for (Snapshot snapshot : table.snapshots()) {
        Map<String, String> summary = snapshot.summary();
        if (run.equals(summary.get(RUN_PROPERTY))) {
          rewritten += count(summary, SnapshotSummary.DELETED_FILES_PROP);
          added += count(summary, SnapshotSummary.ADDED_FILES_PROP);
          deletes += count(summary, SnapshotSummary.REMOVED_DELETE_FILES_PROP);
        }
      }
      return new Commits(rewritten, added, deletes);
    }

    private static long count(Map<String, String> summary, String property) {
      return Long.parseLong(summary.getOrDefault(property, "0"));
    }
  }
}
