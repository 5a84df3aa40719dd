package io.tributary.stream.sql.internal;

import java.time.Duration;
import java.util.Locale;

/** Durations written as Flink SQL interval literals. */
public final class SqlIntervals {
  private SqlIntervals() {}

  /** Flink's planner supports only the default day precision, two digits. */
  static final long MAX_DAYS = 99;

  /**
   * {@code INTERVAL '0 01:00:00.000' DAY TO SECOND(3)}: exact to the millisecond, up to 99 days.
   * ({@code INTERVAL '3600' SECOND} would exceed the default precision of two digits.)
   */
  public static String of(Duration duration) {
    if (duration.isNegative() || duration.toDays() > MAX_DAYS) {
      throw new IllegalArgumentException(
          "Cannot write "
              + duration
              + " as an SQL interval; it must be from 0 to "
              + MAX_DAYS
              + " days");
    }
    return String.format(
        Locale.ROOT,
        "INTERVAL '%d %02d:%02d:%02d.%03d' DAY TO SECOND(3)",
        duration.toDays(),
        duration.toHoursPart(),
        duration.toMinutesPart(),
        duration.toSecondsPart(),
        duration.toMillisPart());
  }
}
