package io.tributary.infra.local;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.LakeCatalogConfig;
import io.tributary.gateway.jobs.ManagedJobs;
import io.tributary.stream.job.JobDefinition;
import io.tributary.stream.lineage.LineageDatasets;
import io.tributary.stream.maintenance.JdbcMaintenanceLocks;
import io.tributary.stream.maintenance.MaintenanceJobs;
import io.tributary.stream.source.SourceSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The maintenance of the lake's tables: one job per declared source, started beside landing; the
 * pipelines' jobs follow the pipelines (the deployer starts and stops them). Locks live in the
 * catalog's PostgreSQL when the catalog is there, else under the data dir.
 */
final class Maintenance {
  private Maintenance() {}

  /** How this platform builds maintenance jobs. */
  static MaintenanceJobs jobs(
      CoreStack stack,
      LocalConfig config,
      DataDir dataDir,
      LineageDatasets datasets,
      List<SourceSpec> sources) {
    return new MaintenanceJobs(
        stack.lake(),
        config.maintenance(),
        JdbcMaintenanceLocks.of(
            // jobs reach the catalog over REST; its store may be a PostgreSQL of its own
            config
                .catalogDatabase()
                .map(database -> LakeCatalogConfig.jdbc(database.store(dataDir.root())))
                .orElse(stack.lake().config()),
            dataDir.maintenanceLocks()),
        dataDir.lineage(),
        config.lineageUrl(),
        datasets,
        sources);
  }

  /**
   * Starts the maintenance job of each source that is maintained, side by side, and announces every
   * maintenance job, the pipelines' (which the deployer started with them) included.
   */
  static void start(
      ManagedJobs jobs, MaintenanceJobs maintenance, List<SourceSpec> sources, Banner banner)
      throws InterruptedException {
    requireNonNull(sources, "sources is null");
    List<JobDefinition> definitions = new ArrayList<>();
    for (SourceSpec source : sources) {
      maintenance.source(source).ifPresent(definitions::add);
    }
    jobs.startAll(definitions);
    banner.maintenance(
        jobs.names().stream().filter(name -> name.startsWith(MaintenanceJobs.jobName(""))).toList(),
        maintenance.settings());
  }
}
