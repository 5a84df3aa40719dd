package io.tributary.stream.produce;

import java.time.Duration;

/**
 * What a produce run published.
 *
 * @param files files read
 * @param records Kafka records written and acknowledged
 * @param verbatim of those, rows that could not be read as fields and were published as they were;
 *     landing will reject them with a reason
 * @param elapsed wall time from the first read to the last acknowledgement
 */
public record ProduceReport(int files, long records, long verbatim, Duration elapsed) {
  public double recordsPerSecond() {
    double seconds = Math.max(elapsed.toNanos(), 1) / 1e9;
    return records / seconds;
  }
}
