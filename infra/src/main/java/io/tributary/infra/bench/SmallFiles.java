package io.tributary.infra.bench;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;

/**
 * Writes a bronze orders table in many small Parquet files, as landing leaves a table after days of
 * frequent checkpoints: each file holds a few dozen orders of one day, and the files are committed
 * a few dozen at a time, each commit a snapshot of its own. The files are written through Iceberg's
 * Java API with its generic Parquet writer and the table's own properties (zstd), on two threads:
 * the same files landing writes, without waiting for thousands of checkpoints.
 */
final class SmallFiles {
  /** What was written: per day, in day order, its rows and the sum of its amounts in cents. */
  record Written(List<LocalDate> days, long[] rows, long[] cents, long files, long commits) {
    /** The rows of {@code SELECT ds, count(*), sum(amount) ... GROUP BY ds ORDER BY ds}. */
    List<List<String>> byDay() {
      List<List<String>> expected = new ArrayList<>();
      for (int d = 0; d < days.size(); d++) {
        expected.add(
            List.of(
                days.get(d).toString(),
                Long.toString(rows[d]),
                BigDecimal.valueOf(cents[d], 2).toPlainString()));
      }
      return expected;
    }
  }

  private static final String[] DISHES = {
    "spicy tuna poke bowl", "margherita pizza", "chicken pad thai", "beef pho large"
  };

  private SmallFiles() {}

  /**
   * Appends {@code files} files of {@code rowsPerFile} orders to {@code table}, file {@code i} on
   * day {@code i % days} from {@code firstDay}, committed {@code filesPerCommit} at a time.
   */
  static Written write(
      Table table, int files, int rowsPerFile, int days, int filesPerCommit, LocalDate firstDay)
      throws InterruptedException {
    requireNonNull(table, "table is null");
    List<LocalDate> dayList = new ArrayList<>();
    for (int d = 0; d < days; d++) {
      dayList.add(firstDay.plusDays(d));
    }
    int threads = 2;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<List<DataFile>>> parts = new ArrayList<>();
    long[][] rows = new long[threads][days];
    long[][] cents = new long[threads][days];
    try {
      for (int t = 0; t < threads; t++) {
        int thread = t;
        parts.add(
            pool.submit(
                () -> {
                  List<DataFile> written = new ArrayList<>();
                  Writer writer = new Writer(table, thread, rowsPerFile);
                  for (int i = thread; i < files; i += threads) {
                    int day = i % days;
                    written.add(writer.file(dayList.get(day), i));
                    rows[thread][day] += writer.lastRows;
                    cents[thread][day] += writer.lastCents;
                  }
                  return written;
                }));
      }
      List<DataFile> all = new ArrayList<>();
      for (Future<List<DataFile>> part : parts) {
        all.addAll(part.get());
      }
      long commits = 0;
      for (int from = 0; from < all.size(); from += filesPerCommit) {
        AppendFiles append = table.newAppend();
        all.subList(from, Math.min(all.size(), from + filesPerCommit)).forEach(append::appendFile);
        append.commit();
        commits++;
      }
      long[] totalRows = new long[days];
      long[] totalCents = new long[days];
      for (int t = 0; t < threads; t++) {
        for (int d = 0; d < days; d++) {
          totalRows[d] += rows[t][d];
          totalCents[d] += cents[t][d];
        }
      }
      return new Written(dayList, totalRows, totalCents, all.size(), commits);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "Cannot write the small files: " + e.getCause().getMessage(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** One thread's writer: its own file names, its own random orders. */
  private static final class Writer {
    private final Table table;
    private final int rowsPerFile;
    private final GenericFileWriterFactory writers;
    private final OutputFileFactory paths;
    private final PartitionKey partition;
    private final SplittableRandom random;
    private long offset;
    private long lastRows;
    private long lastCents;

    Writer(Table table, int thread, int rowsPerFile) {
      this.table = table;
      this.rowsPerFile = rowsPerFile;
      this.writers =
          new GenericFileWriterFactory.Builder(table).dataFileFormat(FileFormat.PARQUET).build();
      this.paths =
          OutputFileFactory.builderFor(table, thread, 1).format(FileFormat.PARQUET).build();
      this.partition = new PartitionKey(table.spec(), table.schema());
      this.random = new SplittableRandom(42 + thread);
    }

    DataFile file(LocalDate day, int index) {
      OffsetDateTime start = day.atStartOfDay().atOffset(ZoneOffset.UTC);
      List<Record> records = new ArrayList<>(rowsPerFile);
      long cents = 0;
      for (int r = 0; r < rowsPerFile; r++) {
        long amount = 500 + random.nextInt(5500);
        cents += amount;
        OffsetDateTime eventTime = start.plusSeconds(random.nextInt(86_400));
        GenericRecord row = GenericRecord.create(table.schema());
        row.setField("order_id", String.format(Locale.ROOT, "o-%05d-%03d", index, r));
        row.setField(
            "customer_id", String.format(Locale.ROOT, "customer-%06d", random.nextInt(1_000_000)));
        row.setField(
            "restaurant_id", String.format(Locale.ROOT, "restaurant-%04d", random.nextInt(10_000)));
        row.setField("dish", DISHES[random.nextInt(DISHES.length)]);
        row.setField("amount", BigDecimal.valueOf(amount, 2));
        row.setField("event_time", eventTime);
        row.setField("ds", day.toString());
        row.setField("_kafka_partition", 0);
        row.setField("_kafka_offset", offset++);
        row.setField("_ingested_at", eventTime.plusSeconds(2));
        records.add(row);
      }
      partition.partition(records.get(0));
      DataWriter<Record> writer =
          writers.newDataWriter(
              paths.newOutputFile(table.spec(), partition), table.spec(), partition.copy());
      try (writer) {
        records.forEach(writer::write);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot write a small file of day " + day, e);
      }
      lastRows = rowsPerFile;
      lastCents = cents;
      return writer.toDataFile();
    }
  }
}
