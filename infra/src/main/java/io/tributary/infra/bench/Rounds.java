package io.tributary.infra.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Wall times of one kind of job over the counted rounds of a benchmark. */
record Rounds(List<Duration> times) {
  Rounds {
    times = List.copyOf(times);
    if (times.isEmpty()) {
      throw new IllegalArgumentException("No rounds were counted");
    }
  }

  double bestPerSecond(long events) {
    return events / seconds(times.stream().min(Duration::compareTo).orElseThrow());
  }

  double medianPerSecond(long events) {
    List<Duration> sorted = times.stream().sorted().toList();
    int middle = sorted.size() / 2;
    Duration median =
        sorted.size() % 2 == 1
            ? sorted.get(middle)
            : sorted.get(middle - 1).plus(sorted.get(middle)).dividedBy(2);
    return events / seconds(median);
  }

  /** Prints one job's round: {@code round 2 <what> 123,456 events/s (4.05 s)}. */
  static void print(PrintWriter out, int round, String what, long events, Duration took) {
    out.printf(
        Locale.ROOT,
        "round %d  %-44s %,10.0f events/s  (%.2f s)%n",
        round,
        what,
        perSecond(events, took),
        took.toMillis() / 1000.0);
  }

  static double perSecond(long events, Duration took) {
    return events / seconds(took);
  }

  private static double seconds(Duration duration) {
    return Math.max(duration.toNanos(), 1) / 1e9;
  }
}
