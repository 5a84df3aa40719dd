package io.tributary.feature.job;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;

/**
 * Where the job finds, in each row of its query, what it needs, and how a column's value becomes an
 * aggregation's input: numbers become BigDecimal (so sums are exact), anything else its text.
 *
 * @param eventTimeIndex the event time (an Instant)
 * @param partitionIndex the Kafka partition
 * @param offsetIndex the Kafka offset
 * @param valueIndexes per feature the column of its value, or -1 for a count of events
 * @param lateIndex the column that says whether the event was late ({@link OnTimeEvents}), or -1
 *     when the reader judges it by its own watermark
 */
record FeatureInputs(
    int eventTimeIndex, int partitionIndex, int offsetIndex, int[] valueIndexes, int lateIndex)
    implements Serializable {

  FeatureInputs(int eventTimeIndex, int partitionIndex, int offsetIndex, int[] valueIndexes) {
    this(eventTimeIndex, partitionIndex, offsetIndex, valueIndexes, -1);
  }

  /** Whether {@code row} was marked late by {@link OnTimeEvents}; false when none marked it. */
  boolean markedLate(org.apache.flink.types.Row row) {
    return lateIndex >= 0 && Boolean.TRUE.equals(row.getField(lateIndex));
  }

  /** What COUNT without a column counts: every event. */
  static final String EVENT = "";

  static Object input(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof BigDecimal decimal) {
      return decimal;
    }
    if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte) {
      return BigDecimal.valueOf(((Number) value).longValue());
    }
    if (value instanceof BigInteger integer) {
      return new BigDecimal(integer);
    }
    if (value instanceof Double || value instanceof Float) {
      double number = ((Number) value).doubleValue();
      return Double.isFinite(number) ? new BigDecimal(Double.toString(number)) : null;
    }
    if (value instanceof Instant instant) {
      return instant.toString();
    }
    return value.toString();
  }

  static long millis(Object eventTime) {
    if (eventTime instanceof Instant instant) {
      return instant.toEpochMilli();
    }
    if (eventTime instanceof java.time.LocalDateTime local) {
      return local.toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
    }
    throw new IllegalStateException("Event time is not a timestamp: " + eventTime);
  }
}
