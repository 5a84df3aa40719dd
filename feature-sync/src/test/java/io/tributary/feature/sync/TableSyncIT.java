package io.tributary.feature.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.catalog.LakeCatalog;
import io.tributary.catalog.LakeCatalogConfig;
import io.tributary.feature.dynamodb.FeatureRead;
import io.tributary.feature.dynamodb.FeatureStatus;
import io.tributary.feature.dynamodb.GroupInfo;
import io.tributary.feature.dynamodb.OnlineStore;
import io.tributary.feature.group.TableGroupParser;
import io.tributary.feature.group.TableGroupSpec;
import io.tributary.feature.testkit.DynamoServer;
import io.tributary.stream.declaration.DeclarationException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table group synced from a real Iceberg table into a real local DynamoDB (dynalite): the latest
 * row per entity served, days replaced as replays replace them (the latest day, an older one, a day
 * dropped), only the changed files read, a second sync writing nothing, a changed group rebuilt and
 * switched to, and a reader that polls all the while never seeing a row no snapshot had.
 */
class TableSyncIT {
  @RegisterExtension static final DynamoServer DYNAMO = new DynamoServer();

  private static final LocalDate D1 = LocalDate.parse("2026-11-01");
  private static final LocalDate D2 = D1.plusDays(1);
  private static final LocalDate D3 = D1.plusDays(2);
  private static final LocalDate D4 = D1.plusDays(3);
  private static final List<String> ENTITIES =
      java.util.stream.IntStream.range(0, 12).mapToObj(i -> "r-" + i).toList();

  @TempDir static Path dir;
  private static LakeCatalog lake;

  @BeforeAll
  static void openLake() {
    lake = LakeCatalog.open(LakeCatalogConfig.local(dir.resolve("lake"))).ensureLayers();
  }

  @AfterAll
  static void closeLake() throws Exception {
    lake.close();
  }

  @Test
  void replayedDaysAreServedCorrectedAndNeverMixed() throws Exception {
    DailyTable daily = new DailyTable(lake.iceberg(), TableIdentifier.of("gold", "daily_revenue"));
    Set<List<Object>> everInTable = ConcurrentHashMap.newKeySet();
    daily.append(rows(everInTable, D1, 0, 10, 1));
    daily.append(rows(everInTable, D2, 0, 8, 1));
    daily.append(rows(everInTable, D3, 0, 5, 1));
    TableGroupSpec group =
        group("restaurant_daily", "columns: [orders, revenue, ds]\nlatest_by: ds\n");
    try (OnlineStore store = DYNAMO.store()) {
      TableSync sync = new TableSync(store, Clock.systemUTC(), Duration.ofMillis(100));
      SyncReport first = sync.run(group, daily.table());
      assertThat(first.mode()).isEqualTo(SyncReport.Mode.FULL);
      assertThat(first.rowsRead()).isEqualTo(10 + 8 + 5);
      assertThat(first.written()).isEqualTo(10);
      assertServed(store, daily);
      assertThat(
              store.read("restaurant_daily", List.of("r-0"), List.of("ds"), Instant.now()).get(0))
          .satisfies(
              read -> {
                assertThat(read.newestEventTime()).contains(Instant.parse("2026-11-03T00:00:00Z"));
                assertThat(read.version())
                    .isEqualTo(daily.table().currentSnapshot().sequenceNumber());
              });
      GroupInfo info = store.group("restaurant_daily").orElseThrow();
      assertThat(info.kind()).isEqualTo("table");
      assertThat(info.snapshot()).contains(daily.table().currentSnapshot().snapshotId());

      Poller poller = new Poller(store, everInTable);
      poller.start();
      // the latest day replayed: r-0..r-3 corrected, r-4 gone from it (its D2 row is served)
      daily.replace(rows(everInTable, D3, 0, 4, 2));
      SyncReport latestDay = sync.run(group, daily.table());
      assertThat(latestDay.mode()).isEqualTo(SyncReport.Mode.INCREMENTAL);
      assertServed(store, daily);
      assertThat(value(store, "r-4", "ds")).isEqualTo(D2.toString());

      // an older day replayed: r-8 corrected (D1 is its latest), r-9 gone for good, r-0 keeps D3
      List<DailyTable.Row> olderDay = new ArrayList<>(rows(everInTable, D1, 0, 9, 3));
      olderDay.removeIf(row -> row.restaurant().equals("r-9"));
      daily.replace(olderDay);
      SyncReport older = sync.run(group, daily.table());
      assertThat(older.mode()).isEqualTo(SyncReport.Mode.INCREMENTAL);
      assertThat(older.kept()).as("r-0..r-7 hold a later day").isEqualTo(8);
      assertThat(older.removed()).isEqualTo(1);
      assertServed(store, daily);
      assertThat(value(store, "r-8", "orders")).isEqualTo(new BigDecimal(9 * 3));
      assertThat(
              store
                  .read("restaurant_daily", List.of("r-9"), List.of(), Instant.now())
                  .get(0)
                  .status())
          .isEqualTo(FeatureStatus.NOT_FOUND);

      // a new day, and a day dropped whole
      daily.append(rows(everInTable, D4, 5, 7, 4));
      daily.dropDay(D2);
      SyncReport more = sync.run(group, daily.table());
      assertThat(more.mode()).isEqualTo(SyncReport.Mode.INCREMENTAL);
      assertServed(store, daily);

      // in one sync: r-6's latest day (D4) dropped, and an older day of it (D1) replaced
      daily.dropDay(D4);
      daily.replace(rows(everInTable, D1, 0, 9, 5));
      SyncReport earlier = sync.run(group, daily.table());
      assertThat(earlier.mode()).isEqualTo(SyncReport.Mode.INCREMENTAL);
      assertServed(store, daily);
      assertThat(value(store, "r-6", "ds")).isEqualTo(D1.toString());

      SyncReport again = sync.run(group, daily.table());
      assertThat(again.mode()).isEqualTo(SyncReport.Mode.UNCHANGED);
      assertThat(again.writes()).isZero();
      assertServed(store, daily);

      poller.stop();
      assertThat(poller.reads.get()).as("reads during the syncs").isPositive();
      assertThat(poller.violations).as("rows no snapshot had, or parts of two").isEmpty();

      // a changed group: a new generation built whole from the snapshot, then switched to
      String old = group.generation();
      TableGroupSpec changed = group("restaurant_daily", "columns: [orders, ds]\nlatest_by: ds\n");
      SyncReport rebuilt = sync.run(changed, daily.table());
      assertThat(rebuilt.mode()).isEqualTo(SyncReport.Mode.FULL);
      assertThat(store.pointer("restaurant_daily").orElseThrow().active())
          .isEqualTo(changed.generation());
      assertThat(store.entities("restaurant_daily", old, 100)).isEmpty();
      assertThat(value(store, "r-8", "orders")).isEqualTo(new BigDecimal(9 * 5));
    }
  }

  @Test
  void historyThatCannotBeFollowedIsReadWhole() throws Exception {
    DailyTable daily = new DailyTable(lake.iceberg(), TableIdentifier.of("gold", "expiring"));
    Set<List<Object>> rows = ConcurrentHashMap.newKeySet();
    daily.append(rows(rows, D1, 0, 6, 1));
    TableGroupSpec group =
        group("expiring_daily", "columns: [orders]\nlatest_by: ds\n", "lake.gold.expiring");
    try (OnlineStore store = DYNAMO.store()) {
      TableSync sync = new TableSync(store, Clock.systemUTC(), Duration.ofMillis(100));
      sync.run(group, daily.table());
      daily.replace(rows(rows, D1, 0, 3, 2)); // r-3..r-5 leave the table
      daily
          .table()
          .expireSnapshots()
          .expireOlderThan(System.currentTimeMillis() + 1)
          .retainLast(1)
          .commit();
      SyncReport report = sync.run(group, daily.table());
      assertThat(report.mode()).isEqualTo(SyncReport.Mode.FULL);
      assertThat(report.removed()).isEqualTo(3);
      assertServed(store, daily, group);
    }
  }

  @Test
  void aColumnTheTableLacksIsAnErrorOfTheFileAtItsLine() throws Exception {
    DailyTable daily = new DailyTable(lake.iceberg(), TableIdentifier.of("gold", "checked"));
    TableGroupSpec group =
        group("checked_daily", "columns: [orders, revnue]\nlatest_by: ds\n", "lake.gold.checked");
    assertThatThrownBy(() -> TableSync.check(group, daily.table()))
        .isInstanceOf(DeclarationException.class)
        .hasMessageContaining("checked_daily.yaml, line 5")
        .hasMessageContaining("columns[1]")
        .hasMessageContaining("no column 'revnue'");
    TableGroupSpec latest =
        group("checked_latest", "columns: [orders]\nlatest_by: revenue\n", "lake.gold.checked");
    assertThatThrownBy(() -> TableSync.check(latest, daily.table()))
        .hasMessageContaining("latest_by")
        .hasMessageContaining("needs a date, a timestamp, an integer or a text");
  }

  private static TableGroupSpec group(String name, String rest) throws Exception {
    return group(name, rest, "lake.gold.daily_revenue");
  }

  private static TableGroupSpec group(String name, String rest, String table) throws Exception {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(
        file,
        "name: "
            + name
            + "\nentity: restaurant_id\nfrom: "
            + table
            + "\nsync: {after: daily_revenue}\n"
            + rest);
    return TableGroupParser.parse(file);
  }

  /** Rows for restaurants [from, to) of a day; orders and revenue depend on the version. */
  private static List<DailyTable.Row> rows(
      Set<List<Object>> everInTable, LocalDate day, int from, int to, int version) {
    List<DailyTable.Row> rows = new ArrayList<>();
    for (int i = from; i < to; i++) {
      long orders = (i + 1L) * version;
      BigDecimal revenue = BigDecimal.valueOf(orders * 1000 + version, 2);
      rows.add(new DailyTable.Row("r-" + i, day, orders, revenue));
      everInTable.add(List.of("r-" + i, new BigDecimal(orders), revenue, day.toString()));
    }
    return rows;
  }

  private static Object value(OnlineStore store, String entity, String column) {
    return store
        .read("restaurant_daily", List.of(entity), List.of(column), Instant.now())
        .get(0)
        .value();
  }

  private static void assertServed(OnlineStore store, DailyTable daily) {
    Map<String, DailyTable.Row> latest = daily.latest();
    List<FeatureRead> reads =
        store.read("restaurant_daily", ENTITIES, List.of("orders", "revenue", "ds"), Instant.now());
    for (int e = 0; e < ENTITIES.size(); e++) {
      DailyTable.Row expected = latest.get(ENTITIES.get(e));
      List<FeatureRead> entity = reads.subList(e * 3, e * 3 + 3);
      if (expected == null) {
        assertThat(entity)
            .allSatisfy(r -> assertThat(r.status()).isEqualTo(FeatureStatus.NOT_FOUND));
        continue;
      }
      assertThat(entity.get(0).value())
          .as(ENTITIES.get(e))
          .isEqualTo(new BigDecimal(expected.orders()));
      assertThat((BigDecimal) entity.get(1).value())
          .as(ENTITIES.get(e))
          .isEqualByComparingTo(expected.revenue());
      assertThat(entity.get(2).value()).as(ENTITIES.get(e)).isEqualTo(expected.day().toString());
    }
  }

  private static void assertServed(OnlineStore store, DailyTable daily, TableGroupSpec group) {
    Map<String, DailyTable.Row> latest = daily.latest();
    List<FeatureRead> reads = store.read(group.name(), ENTITIES, List.of("orders"), Instant.now());
    for (FeatureRead read : reads) {
      DailyTable.Row expected = latest.get(read.entity());
      if (expected == null) {
        assertThat(read.status()).as(read.entity()).isEqualTo(FeatureStatus.NOT_FOUND);
      } else {
        assertThat(read.value()).as(read.entity()).isEqualTo(new BigDecimal(expected.orders()));
      }
    }
  }

  /** Reads every entity over and over, checking each one's row is whole and was in the table. */
  private static final class Poller {
    private final OnlineStore store;
    private final Set<List<Object>> everInTable;
    private final AtomicBoolean running = new AtomicBoolean(true);
    final AtomicLong reads = new AtomicLong();
    final List<String> violations = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Thread thread;

    Poller(OnlineStore store, Set<List<Object>> everInTable) {
      this.store = store;
      this.everInTable = everInTable;
    }

    void start() {
      thread =
          new Thread(
              () -> {
                while (running.get()) {
                  List<FeatureRead> all =
                      store.read(
                          "restaurant_daily",
                          ENTITIES,
                          List.of("orders", "revenue", "ds"),
                          Instant.now());
                  for (int e = 0; e < ENTITIES.size(); e++) {
                    List<FeatureRead> entity = all.subList(e * 3, e * 3 + 3);
                    long present =
                        entity.stream().filter(r -> r.status() != FeatureStatus.NOT_FOUND).count();
                    if (present == 0) {
                      continue;
                    }
                    List<Object> row =
                        List.of(
                            ENTITIES.get(e),
                            entity.get(0).value(),
                            entity.get(1).value(),
                            entity.get(2).value());
                    if (present != 3 || !everInTable.contains(row)) {
                      violations.add(row.toString());
                    }
                  }
                  reads.incrementAndGet();
                }
              },
              "poller");
      thread.start();
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join();
    }
  }
}
