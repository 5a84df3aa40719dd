package io.tributary.feature.sync;

import static java.util.Objects.requireNonNull;

import io.tributary.feature.aggregate.FeatureDefinition;
import io.tributary.feature.dynamodb.FeatureInfo;
import io.tributary.feature.dynamodb.GroupInfo;
import io.tributary.feature.dynamodb.GroupPointer;
import io.tributary.feature.dynamodb.ItemParts;
import io.tributary.feature.dynamodb.OnlineStore;
import io.tributary.feature.group.TableGroupSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Syncs a table group: per entity, the served columns of its row with the greatest {@code
 * latest_by} in the table's current snapshot, into the online store.
 *
 * <p>Incremental by snapshot: after a first full read, a sync reads only the data files added and
 * removed since the snapshot it synced before (a replay's overwrite of a day removes that day's
 * files and adds new ones). An entity with added rows gets the greatest of them, written unless the
 * store holds a row of a later {@code latest_by} (a condition of the put); an entity whose removed
 * rows might have held the row served, with no added row as late, is looked up in the snapshot
 * again, and removed from the store when it has no row left. Each write is conditional on its
 * version, the snapshot's sequence number, so a sync never replaces what a newer one wrote, and
 * running one again writes the same. An entity's columns are one item, one put: a reader sees one
 * snapshot's row whole, never a mix.
 *
 * <p>A table group's registry entry names the snapshot synced; it is written last, so a sync that
 * fails is done again from the snapshot before.
 */
public final class TableSync {
  private static final Logger LOG = LoggerFactory.getLogger(TableSync.class);

  private final OnlineStore store;
  private final Clock clock;
  private final Duration retireGrace;

  /**
   * @param retireGrace how long an old generation's items outlive the switch to a new one
   */
  public TableSync(OnlineStore store, Clock clock, Duration retireGrace) {
    this.store = requireNonNull(store, "store is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.retireGrace = requireNonNull(retireGrace, "retireGrace is null");
  }

  /**
   * Checks {@code group} against its table: its columns exist and are of types it can serve.
   *
   * @throws io.tributary.stream.declaration.DeclarationException naming the group's file, line and
   *     field when they do not
   */
  public static void check(TableGroupSpec group, Table table) {
    TableColumns.of(group, table.schema());
  }

  /** The group's pointer: one item per entity, every column in part 0. */
  public static GroupPointer pointer(TableGroupSpec group) {
    List<FeatureDefinition> definitions = group.definitions();
    List<Integer> parts = ItemParts.list(definitions);
    if (parts.stream().anyMatch(p -> p != 0)) {
      throw new IllegalStateException("A table group's columns must fit one item");
    }
    return new GroupPointer(
        group.name(),
        group.generation(),
        Optional.empty(),
        group.columns(),
        group.entity(),
        group.maxAge(),
        parts);
  }

  /** The group's registry entry before its first sync. */
  public static GroupInfo info(TableGroupSpec group) {
    return new GroupInfo(
        group.name(),
        GroupInfo.TABLE,
        group.owner(),
        group.description(),
        group.entity(),
        group.columns().stream()
            .map(
                column ->
                    new FeatureInfo(
                        column,
                        io.tributary.feature.aggregate.Aggregation.VALUE,
                        Optional.of(column),
                        Optional.empty(),
                        0))
            .toList(),
        group.generation(),
        group.from());
  }

  /**
   * Syncs {@code group} from {@code table}'s current snapshot.
   *
   * @throws io.tributary.stream.declaration.DeclarationException when a column of the group is not
   *     the table's, or of a type it cannot serve
   */
  public SyncReport run(TableGroupSpec group, Table table) throws InterruptedException {
    Instant started = clock.instant();
    table.refresh();
    TableColumns columns = TableColumns.of(group, table.schema());
    String generation = group.generation();
    Optional<GroupPointer> pointer = store.pointer(group.name());
    Optional<String> replaced =
        pointer.map(GroupPointer::active).filter(active -> !active.equals(generation));
    Optional<Long> from =
        store
            .group(group.name())
            .filter(info -> info.generation().equals(generation) && replaced.isEmpty())
            .flatMap(GroupInfo::snapshot);
    if (pointer.isEmpty()) {
      store.publish(pointer(group));
    }
    Snapshot current = table.currentSnapshot();
    if (current == null || from.isPresent() && from.get() == current.snapshotId()) {
      if (current == null) {
        store.register(info(group));
      }
      return new SyncReport(
          group.name(),
          SyncReport.Mode.UNCHANGED,
          from,
          from,
          0,
          0,
          0,
          0,
          0,
          started,
          clock.instant());
    }
    Rows rows = new Rows(columns, current.timestampMillis());
    Optional<TableChanges> changes = from.flatMap(f -> TableChanges.between(table, f, current));
    SyncWrites writes = new SyncWrites(store, clock, group, generation, current.sequenceNumber());
    long entities;
    try {
      entities =
          changes.isPresent()
              ? incremental(table, current, changes.get(), rows, writes)
              : full(table, current, rows, writes, group, generation);
      writes.await();
    } finally {
      writes.close();
    }
    if (replaced.isPresent()) {
      // the new generation is whole: reads switch to it in one write, the old one goes
      store.switchTo(group.name(), replaced.get(), pointer(group));
      TimeUnit.MILLISECONDS.sleep(retireGrace.toMillis());
      store.deleteGeneration(group.name(), replaced.get());
    } else if (pointer.isPresent()) {
      store.publish(pointer(group)); // max_age may have changed
    }
    Instant finished = clock.instant();
    store.register(info(group).synced(current.snapshotId(), finished));
    SyncReport report =
        new SyncReport(
            group.name(),
            changes.isPresent() ? SyncReport.Mode.INCREMENTAL : SyncReport.Mode.FULL,
            from,
            Optional.of(current.snapshotId()),
            rows.read(),
            entities,
            writes.written.get(),
            writes.kept.get(),
            writes.removed.get(),
            started,
            finished);
    LOG.info(
        "Synced table group {} from {} snapshot {}: {} rows read, {} entities, {} written, {} kept,"
            + " {} removed in {} ms",
        group.name(),
        report.mode(),
        current.snapshotId(),
        report.rowsRead(),
        report.entities(),
        report.written(),
        report.kept(),
        report.removed(),
        report.duration().toMillis());
    return report;
  }

  private long full(
      Table table,
      Snapshot current,
      Rows rows,
      SyncWrites writes,
      TableGroupSpec group,
      String generation)
      throws InterruptedException {
    Map<String, Rows.Row> latest = new HashMap<>();
    rows.scan(table, current.snapshotId(), row -> keepLatest(latest, row));
    for (Rows.Row row : latest.values()) {
      writes.put(row, false);
    }
    for (String stored : store.entities(group.name(), generation, Integer.MAX_VALUE)) {
      if (!latest.containsKey(stored)) {
        writes.delete(stored);
      }
    }
    return latest.size();
  }

  private long incremental(
      Table table, Snapshot current, TableChanges changes, Rows rows, SyncWrites writes)
      throws InterruptedException {
    Map<String, Rows.Row> added = new HashMap<>();
    for (var file : changes.added()) {
      rows.file(table, file, row -> keepLatest(added, row));
    }
    Map<String, LatestKey> removed = new HashMap<>();
    for (var file : changes.removed()) {
      rows.file(table, file, row -> removed.merge(row.entity(), row.latest(), LatestKey::max));
    }
    // an entity whose removed rows may have held the row served, with no added row as late
    Set<String> lookUp = new HashSet<>();
    removed.forEach(
        (entity, latest) -> {
          Rows.Row row = added.get(entity);
          if (row == null || row.latest().compareTo(latest) < 0) {
            lookUp.add(entity);
          }
        });
    for (Rows.Row row : added.values()) {
      if (!lookUp.contains(row.entity())) {
        writes.put(row, true);
      }
    }
    if (!lookUp.isEmpty()) {
      Map<String, Rows.Row> found = new HashMap<>();
      rows.scan(
          table,
          current.snapshotId(),
          row -> {
            if (lookUp.contains(row.entity())) {
              keepLatest(found, row);
            }
          });
      for (String entity : lookUp) {
        Rows.Row row = found.get(entity);
        if (row == null) {
          writes.delete(entity);
        } else {
          writes.put(row, false);
        }
      }
    }
    Set<String> entities = new HashSet<>(added.keySet());
    entities.addAll(removed.keySet());
    return entities.size();
  }

  private static void keepLatest(Map<String, Rows.Row> latest, Rows.Row row) {
    latest.merge(row.entity(), row, (a, b) -> b.latest().compareTo(a.latest()) > 0 ? b : a);
  }
}
