package io.tributary.stream.maintenance;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.lineage.Lineage;
import io.tributary.catalog.metadata.MaintenanceRecord;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.flink.maintenance.api.TriggerLockFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task of a maintenance job: at each tick, runs the maintenance of every table that is due (its
 * last run, as its record says, an interval ago), each under the table's lock, and records the run
 * in lineage. A table never maintained is first due one interval after the job starts, so that a
 * platform's start is not also every table's maintenance.
 */
final class MaintenanceRunner extends ProcessFunction<Long, Void> {
  private static final Logger LOG = LoggerFactory.getLogger(MaintenanceRunner.class);

  private final String job;
  private final CatalogLoader catalogLoader;
  private final String lakeName;
  private final ArrayList<MaintainedTable> tables;
  private final MaintenanceLocks locks;
  private final RunLineage lineage;

  private transient Catalog catalog;
  private transient Lineage store;
  private transient Map<String, TriggerLockFactory> lockFactories;
  private transient Map<String, TriggerLockFactory.Lock> tableLocks;
  private transient Map<String, Instant> lastRuns;
  private transient Instant startedAt;

  MaintenanceRunner(
      String job,
      CatalogLoader catalogLoader,
      String lakeName,
      List<MaintainedTable> tables,
      MaintenanceLocks locks,
      RunLineage lineage) {
    this.job = requireNonNull(job, "job is null");
    this.catalogLoader = requireNonNull(catalogLoader, "catalogLoader is null");
    this.lakeName = requireNonNull(lakeName, "lakeName is null");
    this.tables = new ArrayList<>(tables);
    this.locks = requireNonNull(locks, "locks is null");
    this.lineage = requireNonNull(lineage, "lineage is null");
  }

  @Override
  public void open(OpenContext context) {
    catalog = catalogLoader.loadCatalog();
    store = lineage.open();
    lockFactories = new HashMap<>();
    tableLocks = new HashMap<>();
    lastRuns = new HashMap<>();
    startedAt = Instant.now();
    for (MaintainedTable table : tables) {
      TriggerLockFactory factory = locks.forTable(name(table));
      factory.open();
      lockFactories.put(table.identifier(), factory);
      TriggerLockFactory.Lock lock = factory.createLock();
      // this job is the one that maintains the table: a lock left by an earlier run of it that
      // did not end (a crash, a cancel) goes, as Iceberg's own maintenance does at a fresh start
      lock.unlock();
      tableLocks.put(table.identifier(), lock);
    }
  }

  @Override
  public void processElement(Long tick, Context context, Collector<Void> out) {
    Instant now = Instant.now();
    List<MaintainedTable> due = new ArrayList<>();
    Map<String, Table> loaded = new HashMap<>();
    for (MaintainedTable table : tables) {
      Optional<Table> current = load(table);
      if (current.isPresent()
          && !now.isBefore(lastRun(table, current.get()).plus(table.policy().interval()))) {
        due.add(table);
        loaded.put(table.identifier(), current.get());
      }
    }
    if (due.isEmpty()) {
      return;
    }
    Lineage.Run run = store.start(lineage.run(due.stream().map(this::name).toList()));
    Map<String, MaintenanceRecord> records = new LinkedHashMap<>();
    for (MaintainedTable table : due) {
      TriggerLockFactory.Lock lock = tableLocks.get(table.identifier());
      if (!lock.tryLock()) {
        LOG.info("Skipping the maintenance of {}: another job holds its lock", name(table));
        continue;
      }
      try {
        records.put(name(table), maintain(table, loaded.get(table.identifier())));
      } finally {
        lock.unlock();
      }
      lastRuns.put(table.identifier(), Instant.now());
    }
    run.maintained(records);
  }

  private MaintenanceRecord maintain(MaintainedTable table, Table loaded) {
    try {
      return new MaintenanceRun(loaded, table, job, Clock.systemUTC()).run();
    } catch (RuntimeException e) { // the record could not be written: the other tables still run
      LOG.warn("Cannot record the maintenance of {}", name(table), e);
      return new MaintenanceRecord(
          Instant.now(), job, false, 0, 0, 0, 0, 0, Optional.of(String.valueOf(e.getMessage())));
    }
  }

  /** The table's last run: this job's, else its record's, else this job's start. */
  private Instant lastRun(MaintainedTable table, Table loaded) {
    return lastRuns.computeIfAbsent(
        table.identifier(),
        id -> MaintenanceRecord.of(loaded).map(MaintenanceRecord::finishedAt).orElse(startedAt));
  }

  private Optional<Table> load(MaintainedTable table) {
    try {
      return Optional.of(catalog.loadTable(table.id()));
    } catch (NoSuchTableException e) {
      return Optional.empty(); // not created yet: its job creates it when it starts
    }
  }

  private String name(MaintainedTable table) {
    return lakeName + "." + table.identifier();
  }

  @Override
  public void close() throws IOException {
    if (lockFactories != null) {
      for (TriggerLockFactory factory : lockFactories.values()) {
        factory.close();
      }
    }
    if (store != null) {
      store.close();
    }
    if (catalog instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) { // a catalog's close declares Exception; the job is ending anyway
        LOG.warn("Cannot close the catalog of {}", job, e);
      }
    }
  }
}
