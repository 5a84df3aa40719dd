package io.tributary.infra.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop load: a number of threads, each calling as fast as its calls return, every call's
 * latency recorded (HdrHistogram), errors counted rather than thrown.
 */
final class LoadRun {
  private LoadRun() {}

  @FunctionalInterface
  interface Call {
    boolean run() throws Exception;
  }

  record Measured(Histogram histogram, long requests, long errors, double seconds) {
    double millis(double percentile) {
      return histogram.getValueAtPercentile(percentile) / 1_000_000.0;
    }

    double perSecond() {
      return requests / seconds;
    }
  }

  /** {@code connections} threads calling for {@code seconds}, after a warm-up of up to 2 s. */
  static Measured measure(int connections, int seconds, Call call) throws Exception {
    run(
        connections,
        Math.min(2, seconds),
        call,
        new Histogram(3_600_000_000_000L, 3),
        new AtomicLong(),
        new AtomicLong());
    Histogram histogram = new Histogram(3_600_000_000_000L, 3);
    AtomicLong requests = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long started = System.nanoTime();
    run(connections, seconds, call, histogram, requests, errors);
    return new Measured(
        histogram, requests.get(), errors.get(), (System.nanoTime() - started) / 1e9);
  }

  private static void run(
      int connections,
      int seconds,
      Call call,
      Histogram into,
      AtomicLong requests,
      AtomicLong errors)
      throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    List<Thread> threads = new ArrayList<>();
    List<Histogram> mine = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      Histogram histogram = new Histogram(3_600_000_000_000L, 3);
      mine.add(histogram);
      Thread thread =
          new Thread(
              () -> {
                while (System.nanoTime() < end) {
                  long start = System.nanoTime();
                  boolean ok;
                  try {
                    ok = call.run();
                  } catch (Exception e) {
                    // an error is counted, not thrown: the run measures how many there are
                    ok = false;
                  }
                  histogram.recordValue(System.nanoTime() - start);
                  requests.incrementAndGet();
                  if (!ok) {
                    errors.incrementAndGet();
                  }
                }
              },
              "bench-serving-" + c);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    mine.forEach(into::add);
  }
}
