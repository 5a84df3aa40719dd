package io.tributary.stream.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.catalog.lineage.Lineage;
import io.tributary.catalog.metadata.MaintenanceRecord;
import io.tributary.stream.job.JobLauncher;
import io.tributary.stream.job.LaunchedJob;
import io.tributary.stream.lineage.LineageDatasets;
import io.tributary.stream.maintenance.policy.MaintenanceSettings;
import io.tributary.stream.source.SourceSpec;
import io.tributary.stream.source.Sources;
import io.tributary.stream.testkit.BronzeSummary;
import io.tributary.stream.testkit.Examples;
import io.tributary.stream.testkit.LakeRows;
import io.tributary.stream.testkit.Landed;
import io.tributary.stream.testkit.Orders;
import io.tributary.stream.testkit.TestEvents;
import io.tributary.stream.testkit.TestEvents.Event;
import io.tributary.stream.testkit.TestSources;
import io.tributary.stream.testkit.TestStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.flink.configuration.MemorySize;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Maintenance jobs on tables that landing keeps writing: a day closed for a while holds a file per
 * checkpoint, a current-only table an equality delete per checkpoint, and a stray file lies under
 * the bronze table's data. One run of each table, while today's orders keep landing, compacts the
 * closed days into a few files near the target size, folds the current-only table's deletes into
 * its data, expires the snapshots beyond the retention (the ones inside it still read), removes the
 * stray file and nothing else, and records all of it in the table and in lineage.
 */
class MaintenanceJobIT {
  private static final TableIdentifier CUSTOMERS = TableIdentifier.of("bronze", "customers");
  private static final TableIdentifier HISTORY = TableIdentifier.of("bronze", "customers_history");
  private static final MemorySize TARGET = MemorySize.parse("16kb");
  private static final MaintenanceSettings SETTINGS =
      new MaintenanceSettings(
          true, Duration.ofSeconds(5), TARGET, Duration.ofSeconds(15), 3, Duration.ofHours(1));
  private static final Instant TODAY = Instant.now().truncatedTo(ChronoUnit.DAYS);
  private static final Instant CLOSED = TODAY.minus(3, ChronoUnit.DAYS);
  private static final int CHECKPOINTS = 12;
  private static final int CUSTOMERS_COUNT = 20;

  @RegisterExtension static final TestStack STACK = new TestStack();

  @Test
  void compactsClosedDaysFoldsDeletesExpiresSnapshotsAndRemovesOrphansWhileTheStreamCommits()
      throws Exception {
    SourceSpec orders = Examples.orders();
    SourceSpec customers = Sources.load(TestSources.CURRENT).get("customers");
    STACK.broker().createTopics(List.of(orders, customers));
    JobLauncher launcher = STACK.launcher();
    launcher.launch(STACK.landing(orders));
    launcher.launch(STACK.landing(customers));

    // each batch in a checkpoint of its own: a file per closed day, an equality delete per update
    Orders.Batch landed = Orders.valid("none", 0, CLOSED, 2);
    for (int checkpoint = 0; checkpoint < CHECKPOINTS; checkpoint++) {
      Orders.Batch batch = Orders.valid("closed-" + checkpoint, 500, CLOSED, 2);
      publish(orders.topic(), batch.events());
      publish(customers.topic(), customerUpdates(checkpoint));
      landed = landed.plus(batch);
      long expected = landed.count();
      await("checkpoint " + checkpoint + " of orders")
          .atMost(Duration.ofMinutes(1))
          .until(() -> LakeRows.count(STACK.lake(), BronzeSummary.ORDERS) == expected);
    }
    Map<String, String> currentCities = expectedCities();
    await("the last update of every customer")
        .atMost(Duration.ofMinutes(1))
        .until(() -> cities().equals(currentCities));

    Table bronze = STACK.lake().loadTable(BronzeSummary.ORDERS);
    long firstSnapshot = oldest(bronze).snapshotId();
    Map<String, List<DataFile>> before = filesByDay(bronze);
    assertThat(before.get(day(CLOSED))).hasSizeGreaterThanOrEqualTo(CHECKPOINTS);
    assertThat(deleteFiles(STACK.lake().loadTable(CUSTOMERS))).isGreaterThan(0);
    // every file is old enough to be an orphan: only the stray one is not referenced
    Path stray = dataDirectory(bronze).resolve("ds=" + day(CLOSED)).resolve("stray.parquet");
    Files.writeString(stray, "left by a write that never committed");
    ageEveryFile(local(bronze.location()));

    OpenDay today = OpenDay.start(orders.topic());
    List<LaunchedJob> maintenance = new ArrayList<>();
    MaintenanceJobs jobs = maintenanceJobs(List.of(orders, customers));
    maintenance.add(launcher.launch(jobs.source(orders).orElseThrow()));
    maintenance.add(launcher.launch(jobs.source(customers).orElseThrow()));
    for (TableIdentifier table : List.of(BronzeSummary.ORDERS, CUSTOMERS, HISTORY)) {
      await("a maintenance run of " + table)
          .atMost(Duration.ofMinutes(1))
          .until(() -> MaintenanceRecord.of(STACK.lake().loadTable(table)).isPresent());
    }
    for (LaunchedJob job : maintenance) {
      job.cancel(Duration.ofSeconds(30));
    }
    landed = landed.plus(today.stop());

    // rows and sums unchanged, today's orders landed meanwhile
    Landed.awaitOrders(STACK.lake(), landed);
    assertThat(cities()).isEqualTo(currentCities);

    bronze.refresh();
    MaintenanceRecord record = MaintenanceRecord.of(bronze).orElseThrow();
    assertThat(record.succeeded()).as(record.toString()).isTrue();
    assertThat(record.job()).isEqualTo("maintenance-orders");
    Map<String, List<DataFile>> after = filesByDay(bronze);
    for (String closedDay : List.of(day(CLOSED), day(CLOSED.plus(1, ChronoUnit.DAYS)))) {
      List<DataFile> files = after.get(closedDay);
      assertThat(files).as("files of " + closedDay).hasSizeBetween(1, 4);
      long nearTarget =
          files.stream().filter(f -> f.fileSizeInBytes() >= TARGET.getBytes() / 2).count();
      assertThat(nearTarget)
          .as("files of %s near %s: %s", closedDay, TARGET, sizes(files))
          .isGreaterThanOrEqualTo(files.size() - 1);
    }
    assertThat(after.get(day(TODAY))).as("today is still open: not compacted").isNotEmpty();
    assertThat(record.rewrittenDataFiles()).isGreaterThanOrEqualTo(2L * CHECKPOINTS);
    assertThat(record.addedDataFiles()).isBetween(2L, 8L);

    // old snapshots gone; the oldest one kept still reads, with the files from before compaction
    assertThat(record.expiredSnapshots()).isPositive();
    assertThat(bronze.snapshot(firstSnapshot)).isNull();
    Snapshot oldest = oldest(bronze);
    assertThat(rowsAt(bronze, oldest))
        .isEqualTo(Long.parseLong(oldest.summary().get("total-records")));

    assertThat(stray).doesNotExist();
    assertThat(record.removedOrphanFiles()).isEqualTo(1);

    // the current-only table: the same rows, its equality deletes folded into its data
    Table current = STACK.lake().loadTable(CUSTOMERS);
    MaintenanceRecord currentRecord = MaintenanceRecord.of(current).orElseThrow();
    assertThat(currentRecord.succeeded()).as(currentRecord.toString()).isTrue();
    assertThat(currentRecord.rewrittenDeleteFiles()).isPositive();
    assertThat(deleteFiles(current)).isZero();
    assertThat(filesByDay(current).values().stream().mapToInt(List::size).sum())
        .isLessThanOrEqualTo(2);

    assertThat(lineageEvents())
        .anySatisfy(
            event ->
                assertThat(event)
                    .contains("\"eventType\":\"COMPLETE\"")
                    .contains("\"name\":\"maintenance-orders\"")
                    .contains(Lineage.MAINTENANCE_FACET)
                    .contains("\"removed_orphan_files\":1"));
  }

  private static MaintenanceJobs maintenanceJobs(List<SourceSpec> sources) throws IOException {
    return new MaintenanceJobs(
        STACK.lake(),
        SETTINGS,
        JdbcMaintenanceLocks.of(
            STACK.lake().config(), STACK.directory("maintenance").resolve("locks.db")),
        STACK.directory("lineage"),
        Optional.empty(),
        LineageDatasets.of(STACK.kafka(), sources, STACK.lake()),
        sources);
  }

  /** Today's orders, published every 200 ms while maintenance runs: the stream keeps committing. */
  private static final class OpenDay {
    private final ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicReference<Orders.Batch> published =
        new AtomicReference<>(Orders.valid("none", 0, TODAY, 1));
    private final ScheduledFuture<?> publishing;

    private OpenDay(String topic) {
      publishing =
          pace.scheduleWithFixedDelay(
              () -> {
                Orders.Batch batch = Orders.valid("open-" + next.getAndIncrement(), 50, TODAY, 1);
                try {
                  publish(topic, batch.events());
                } catch (Exception e) { // the test's own publisher: any failure fails the test
                  throw new IllegalStateException(e);
                }
                published.getAndUpdate(all -> all.plus(batch));
              },
              0,
              200,
              TimeUnit.MILLISECONDS);
    }

    static OpenDay start(String topic) {
      return new OpenDay(topic);
    }

    /** Stops after the batch being published, and returns every batch published. */
    Orders.Batch stop() throws InterruptedException {
      publishing.cancel(false);
      pace.shutdown();
      if (!pace.awaitTermination(1, TimeUnit.MINUTES)) {
        throw new IllegalStateException("Today's publisher did not stop within a minute");
      }
      return published.get();
    }
  }

  private static List<Event> customerUpdates(int checkpoint) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < CUSTOMERS_COUNT; i++) {
      boolean deleted = checkpoint == CHECKPOINTS - 1 && i == 0;
      events.add(
          new Event(
              "c" + i,
              String.format(
                  "{\"customer_id\":\"c%d\",\"name\":\"n%d\",\"city\":\"city-%d\","
                      + "\"deleted\":%s,\"updated_at\":\"%s\"}",
                  i, i, checkpoint, deleted, CLOSED.plus(checkpoint, ChronoUnit.MINUTES))));
    }
    return events;
  }

  private static Map<String, String> expectedCities() {
    Map<String, String> cities = new TreeMap<>();
    for (int i = 1; i < CUSTOMERS_COUNT; i++) {
      cities.put("c" + i, "city-" + (CHECKPOINTS - 1));
    }
    return cities;
  }

  private static Map<String, String> cities() {
    Map<String, String> cities = new TreeMap<>();
    for (Record row : LakeRows.read(STACK.lake(), CUSTOMERS)) {
      cities.put(String.valueOf(row.getField("customer_id")), String.valueOf(row.getField("city")));
    }
    return cities;
  }

  private static void publish(String topic, List<Event> events) throws Exception {
    TestEvents.publish(STACK.broker().bootstrapServers(), topic, events);
  }

  private static String day(Instant instant) {
    return instant.toString().substring(0, 10);
  }

  private static Map<String, List<DataFile>> filesByDay(Table table) throws IOException {
    table.refresh();
    Map<String, List<DataFile>> files = new TreeMap<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        String day =
            table.spec().isUnpartitioned()
                ? ""
                : String.valueOf(task.file().partition().get(0, String.class));
        files.computeIfAbsent(day, d -> new ArrayList<>()).add(task.file());
      }
    }
    return files;
  }

  private static List<Long> sizes(List<DataFile> files) {
    return files.stream().map(DataFile::fileSizeInBytes).toList();
  }

  private static long deleteFiles(Table table) {
    table.refresh();
    return Long.parseLong(
        table.currentSnapshot().summary().getOrDefault("total-delete-files", "0"));
  }

  private static Snapshot oldest(Table table) {
    table.refresh();
    Snapshot oldest = null;
    for (Snapshot snapshot : table.snapshots()) {
      if (oldest == null || snapshot.sequenceNumber() < oldest.sequenceNumber()) {
        oldest = snapshot;
      }
    }
    return oldest;
  }

  private static long rowsAt(Table table, Snapshot snapshot) throws IOException {
    long rows = 0;
    try (CloseableIterable<Record> records =
        IcebergGenerics.read(table).useSnapshot(snapshot.snapshotId()).build()) {
      for (Record ignored : records) {
        rows++;
      }
    }
    return rows;
  }

  private static Path dataDirectory(Table table) {
    return local(table.location()).resolve("data");
  }

  private static Path local(String location) {
    return location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
  }

  /** Sets every file under {@code root} ten days into the past. */
  private static void ageEveryFile(Path root) throws IOException {
    FileTime old = FileTime.from(Instant.now().minus(10, ChronoUnit.DAYS));
    try (Stream<Path> files = Files.walk(root)) {
      files
          .filter(Files::isRegularFile)
          .forEach(
              file -> {
                try {
                  Files.setLastModifiedTime(file, old);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }

  private static List<String> lineageEvents() throws IOException {
    return Files.readAllLines(STACK.directory("lineage").resolve(Lineage.STORE_FILE));
  }
}
