package io.tributary.infra.bench;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.Layer;
import io.tributary.catalog.error.InvalidValueException;
import io.tributary.stream.source.SourceSpec;
import io.tributary.stream.source.Sources;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Measures, in one run and on the same number of events, landing a file whose events fall into one
 * day against one whose events spread over many days (3,000 by default): rows per second and the
 * heap's peak for each. Each is a bounded landing job into a bronze table of its own; the first
 * round warms the JVM up and is not counted, and the order of the two alternates.
 */
public final class HistoryBenchmark {
  /** What to measure with. */
  public record Settings(
      long events,
      int days,
      int partitions,
      int parallelism,
      int rounds,
      Path examples,
      Path workDir) {
    public Settings {
      requireNonNull(examples, "examples is null");
      requireNonNull(workDir, "workDir is null");
      if (events < 1 || days < 1 || partitions < 1 || parallelism < 1 || rounds < 1) {
        throw new InvalidValueException(
            "events, days, partitions, parallelism and rounds must each be at least 1");
      }
    }
  }

  /** The counted rounds of each shape, and the heap's peak over each shape's rounds. */
  public record Result(
      long events, Rounds oneDay, Rounds manyDays, long oneDayPeak, long manyDaysPeak) {}

  private static final String ONE_DAY = "bench.one_day";
  private static final String MANY_DAYS = "bench.many_days";

  private final Settings settings;
  private final PrintWriter out;

  public HistoryBenchmark(Settings settings, PrintWriter out) {
    this.settings = requireNonNull(settings, "settings is null");
    this.out = requireNonNull(out, "out is null");
  }

  public Result run() throws Exception {
    SourceSpec orders = Sources.load(settings.examples().resolve("sources")).get("orders");
    out.printf(
        Locale.ROOT,
        "%s; events %,d, days %,d, partitions %d, parallelism %d, rounds %d, max heap %d MiB%n",
        BenchStack.machine(),
        settings.events(),
        settings.days(),
        settings.partitions(),
        settings.parallelism(),
        settings.rounds(),
        Runtime.getRuntime().maxMemory() >> 20);
    try (BenchStack stack =
        BenchStack.start(settings.workDir(), Math.max(8, settings.parallelism() * 4))) {
      // yesterday: the broker refuses record times more than an hour ahead of its clock
      Instant today =
          LocalDate.now(ZoneOffset.UTC).minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      stack.createTopic(ONE_DAY, settings.partitions());
      stack.createTopic(MANY_DAYS, settings.partitions());
      stack.produceOrders(ONE_DAY, settings.events(), today, Duration.ofHours(23), false, out);
      stack.produceOrders(
          MANY_DAYS,
          settings.events(),
          today.minus(Duration.ofDays(settings.days() - 1L)),
          Duration.ofDays(settings.days()),
          false,
          out);
      List<Duration> oneDay = new ArrayList<>();
      List<Duration> manyDays = new ArrayList<>();
      long oneDayPeak = 0;
      long manyDaysPeak = 0;
      for (int round = 1; round <= settings.rounds(); round++) {
        boolean counted = round > 1 || settings.rounds() == 1;
        for (boolean many :
            round % 2 == 1 ? new boolean[] {false, true} : new boolean[] {true, false}) {
          String topic = many ? MANY_DAYS : ONE_DAY;
          String name = (many ? "bench_days_" : "bench_day_") + round;
          HeapPeak peak = HeapPeak.start();
          Duration took;
          try (peak) {
            took =
                IngestBenchmark.landingJob(
                    stack,
                    IngestBenchmark.renamed(orders, name, topic),
                    settings.parallelism(),
                    settings.events());
          }
          Rounds.print(
              out,
              round,
              many ? settings.days() + " days -> bronze" : "1 day -> bronze",
              settings.events(),
              took);
          out.printf(
              Locale.ROOT,
              "         heap peak %,d MiB; rows committed as produced, in %,d data files%n",
              peak.peak() >> 20,
              dataFiles(stack, name));
          if (counted) {
            (many ? manyDays : oneDay).add(took);
            if (many) {
              manyDaysPeak = Math.max(manyDaysPeak, peak.peak());
            } else {
              oneDayPeak = Math.max(oneDayPeak, peak.peak());
            }
          }
        }
        if (!counted) {
          out.println("         (round 1 warms the JVM up and is not counted)");
        }
      }
      Result result =
          new Result(
              settings.events(),
              new Rounds(oneDay),
              new Rounds(manyDays),
              oneDayPeak,
              manyDaysPeak);
      long n = settings.events();
      out.printf(
          Locale.ROOT,
          "median of the counted rounds: 1 day %,.0f rows/s | %,d days %,.0f rows/s | ratio %.2f"
              + " (target >= 0.5) | heap peak %,d MiB vs %,d MiB of %,d MiB%n",
          result.oneDay().medianPerSecond(n),
          settings.days(),
          result.manyDays().medianPerSecond(n),
          result.manyDays().medianPerSecond(n) / result.oneDay().medianPerSecond(n),
          oneDayPeak >> 20,
          manyDaysPeak >> 20,
          Runtime.getRuntime().maxMemory() >> 20);
      return result;
    }
  }

  private static long dataFiles(BenchStack stack, String source) {
    Table table = stack.lake().loadTable(TableIdentifier.of(Layer.BRONZE.namespace(), source));
    table.refresh();
    return Long.parseLong(table.currentSnapshot().summary().getOrDefault("total-data-files", "0"));
  }

  /**
   * The heap in use, sampled every 20 ms while a job runs: garbage included, so an upper bound of
   * what the job needed, and what tells whether it fits the heap.
   */
  private static final class HeapPeak implements AutoCloseable {
    private final AtomicLong peak = new AtomicLong();
    private final ScheduledExecutorService sampler =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "heap-peak");
              thread.setDaemon(true);
              return thread;
            });

    static HeapPeak start() {
      System.gc(); // each shape starts from the same heap, not the last one's garbage
      HeapPeak heap = new HeapPeak();
      MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
      heap.sampler.scheduleAtFixedRate(
          () -> heap.peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max),
          0,
          20,
          TimeUnit.MILLISECONDS);
      return heap;
    }

    long peak() {
      return peak.get();
    }

    @Override
    public void close() throws InterruptedException {
      sampler.shutdownNow();
      sampler.awaitTermination(10, TimeUnit.SECONDS);
    }
  }
}
