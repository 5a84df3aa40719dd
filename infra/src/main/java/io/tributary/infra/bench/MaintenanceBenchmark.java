package io.tributary.infra.bench;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.error.InvalidValueException;
import io.tributary.catalog.metadata.TableDescription;
import io.tributary.infra.local.EmbeddedTrino;
import io.tributary.stream.landing.BronzeTables;
import io.tributary.stream.source.SourceSpec;
import io.tributary.stream.source.Sources;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Measures, in one run and on one table, what maintenance does for readers: a bronze orders table
 * of many small files (as frequent checkpoints leave it), its data files, average file size,
 * snapshots and the wall time of a Trino query over all of it, before and after compaction and
 * snapshot expiry. The query's result must be the same before and after, and equal to what was
 * written; the benchmark fails otherwise.
 */
public final class MaintenanceBenchmark {
  /** What to measure with. */
  public record Settings(
      int files,
      int rowsPerFile,
      int days,
      int filesPerCommit,
      int queryRuns,
      int parallelism,
      Path examples,
      Path trinoScript,
      Path workDir) {
    public Settings {
      requireNonNull(examples, "examples is null");
      requireNonNull(trinoScript, "trinoScript is null");
      requireNonNull(workDir, "workDir is null");
      if (files < 1
          || rowsPerFile < 1
          || days < 1
          || filesPerCommit < 1
          || queryRuns < 1
          || parallelism < 1) {
        throw new InvalidValueException(
            "files, rows per file, days, files per commit, query runs and parallelism must each"
                + " be at least 1");
      }
      if (days > files) {
        throw new InvalidValueException(
            "Cannot spread " + files + " files over " + days + " days: give each day a file");
      }
    }
  }

  /** The table and the query's median wall time, before and after maintenance. */
  public record Result(
      TableDescription.FileStats before,
      TableDescription.FileStats after,
      int snapshotsBefore,
      int snapshotsAfter,
      Queries queryBefore,
      Queries queryAfter,
      Duration maintenance) {}

  /** The counted wall times of one query, in the order they ran. */
  public record Queries(List<Duration> times) {
    public Queries {
      times = List.copyOf(times);
    }

    public Duration median() {
      List<Duration> sorted = times.stream().sorted().toList();
      int middle = sorted.size() / 2;
      return sorted.size() % 2 == 1
          ? sorted.get(middle)
          : sorted.get(middle - 1).plus(sorted.get(middle)).dividedBy(2);
    }

    public Duration best() {
      return times.stream().min(Duration::compareTo).orElseThrow();
    }
  }

  private static final TableIdentifier TABLE = TableIdentifier.of("bronze", "bench_small_files");
  private static final String QUERY =
      "SELECT ds, count(*), sum(amount) FROM lake.bronze.bench_small_files GROUP BY ds ORDER BY ds";

  private final Settings settings;
  private final PrintWriter out;

  public MaintenanceBenchmark(Settings settings, PrintWriter out) {
    this.settings = requireNonNull(settings, "settings is null");
    this.out = requireNonNull(out, "out is null");
  }

  public Result run() throws Exception {
    SourceSpec orders = Sources.load(settings.examples().resolve("sources")).get("orders");
    SourceSpec bench = IngestBenchmark.renamed(orders, TABLE.name(), orders.topic());
    out.printf(
        Locale.ROOT,
        "%s; %,d files of %d orders over %d days, %d files a commit, query runs %d,"
            + " parallelism %d%n",
        BenchStack.machine(),
        settings.files(),
        settings.rowsPerFile(),
        settings.days(),
        settings.filesPerCommit(),
        settings.queryRuns(),
        settings.parallelism());
    try (BenchStack stack = BenchStack.start(settings.workDir(), 8)) {
      BronzeTables.ensure(stack.lake(), bench);
      Table table = stack.lake().loadTable(TABLE);
      long writing = System.nanoTime();
      SmallFiles.Written written =
          SmallFiles.write(
              table,
              settings.files(),
              settings.rowsPerFile(),
              settings.days(),
              settings.filesPerCommit(),
              LocalDate.now(ZoneOffset.UTC).minusDays(settings.days() + 1L));
      out.printf(
          Locale.ROOT,
          "wrote %,d Parquet files (%,d orders) in %,d commits in %.1f s, through Iceberg's Java"
              + " API as landing's writers would%n",
          written.files(),
          (long) settings.files() * settings.rowsPerFile(),
          written.commits(),
          seconds(System.nanoTime() - writing));
      out.flush();
      try (EmbeddedTrino trino = startTrino(stack)) {
        TableDescription before = describe(stack);
        List<List<String>> expected = written.byDay();
        Queries queryBefore = queries(trino, expected, "before maintenance");
        Duration maintenance = BenchMaintenance.run(stack, TABLE);
        TableDescription after = describe(stack);
        Queries queryAfter = queries(trino, expected, "after maintenance");
        Result result =
            new Result(
                before.files().orElseThrow(),
                after.files().orElseThrow(),
                before.snapshots(),
                after.snapshots(),
                queryBefore,
                queryAfter,
                maintenance);
        print(result, expected.size());
        return result;
      }
    }
  }

  private void print(Result result, int resultRows) {
    out.printf(
        Locale.ROOT,
        "maintenance (one run of the platform's maintenance: compaction of the closed days,"
            + " snapshot expiry keeping the current one, orphan removal): %.1f s%n",
        result.maintenance().toMillis() / 1000.0);
    out.printf(Locale.ROOT, "query: %s%n", QUERY);
    String row = "%-20s %10s %10s %10s %13s %11s%n";
    out.printf(
        Locale.ROOT, row, "", "data files", "avg file", "snapshots", "query median", "query best");
    line(
        row, "before maintenance", result.before(), result.snapshotsBefore(), result.queryBefore());
    line(row, "after maintenance", result.after(), result.snapshotsAfter(), result.queryAfter());
    out.printf(
        Locale.ROOT,
        "after/before: data files %.4f, query median %.2f (%.1fx faster), best %.2f; result (%d"
            + " rows) equal before and after, and to what was written%n",
        (double) result.after().dataFiles() / result.before().dataFiles(),
        ratio(result.queryAfter().median(), result.queryBefore().median()),
        ratio(result.queryBefore().median(), result.queryAfter().median()),
        ratio(result.queryAfter().best(), result.queryBefore().best()),
        resultRows);
  }

  private void line(
      String row, String when, TableDescription.FileStats files, int snapshots, Queries query) {
    out.printf(
        Locale.ROOT,
        row,
        when,
        String.format(Locale.ROOT, "%,d", files.dataFiles()),
        size(files.averageFileBytes()),
        String.format(Locale.ROOT, "%,d", snapshots),
        String.format(Locale.ROOT, "%.3f s", query.median().toMillis() / 1000.0),
        String.format(Locale.ROOT, "%.3f s", query.best().toMillis() / 1000.0));
  }

  private static double ratio(Duration a, Duration b) {
    return (double) a.toNanos() / Math.max(1, b.toNanos());
  }

  private EmbeddedTrino startTrino(BenchStack stack) throws IOException, InterruptedException {
    long starting = System.nanoTime();
    Path trinoDir = settings.workDir().resolve("trino");
    EmbeddedTrino trino =
        EmbeddedTrino.start(
            settings.trinoScript(),
            URI.create(stack.lake().config().uri()),
            BenchStack.freePort(),
            trinoDir,
            trinoDir.resolve("trino.log"),
            Duration.ofMinutes(10));
    out.printf(Locale.ROOT, "trino ready in %.1f s%n", seconds(System.nanoTime() - starting));
    out.flush();
    return trino;
  }

  /**
   * Runs the query once to warm Trino up (not counted), then {@code queryRuns} times, checking each
   * result against {@code expected}; returns the counted wall times.
   */
  private Queries queries(EmbeddedTrino trino, List<List<String>> expected, String when)
      throws IOException, InterruptedException {
    List<Duration> times = new ArrayList<>();
    for (int run = 0; run <= settings.queryRuns(); run++) {
      long started = System.nanoTime();
      List<List<String>> rows = trino.query(QUERY);
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      if (!rows.equals(expected)) {
        throw new IllegalStateException(
            "The query's result "
                + when
                + " is not what was written: got "
                + rows
                + ", expected "
                + expected);
      }
      if (run > 0) {
        times.add(took);
      }
      out.printf(
          Locale.ROOT,
          "  %-19s query run %d: %.3f s%s%n",
          when,
          run,
          took.toMillis() / 1000.0,
          run == 0 ? " (warms up, not counted)" : "");
      out.flush();
    }
    return new Queries(times);
  }

  private static TableDescription describe(BenchStack stack) {
    return TableDescription.of("lake." + TABLE, stack.lake().loadTable(TABLE));
  }

  /** {@code 4.9 KiB}, {@code 1.10 MiB}. */
  private static String size(long bytes) {
    return bytes < 1024 * 1024
        ? String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0)
        : String.format(Locale.ROOT, "%.2f MiB", bytes / (1024.0 * 1024));
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
