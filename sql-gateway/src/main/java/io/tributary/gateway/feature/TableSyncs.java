package io.tributary.gateway.feature;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.LakeCatalog;
import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.TributaryException;
import io.tributary.feature.dynamodb.GroupInfo;
import io.tributary.feature.dynamodb.OnlineStore;
import io.tributary.feature.group.TableGroupSpec;
import io.tributary.feature.sync.SyncReport;
import io.tributary.feature.sync.TableSync;
import io.tributary.gateway.store.JsonLinesLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the table groups' syncs ({@link TableSync}): at start when the table changed since the last
 * sync, after each successful replay of the pipeline a group follows, daily at a group's time, and
 * by hand. One sync at a time; each is kept in the sync run history that {@code tributary runs}
 * lists beside the replays. A failed scheduled sync is tried again after {@link #RETRY}.
 */
public final class TableSyncs implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TableSyncs.class);

  /** How long after a failed daily sync it is tried again. */
  static final Duration RETRY = Duration.ofMinutes(5);

  private final OnlineStore store;
  private final LakeCatalog lake;
  private final JsonLinesLog<SyncRun> runs;
  private final Clock clock;
  private final TableSync sync;
  private final ExecutorService background;
  private volatile ScheduledExecutorService timer;
  private volatile Map<String, TableGroupSpec> groups = Map.of();

  public TableSyncs(
      OnlineStore store,
      LakeCatalog lake,
      JsonLinesLog<SyncRun> runs,
      Clock clock,
      Duration retireGrace) {
    this.store = requireNonNull(store, "store is null");
    this.lake = requireNonNull(lake, "lake is null");
    this.runs = requireNonNull(runs, "runs is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.sync = new TableSync(store, clock, retireGrace);
    this.background =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread thread = new Thread(r, "tributary-table-sync");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Takes the platform's table groups: each one's table, when it exists, is checked against the
   * group (a wrong column stops {@code up}, naming file, line and field), its pointer and registry
   * entry are published, and it is synced in the background when its table changed since the
   * snapshot it serves.
   *
   * @throws io.tributary.stream.declaration.DeclarationException when a group does not fit its
   *     table
   */
  public synchronized void start(List<TableGroupSpec> declared) {
    Map<String, TableGroupSpec> byName = new LinkedHashMap<>();
    declared.forEach(group -> byName.put(group.name(), group));
    groups = Map.copyOf(byName);
    if (declared.isEmpty()) {
      return;
    }
    store.ensureTable();
    for (TableGroupSpec group : declared) {
      Optional<Table> table = table(group);
      table.ifPresent(t -> TableSync.check(group, t));
      Optional<GroupInfo> info =
          store.group(group.name()).filter(i -> i.generation().equals(group.generation()));
      if (info.isEmpty()) {
        if (store.pointer(group.name()).isEmpty()) {
          store.publish(TableSync.pointer(group));
        }
        store.register(TableSync.info(group));
      }
      Optional<Long> current = table.map(Table::currentSnapshot).map(Snapshot::snapshotId);
      if (current.isPresent() && !current.equals(info.flatMap(GroupInfo::snapshot))) {
        syncLater(group.name(), SyncRun.Trigger.START);
      }
    }
  }

  /** Checks every {@code period} whether a daily sync is due, on a thread of its own. */
  public synchronized void schedule(Duration period) {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "tributary-table-sync-scheduler");
              thread.setDaemon(true);
              return thread;
            });
    timer.scheduleWithFixedDelay(
        () -> {
          try {
            tick();
          } catch (Throwable e) { // a thrown Error would cancel the schedule for good
            LOG.warn("Table sync scheduling failed", e);
          }
        },
        period.toMillis(),
        period.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** The table groups, by name. */
  public Map<String, TableGroupSpec> groups() {
    return groups;
  }

  /** Every table group with the snapshot the store's registry says it serves. */
  public List<TableGroupStatus> status() {
    List<SyncRun> history = runs.all();
    List<TableGroupStatus> status = new java.util.ArrayList<>();
    for (TableGroupSpec group : groups.values()) {
      Optional<GroupInfo> info =
          store.group(group.name()).filter(i -> i.generation().equals(group.generation()));
      Optional<SyncRun> last =
          history.stream().filter(r -> r.group().equals(group.name())).reduce((a, b) -> b);
      status.add(
          new TableGroupStatus(
              group.name(),
              group.from(),
              group.generation(),
              group
                  .sync()
                  .afterPipeline()
                  .map(p -> "after " + p)
                  .orElseGet(() -> "daily " + group.sync().daily().orElseThrow()),
              info.flatMap(GroupInfo::snapshot),
              info.flatMap(GroupInfo::syncedAt),
              group.columns(),
              last));
    }
    return status;
  }

  public JsonLinesLog<SyncRun> runs() {
    return runs;
  }

  /** After a successful replay of {@code pipeline}: syncs, in the background, each that follows. */
  public void afterReplay(String pipeline) {
    for (TableGroupSpec group : groups.values()) {
      if (group.sync().afterPipeline().filter(pipeline::equals).isPresent()) {
        syncLater(group.name(), SyncRun.Trigger.REPLAY);
      }
    }
  }

  /** Runs each daily sync that is due: its time of day has come and none succeeded since. */
  public void tick() {
    Instant now = clock.instant();
    List<SyncRun> history = runs.all();
    for (TableGroupSpec group : groups.values()) {
      if (group.sync().daily().isEmpty()) {
        continue;
      }
      Instant due =
          LocalDate.ofInstant(now, ZoneOffset.UTC)
              .atTime(group.sync().daily().get())
              .toInstant(ZoneOffset.UTC);
      if (now.isBefore(due)) {
        continue;
      }
      List<SyncRun> today =
          history.stream()
              .filter(
                  r ->
                      r.group().equals(group.name())
                          && r.trigger() == SyncRun.Trigger.SCHEDULE
                          && !r.startedAt().isBefore(due))
              .toList();
      boolean done = today.stream().anyMatch(SyncRun::succeeded);
      boolean backingOff =
          !today.isEmpty() && today.get(today.size() - 1).finishedAt().plus(RETRY).isAfter(now);
      if (!done && !backingOff) {
        syncNow(group.name(), SyncRun.Trigger.SCHEDULE);
      }
    }
  }

  /**
   * Syncs {@code group} now and records the run; a failure is a run of status FAILED, not an
   * exception.
   *
   * @throws TributaryException naming the table groups when there is no such group
   */
  public synchronized SyncRun syncNow(String group, SyncRun.Trigger trigger) {
    TableGroupSpec spec = groups.get(group);
    if (spec == null) {
      throw new TributaryException(
          ErrorCode.NOT_FOUND,
          "No table group '"
              + group
              + "'; table groups: "
              + (groups.isEmpty() ? "none" : String.join(", ", new TreeSet<>(groups.keySet()))));
    }
    Instant started = clock.instant();
    SyncRun run;
    try {
      Table table =
          table(spec)
              .orElseThrow(
                  () ->
                      new TributaryException(
                          ErrorCode.NOT_FOUND,
                          "Table group "
                              + group
                              + " reads "
                              + spec.from()
                              + ", which does not exist (yet)"));
      SyncReport report = sync.run(spec, table);
      run = SyncRun.of(runs.nextId(), trigger, report);
    } catch (RuntimeException | InterruptedException e) { // whatever failed, the run says so
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      LOG.warn("Sync of table group {} failed", group, e);
      run =
          SyncRun.failed(
              runs.nextId(),
              group,
              trigger,
              started,
              clock.instant(),
              String.valueOf(e.getMessage()));
    }
    runs.append(run);
    return run;
  }

  private void syncLater(String group, SyncRun.Trigger trigger) {
    background.execute(() -> syncNow(group, trigger));
  }

  private Optional<Table> table(TableGroupSpec group) {
    try {
      return Optional.of(lake.findTable(group.from()));
    } catch (TributaryException e) {
      if (e.code() == ErrorCode.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
    background.shutdownNow();
  }
}
