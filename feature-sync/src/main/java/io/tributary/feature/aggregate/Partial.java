package io.tributary.feature.aggregate;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * The partial aggregate of one time slice (or of a lifetime): folded one value at a time, merged
 * with the other slices of a window when read, and written in a compact binary form. One subclass
 * per aggregation.
 */
abstract class Partial {
  /**
   * The most UTF-8 bytes kept of a value of {@code top_n}, {@code count_distinct} or {@code last}.
   */
  static final int MAX_TEXT = 64;

  /** The most UTF-8 bytes kept of a text a table group serves ({@code value}). */
  static final int MAX_VALUE_TEXT = 4096;

  abstract void add(long eventTime, Object value);

  /** Folds {@code other}, a partial of the same aggregation, into this one. */
  abstract void merge(Partial other);

  abstract void write(DataOutputStream out) throws IOException;

  /** The value of this partial, once every slice of a window is merged into it. */
  abstract Object value(FeatureDefinition definition);

  /** A new, empty partial of {@code definition}'s aggregation for a window of {@code slices}. */
  static Partial empty(FeatureDefinition definition) {
    return switch (definition.aggregation()) {
      case COUNT -> new Count();
      case SUM -> new Sum();
      case AVG -> new Avg();
      case MIN -> new Extreme(false);
      case MAX -> new Extreme(true);
      case COUNT_DISTINCT ->
          new SketchPartials.Distinct(SketchPartials.Distinct.lgK(definition.slices()));
      case TOP_N -> new SketchPartials.Top(SketchPartials.Top.mapSize(definition.slices()));
      case LAST -> new Last();
      case VALUE -> new Value();
    };
  }

  static Partial read(FeatureDefinition definition, DataInputStream in) throws IOException {
    Partial partial = empty(definition);
    partial.readFields(in);
    return partial;
  }

  abstract void readFields(DataInputStream in) throws IOException;

  static BigDecimal number(Object value) {
    if (value instanceof BigDecimal decimal) {
      return decimal;
    }
    if (value instanceof Number number) {
      return new BigDecimal(number.toString());
    }
    try {
      return new BigDecimal(value.toString());
    } catch (NumberFormatException e) {
      return null; // not a number: left out, as SQL's SUM leaves out NULL
    }
  }

  /** A value's text, whole: what a distinct count hashes, so long values never collide. */
  static String wholeText(Object value) {
    return value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
  }

  static String text(Object value) {
    return text(value, MAX_TEXT);
  }

  /** A value's text cut to at most {@code limit} UTF-8 bytes, at a character's boundary. */
  static String text(Object value, int limit) {
    String text = wholeText(value);
    if (text.length() * 3 <= limit) {
      return text; // short enough whatever its characters
    }
    int end = 0;
    int bytes = 0;
    while (end < text.length()) {
      int codePoint = text.codePointAt(end);
      int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
      if (bytes + size > limit) {
        break;
      }
      bytes += size;
      end += Character.charCount(codePoint);
    }
    return text.substring(0, end);
  }

  static void writeDecimal(DataOutputStream out, BigDecimal value) throws IOException {
    byte[] unscaled = value.unscaledValue().toByteArray();
    out.writeInt(value.scale());
    out.writeShort(unscaled.length);
    out.write(unscaled);
  }

  static BigDecimal readDecimal(DataInputStream in) throws IOException {
    int scale = in.readInt();
    byte[] unscaled = new byte[in.readUnsignedShort()];
    in.readFully(unscaled);
    return new BigDecimal(new BigInteger(unscaled), scale);
  }

  static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  static byte[] readBytes(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > 1 << 22) {
      throw new IOException("a sketch of " + length + " bytes");
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return bytes;
  }

  static final class Count extends Partial {
    long count;

    @Override
    void add(long eventTime, Object value) {
      count++;
    }

    @Override
    void merge(Partial other) {
      count += ((Count) other).count;
    }

    @Override
    void write(DataOutputStream out) throws IOException {
      out.writeLong(count);
    }

    @Override
    void readFields(DataInputStream in) throws IOException {
      count = in.readLong();
    }

    @Override
    Object value(FeatureDefinition definition) {
      return count;
    }
  }

  static final class Sum extends Partial {
    BigDecimal sum = BigDecimal.ZERO;

    @Override
    void add(long eventTime, Object value) {
      BigDecimal number = number(value);
      if (number != null) {
        sum = sum.add(number);
      }
    }

    @Override
    void merge(Partial other) {
      sum = sum.add(((Sum) other).sum);
    }

    @Override
    void write(DataOutputStream out) throws IOException {
      writeDecimal(out, sum);
    }

    @Override
    void readFields(DataInputStream in) throws IOException {
      sum = readDecimal(in);
    }

    @Override
    Object value(FeatureDefinition definition) {
      return sum;
    }
  }

  static final class Avg extends Partial {
    BigDecimal sum = BigDecimal.ZERO;
    long count;

    @Override
    void add(long eventTime, Object value) {
      BigDecimal number = number(value);
      if (number != null) {
        sum = sum.add(number);
        count++;
      }
    }

    @Override
    void merge(Partial other) {
      Avg avg = (Avg) other;
      sum = sum.add(avg.sum);
      count += avg.count;
    }

    @Override
    void write(DataOutputStream out) throws IOException {
      writeDecimal(out, sum);
      out.writeLong(count);
    }

    @Override
    void readFields(DataInputStream in) throws IOException {
      sum = readDecimal(in);
      count = in.readLong();
    }

    @Override
    Object value(FeatureDefinition definition) {
      return count == 0 ? null : sum.divide(BigDecimal.valueOf(count), MathContext.DECIMAL64);
    }
  }

  static final class Extreme extends Partial {
    private final boolean max;
    BigDecimal value;

    Extreme(boolean max) {
      this.max = max;
    }

    @Override
    void add(long eventTime, Object input) {
      BigDecimal number = number(input);
      if (number != null
          && (value == null || (max ? number.compareTo(value) > 0 : number.compareTo(value) < 0))) {
        value = number;
      }
    }

    @Override
    void merge(Partial other) {
      BigDecimal that = ((Extreme) other).value;
      if (that != null) {
        add(0, that);
      }
    }

    @Override
    void write(DataOutputStream out) throws IOException {
      out.writeBoolean(value != null);
      if (value != null) {
        writeDecimal(out, value);
      }
    }

    @Override
    void readFields(DataInputStream in) throws IOException {
      value = in.readBoolean() ? readDecimal(in) : null;
    }

    @Override
    Object value(FeatureDefinition definition) {
      return value;
    }
  }

  /** The value of the newest event; of two at the same time, the one folded later. */
  static final class Last extends Partial {
    long time = Long.MIN_VALUE;
    Object value;

    @Override
    void add(long eventTime, Object input) {
      if (eventTime >= time) {
        time = eventTime;
        value = input instanceof BigDecimal ? input : text(input);
      }
    }

    @Override
    void merge(Partial other) {
      Last last = (Last) other;
      if (last.value != null) {
        add(last.time, last.value);
      }
    }

    @Override
    void write(DataOutputStream out) throws IOException {
      out.writeBoolean(value != null);
      if (value != null) {
        out.writeLong(time);
        if (value instanceof BigDecimal decimal) {
          out.writeByte(0);
          writeDecimal(out, decimal);
        } else {
          out.writeByte(1);
          out.writeUTF((String) value);
        }
      }
    }

    @Override
    void readFields(DataInputStream in) throws IOException {
      if (in.readBoolean()) {
        time = in.readLong();
        value = in.readByte() == 0 ? readDecimal(in) : in.readUTF();
      }
    }

    @Override
    Object value(FeatureDefinition definition) {
      return value;
    }
  }

  /**
   * One value as a table group's sync gives it: a number (kept as a decimal) or a text, the newest
   * given replacing the one before. Null is a value too (the row's column was null).
   */
  static final class Value extends Partial {
    Object value;

    @Override
    void add(long eventTime, Object input) {
      value = input == null || input instanceof BigDecimal ? input : text(input, MAX_VALUE_TEXT);
    }

    @Override
    void merge(Partial other) {
      value = ((Value) other).value;
    }

    @Override
    void write(DataOutputStream out) throws IOException {
      if (value == null) {
        out.writeByte(0);
      } else if (value instanceof BigDecimal decimal) {
        out.writeByte(1);
        writeDecimal(out, decimal);
      } else {
        out.writeByte(2);
        out.writeUTF((String) value);
      }
    }

    @Override
    void readFields(DataInputStream in) throws IOException {
      byte type = in.readByte();
      value =
          switch (type) {
            case 0 -> null;
            case 1 -> readDecimal(in);
            case 2 -> in.readUTF();
            default -> throw new IOException("Unknown value type " + type);
          };
    }

    @Override
    Object value(FeatureDefinition definition) {
      return value;
    }
  }
}
