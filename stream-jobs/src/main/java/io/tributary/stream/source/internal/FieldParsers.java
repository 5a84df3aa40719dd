package io.tributary.stream.source.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tributary.stream.source.ColumnSpec;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Locale;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.BinaryType;
import org.apache.flink.table.types.logical.CharType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarBinaryType;
import org.apache.flink.table.types.logical.VarCharType;

/** The field parser for each supported column type. */
final class FieldParsers {
  private FieldParsers() {}

  static FieldParser forColumn(ColumnSpec column) {
    LogicalType type = column.type();
    return switch (type.getTypeRoot()) {
      case CHAR -> new Strings(column, ((CharType) type).getLength());
      case VARCHAR -> new Strings(column, ((VarCharType) type).getLength());
      case BOOLEAN -> new Booleans(column);
      case TINYINT -> new Integers(column, Byte.MIN_VALUE, Byte.MAX_VALUE);
      case SMALLINT -> new Integers(column, Short.MIN_VALUE, Short.MAX_VALUE);
      case INTEGER -> new Integers(column, Integer.MIN_VALUE, Integer.MAX_VALUE);
      case BIGINT -> new Integers(column, Long.MIN_VALUE, Long.MAX_VALUE);
      case FLOAT -> new Floats(column, true);
      case DOUBLE -> new Floats(column, false);
      case DECIMAL -> new Decimals(column, (DecimalType) type);
      case DATE -> new Dates(column);
      case TIME_WITHOUT_TIME_ZONE -> new Times(column);
      case TIMESTAMP_WITHOUT_TIME_ZONE ->
          new Timestamps.Local(column, ((TimestampType) type).getPrecision());
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE ->
          new Timestamps.Instants(column, ((LocalZonedTimestampType) type).getPrecision());
      case BINARY -> new Binaries(column, ((BinaryType) type).getLength(), true);
      case VARBINARY -> new Binaries(column, ((VarBinaryType) type).getLength(), false);
      default ->
          throw new IllegalArgumentException(
              "No parser for column " + column.name() + " of type " + column.typeName());
    };
  }

  static final class Strings extends FieldParser {
    private final int maxLength;

    Strings(ColumnSpec column, int maxLength) {
      super(column);
      this.maxLength = maxLength;
    }

    @Override
    Object parseText(String text) throws Rejection {
      if (text.length() > maxLength) {
        throw problem(text, "is longer than " + typeName);
      }
      return StringData.fromString(text);
    }
  }

  static final class Booleans extends FieldParser {
    Booleans(ColumnSpec column) {
      super(column);
    }

    @Override
    Object parseText(String text) throws Rejection {
      String folded = text.trim().toLowerCase(Locale.ROOT);
      if (folded.equals("true")) {
        return Boolean.TRUE;
      }
      if (folded.equals("false")) {
        return Boolean.FALSE;
      }
      throw notA(text, "expected true or false");
    }

    @Override
    Object parseJson(JsonParser parser, JsonToken token) throws IOException, Rejection {
      if (token == JsonToken.VALUE_TRUE) {
        return Boolean.TRUE;
      }
      if (token == JsonToken.VALUE_FALSE) {
        return Boolean.FALSE;
      }
      return parseText(parser.getText());
    }
  }

  static final class Integers extends FieldParser {
    private final long min;
    private final long max;

    Integers(ColumnSpec column, long min, long max) {
      super(column);
      this.min = min;
      this.max = max;
    }

    @Override
    Object parseText(String text) throws Rejection {
      long value;
      try {
        value = Long.parseLong(text.trim());
      } catch (NumberFormatException e) {
        if (text.trim().matches("[+-]?\\d+")) {
          throw problem(text, "is out of range for " + typeName);
        }
        throw notA(text);
      }
      return box(value, text);
    }

    @Override
    Object parseJson(JsonParser parser, JsonToken token) throws IOException, Rejection {
      if (token == JsonToken.VALUE_NUMBER_INT) {
        if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          throw problem(parser.getText(), "is out of range for " + typeName);
        }
        return box(parser.getLongValue(), parser.getText());
      }
      if (token == JsonToken.VALUE_NUMBER_FLOAT) {
        throw notA(parser.getText(), "expected a whole number");
      }
      return parseText(parser.getText());
    }

    private Object box(long value, String raw) throws Rejection {
      if (value < min || value > max) {
        throw problem(raw, "is out of range for " + typeName);
      }
      if (max == Byte.MAX_VALUE) {
        return (byte) value;
      }
      if (max == Short.MAX_VALUE) {
        return (short) value;
      }
      if (max == Integer.MAX_VALUE) {
        return (int) value;
      }
      return value;
    }
  }

  static final class Floats extends FieldParser {
    private final boolean single;

    Floats(ColumnSpec column, boolean single) {
      super(column);
      this.single = single;
    }

    @Override
    Object parseText(String text) throws Rejection {
      try {
        double value = Double.parseDouble(text.trim());
        return single ? (Object) (float) value : (Object) value;
      } catch (NumberFormatException e) {
        throw notA(text);
      }
    }

    @Override
    Object parseJson(JsonParser parser, JsonToken token) throws IOException, Rejection {
      if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
        double value = parser.getDoubleValue();
        return single ? (Object) (float) value : (Object) value;
      }
      return parseText(parser.getText());
    }
  }

  static final class Decimals extends FieldParser {
    private final int precision;
    private final int scale;

    Decimals(ColumnSpec column, DecimalType type) {
      super(column);
      this.precision = type.getPrecision();
      this.scale = type.getScale();
    }

    @Override
    Object parseText(String text) throws Rejection {
      BigDecimal value;
      try {
        value = new BigDecimal(text.trim());
      } catch (NumberFormatException e) {
        throw notA(text);
      }
      return fit(value, text);
    }

    @Override
    Object parseJson(JsonParser parser, JsonToken token) throws IOException, Rejection {
      if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
        return fit(parser.getDecimalValue(), parser.getText());
      }
      return parseText(parser.getText());
    }

    private Object fit(BigDecimal value, String raw) throws Rejection {
      BigDecimal scaled = value;
      if (value.scale() > scale) {
        scaled = value.stripTrailingZeros();
        if (scaled.scale() > scale) {
          throw problem(raw, "has more than " + scale + " decimal places for " + typeName);
        }
      }
      scaled = scaled.setScale(scale);
      if (scaled.precision() > precision) {
        throw problem(raw, "does not fit " + typeName);
      }
      return DecimalData.fromBigDecimal(scaled, precision, scale);
    }
  }

  static final class Dates extends FieldParser {
    Dates(ColumnSpec column) {
      super(column);
    }

    @Override
    Object parseText(String text) throws Rejection {
      try {
        return (int) LocalDate.parse(text.trim()).toEpochDay();
      } catch (DateTimeParseException e) {
        throw notA(text, "expected yyyy-MM-dd");
      }
    }
  }

  static final class Times extends FieldParser {
    Times(ColumnSpec column) {
      super(column);
    }

    @Override
    Object parseText(String text) throws Rejection {
      try {
        return (int) (LocalTime.parse(text.trim()).toNanoOfDay() / 1_000_000L);
      } catch (DateTimeParseException e) {
        throw notA(text, "expected HH:mm:ss");
      }
    }
  }

  static final class Binaries extends FieldParser {
    private final int length;
    private final boolean fixed;

    Binaries(ColumnSpec column, int length, boolean fixed) {
      super(column);
      this.length = length;
      this.fixed = fixed;
    }

    @Override
    Object parseText(String text) throws Rejection {
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(text.trim());
      } catch (IllegalArgumentException e) {
        throw notA(text, "expected base64");
      }
      if (fixed ? bytes.length != length : bytes.length > length) {
        throw problem(text, "has " + bytes.length + " bytes, which does not fit " + typeName);
      }
      return bytes;
    }
  }
}
