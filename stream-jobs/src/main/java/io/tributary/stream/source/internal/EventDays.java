package io.tributary.stream.source.internal;

import java.time.LocalDate;
import org.apache.flink.table.data.StringData;

/**
 * The {@code ds} value of an event: the UTC date of its event time as {@code yyyy-MM-dd}. Remembers
 * the last day it formatted, since consecutive events nearly always share a day.
 *
 * <p>Not thread-safe: one instance per Flink subtask.
 */
public final class EventDays {
  private static final long MILLIS_PER_DAY = 86_400_000L;

  private long lastDay = Long.MIN_VALUE;
  private StringData lastValue;

  /** The UTC day of {@code epochMillis}, as Flink string data. */
  public StringData of(long epochMillis) {
    long day = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
    if (day != lastDay) {
      lastValue = StringData.fromString(LocalDate.ofEpochDay(day).toString());
      lastDay = day;
    }
    return lastValue;
  }
}
