package io.tributary.stream.source.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tributary.stream.source.ColumnSpec;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import org.apache.flink.table.data.TimestampData;

/**
 * Parsers of ISO-8601 timestamps ({@code 2026-11-20T14:01:34Z}, {@code 2026-11-20
 * 14:01:34.250+01:00}) and of epoch milliseconds given as JSON numbers.
 */
final class Timestamps {
  static final String EXAMPLE = "expected ISO-8601 such as 2026-11-20T14:01:34Z";

  /**
   * Date, 'T' or space, time with optional fraction, optional offset ({@code Z}, {@code +01:00}).
   */
  private static final DateTimeFormatter ISO =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .optionalStart()
          .appendLiteral('T')
          .optionalEnd()
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .append(DateTimeFormatter.ISO_LOCAL_TIME)
          .optionalStart()
          .appendOffset("+HH:MM", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HHMM", "Z")
          .optionalEnd()
          .toFormatter();

  private Timestamps() {}

  /** TIMESTAMP_LTZ(p): an instant; text must carry its offset, numbers are epoch milliseconds. */
  static final class Instants extends FieldParser {
    private final int precision;

    private final IsoTimestamp common = new IsoTimestamp();

    Instants(ColumnSpec column, int precision) {
      super(column);
      this.precision = precision;
    }

    @Override
    Object parseText(String text) throws Rejection {
      int kind = common.parse(text);
      if (kind == IsoTimestamp.WITH_OFFSET) {
        return truncate(common.epochSecond(), common.nano(), precision);
      }
      if (kind == IsoTimestamp.LOCAL) {
        throw notA(text, "no time zone; write it like 2026-11-20T14:01:34Z");
      }
      TemporalAccessor parsed = parse(this, text);
      if (parsed instanceof LocalDateTime) {
        throw notA(text, "no time zone; write it like 2026-11-20T14:01:34Z");
      }
      return truncate(((OffsetDateTime) parsed).toInstant(), precision);
    }

    @Override
    Object parseJson(JsonParser parser, JsonToken token) throws IOException, Rejection {
      if (token == JsonToken.VALUE_NUMBER_INT) {
        return TimestampData.fromEpochMillis(parser.getLongValue());
      }
      if (token != JsonToken.VALUE_STRING) {
        throw notA(parser.getText(), EXAMPLE);
      }
      return parseText(parser.getText());
    }
  }

  /** TIMESTAMP(p): a wall-clock time; an offset, when given, is converted to UTC. */
  static final class Local extends FieldParser {
    private final int precision;

    private final IsoTimestamp common = new IsoTimestamp();

    Local(ColumnSpec column, int precision) {
      super(column);
      this.precision = precision;
    }

    @Override
    Object parseText(String text) throws Rejection {
      if (common.parse(text) != IsoTimestamp.OTHER) {
        return truncate(common.epochSecond(), common.nano(), precision);
      }
      TemporalAccessor parsed = parse(this, text);
      Instant instant =
          parsed instanceof OffsetDateTime offset
              ? offset.toInstant()
              : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
      return truncate(instant, precision);
    }

    @Override
    Object parseJson(JsonParser parser, JsonToken token) throws IOException, Rejection {
      if (token == JsonToken.VALUE_NUMBER_INT) {
        return TimestampData.fromEpochMillis(parser.getLongValue());
      }
      if (token != JsonToken.VALUE_STRING) {
        throw notA(parser.getText(), EXAMPLE);
      }
      return parseText(parser.getText());
    }
  }

  private static TemporalAccessor parse(FieldParser field, String text) throws Rejection {
    TemporalAccessor parsed;
    try {
      parsed = ISO.parseBest(text.trim(), OffsetDateTime::from, LocalDateTime::from);
    } catch (DateTimeParseException e) {
      throw field.notA(text, EXAMPLE);
    }
    int year = parsed.get(ChronoField.YEAR);
    if (year < 0 || year > 9999) {
      throw field.problem(
          text, "is outside the years 0000 to 9999 that " + field.typeName + " holds");
    }
    return parsed;
  }

  /**
   * Both TIMESTAMP and TIMESTAMP_LTZ are stored as UTC epoch millis plus nanos; a TIMESTAMP's
   * wall-clock reading is its UTC reading.
   */
  private static TimestampData truncate(Instant instant, int precision) {
    return truncate(instant.getEpochSecond(), instant.getNano(), precision);
  }

  private static TimestampData truncate(long epochSecond, int nano, int precision) {
    long millis = Math.addExact(Math.multiplyExact(epochSecond, 1000L), nano / 1_000_000);
    int nanoOfMilli = nano % 1_000_000;
    if (precision <= 3) {
      long unit = (long) Math.pow(10, 3 - precision);
      return TimestampData.fromEpochMillis(Math.floorDiv(millis, unit) * unit);
    }
    int unit = (int) Math.pow(10, 9 - precision);
    return TimestampData.fromEpochMillis(millis, nanoOfMilli / unit * unit);
  }
}
