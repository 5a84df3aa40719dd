package io.tributary.infra.bench;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.error.InvalidValueException;
import io.tributary.feature.dynamodb.FeatureRead;
import io.tributary.feature.dynamodb.LocalDynamoDb;
import io.tributary.feature.dynamodb.OnlineStore;
import io.tributary.feature.dynamodb.OnlineStoreConfig;
import io.tributary.feature.group.FeatureGroupParser;
import io.tributary.feature.group.FeatureGroupSpec;
import io.tributary.feature.group.TableGroupSpec;
import io.tributary.feature.sync.SyncReport;
import io.tributary.feature.sync.TableSync;
import io.tributary.stream.source.SourceSpec;
import io.tributary.stream.source.Sources;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Measures a table group's sync ({@code bench sync}): a full sync of a table of {@code rows} rows
 * (a row per restaurant and day), then incremental syncs after one day is replaced (the latest day:
 * every restaurant's served row changes; an older day: the store keeps the later rows), each with
 * rows read per second and DynamoDB writes per second, beside a feature group's streaming job
 * (issue 14's restaurant_activity) writing to the same local dynalite in the same run.
 */
public final class SyncBenchmark {
  /** What to measure with. */
  public record Settings(
      long rows,
      int entities,
      long events,
      int parallelism,
      Path examples,
      Path dynalite,
      Path work) {
    public Settings {
      requireNonNull(examples, "examples is null");
      requireNonNull(dynalite, "dynalite is null");
      requireNonNull(work, "work is null");
      if (entities < 1 || rows < entities || rows % entities != 0 || events < 1) {
        throw new InvalidValueException(
            "--rows must be a whole number of days of --entities rows, each at least 1");
      }
    }
  }

  private final Settings settings;
  private final PrintWriter out;

  public SyncBenchmark(Settings settings, PrintWriter out) {
    this.settings = requireNonNull(settings, "settings is null");
    this.out = requireNonNull(out, "out is null");
  }

  public void run() throws Exception {
    int days = (int) (settings.rows() / settings.entities());
    out.printf(
        Locale.ROOT,
        "%s; table of %,d rows (%,d restaurants x %d days, one Parquet file per day); feature job"
            + " baseline %,d orders%n",
        BenchStack.machine(),
        settings.rows(),
        settings.entities(),
        days,
        settings.events());
    try (BenchStack stack = BenchStack.start(settings.work(), 4);
        LocalDynamoDb dynamo =
            LocalDynamoDb.start(
                settings.dynalite(),
                settings.work().resolve("dynamodb"),
                "127.0.0.1",
                0,
                settings.work().resolve("dynamodb.log"));
        OnlineStore store = OnlineStore.connect(OnlineStoreConfig.local(dynamo.endpoint()))) {
      store.ensureTable();
      SyncTable table =
          new SyncTable(
              stack.lake().iceberg(),
              TableIdentifier.of("gold", "bench_daily"),
              settings.entities());
      LocalDate first = LocalDate.parse("2026-11-01");
      List<LocalDate> all = new ArrayList<>();
      for (int d = 0; d < days; d++) {
        all.add(first.plusDays(d));
      }
      long written = System.nanoTime();
      table.append(all, 1);
      out.printf(
          Locale.ROOT,
          "wrote the table in %.1f s%n",
          Duration.ofNanos(System.nanoTime() - written).toMillis() / 1000.0);
      TableGroupSpec group = group(settings.work());
      TableSync sync = new TableSync(store, Clock.systemUTC(), Duration.ofSeconds(1));
      print("full sync", sync.run(group, table.table()));
      table.replace(all.get(days - 1), 2);
      print("incremental, latest day replaced", sync.run(group, table.table()));
      if (days > 1) {
        table.replace(all.get(0), 3);
        print("incremental, oldest day replaced", sync.run(group, table.table()));
      }
      print("again, table unchanged", sync.run(group, table.table()));
      check(store, group, all.get(days - 1));
      baseline(stack, store);
    }
  }

  private void print(String what, SyncReport report) {
    double seconds = Math.max(0.001, report.duration().toMillis() / 1000.0);
    out.printf(
        Locale.ROOT,
        "sync %-34s %-11s %,10d rows read %,10.0f rows/s; %,8d entities: %,8d written, %,8d"
            + " kept, %,6d removed = %,8.0f DynamoDB writes/s  (%.2f s)%n",
        what,
        report.mode(),
        report.rowsRead(),
        report.rowsRead() / seconds,
        report.entities(),
        report.written(),
        report.kept(),
        report.removed(),
        report.writes() / seconds,
        seconds);
  }

  /**
   * Reads a sample of the restaurants back: each must serve its latest day's replaced row.
   *
   * @throws IllegalStateException naming the first restaurant whose row is not
   */
  private void check(OnlineStore store, TableGroupSpec group, LocalDate latest) {
    List<String> sample = new ArrayList<>();
    int step = Math.max(1, settings.entities() / 500);
    for (int r = 0; r < settings.entities(); r += step) {
      sample.add("r-" + r);
    }
    List<FeatureRead> reads =
        store.read(group.name(), sample, List.of("orders", "ds"), java.time.Instant.now());
    for (int i = 0; i < sample.size(); i++) {
      int restaurant = Integer.parseInt(sample.get(i).substring(2));
      Object orders = reads.get(2 * i).value();
      Object ds = reads.get(2 * i + 1).value();
      BigDecimal expected = BigDecimal.valueOf(SyncTable.orders(restaurant, latest, 2));
      if (!(orders instanceof BigDecimal got && got.compareTo(expected) == 0)
          || !latest.toString().equals(ds)) {
        throw new IllegalStateException(
            "Restaurant "
                + sample.get(i)
                + " serves orders "
                + orders
                + " of "
                + ds
                + "; its latest row has "
                + expected
                + " of "
                + latest);
      }
    }
    out.printf(
        Locale.ROOT,
        "checked %,d restaurants: each serves its latest day's replaced row%n",
        sample.size());
  }

  /** The feature job of issue 14's example group over the same store: its puts per second. */
  private void baseline(BenchStack stack, OnlineStore store) throws Exception {
    SourceSpec orders = Sources.load(settings.examples().resolve("sources")).get("orders");
    FeatureGroupSpec example =
        FeatureGroupParser.parse(
            settings.examples().resolve("features").resolve("restaurant_activity.yaml"));
    String topic = "bench.sync.features";
    stack.createTopic(topic, 2);
    new FeatureLoad(stack.kafka().connection()).bulk(topic, settings.events(), settings.entities());
    SourceSpec source = IngestBenchmark.renamed(orders, "bench_sync_orders", topic);
    FeatureGroupSpec group = FeatureBenchmark.renamed(example, "bench_sync_job", source.name());
    FeatureBenchmark.Measured job =
        FeatureBenchmark.streaming(
            stack, store, group, source, settings.events(), settings.parallelism());
    double seconds = job.took().toMillis() / 1000.0;
    out.printf(
        Locale.ROOT,
        "baseline feature job (restaurant_activity, %,d orders over %,d restaurants, parallelism"
            + " %d): %,d DynamoDB writes = %,.0f writes/s  (%.2f s)%n",
        settings.events(),
        settings.entities(),
        settings.parallelism(),
        job.writes(),
        job.writes() / seconds,
        seconds);
  }

  private static TableGroupSpec group(Path work) {
    return new TableGroupSpec(
        "bench_sync",
        Optional.of("bench"),
        Optional.empty(),
        List.of("restaurant_id"),
        "lake.gold.bench_daily",
        List.of("orders", "revenue", "ds"),
        "ds",
        new TableGroupSpec.SyncSchedule(Optional.of("bench"), Optional.empty()),
        Optional.empty(),
        work.resolve("bench_sync.yaml"));
  }
}
