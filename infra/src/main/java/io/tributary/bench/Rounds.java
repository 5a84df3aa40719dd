package io.tributary.bench;

import java.time.Duration;
import java.util.List;

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

  static double perSecond(long events, Duration took) {
    return events / seconds(took);
  }

  private static double seconds(Duration duration) {
    return Math.max(duration.toNanos(), 1) / 1e9;
  }
}
