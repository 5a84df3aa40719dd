package io.tributary.feature.sync;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import org.apache.iceberg.types.Type;

/**
 * A row's {@code latest_by} value as the online store compares it: a text that sorts as the values
 * do (DynamoDB compares texts by their bytes), and the event time a read reports for the row (a
 * date's midnight, a timestamp, a text that is an ISO date; else the snapshot's commit time).
 *
 * @param sortable sorts as the column's values
 * @param eventMillis the row's time, epoch milliseconds; {@link Long#MIN_VALUE} when the value is
 *     no time
 */
record LatestKey(String sortable, long eventMillis) implements Comparable<LatestKey> {

  static boolean orderable(Type type) {
    return switch (type.typeId()) {
      case INTEGER, LONG, DATE, TIMESTAMP, TIMESTAMP_NANO, STRING -> true;
      default -> false;
    };
  }

  /** The key of {@code value}, a value of an {@link #orderable} column; null sorts first. */
  static LatestKey of(Object value) {
    if (value == null) {
      return new LatestKey("", Long.MIN_VALUE);
    }
    if (value instanceof Integer || value instanceof Long) {
      return new LatestKey("n" + signed(((Number) value).longValue()), Long.MIN_VALUE);
    }
    if (value instanceof LocalDate date) {
      return new LatestKey(
          "t" + signed(date.toEpochDay() * 86_400_000_000L), date.toEpochDay() * 86_400_000L);
    }
    if (value instanceof LocalDateTime time) {
      return time(time.toInstant(ZoneOffset.UTC));
    }
    if (value instanceof OffsetDateTime time) {
      return time(time.toInstant());
    }
    String text = value.toString();
    return new LatestKey("s" + text, timeOf(text));
  }

  private static LatestKey time(Instant instant) {
    return new LatestKey(
        "t" + signed(ChronoUnit.MICROS.between(Instant.EPOCH, instant)), instant.toEpochMilli());
  }

  /** A text's time when it is an ISO date or instant ({@code 2026-11-20}), else none. */
  private static long timeOf(String text) {
    try {
      return LocalDate.parse(text).toEpochDay() * 86_400_000L;
    } catch (DateTimeParseException notADate) {
      try {
        return Instant.parse(text).toEpochMilli();
      } catch (DateTimeParseException notAnInstant) {
        return Long.MIN_VALUE;
      }
    }
  }

  /** 16 hex digits that sort as the signed values do. */
  private static String signed(long value) {
    return HexFormat.of().toHexDigits(value ^ Long.MIN_VALUE);
  }

  static LatestKey max(LatestKey a, LatestKey b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  @Override
  public int compareTo(LatestKey other) {
    return sortable.compareTo(other.sortable);
  }
}
