package io.tributary.feature.aggregate;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.memory.Memory;

/**
 * The partial aggregate of one time slice (or of a lifetime): folded one value at a time, merged
 * with the other slices of a window when read, and written in a compact binary form. One subclass
 * per aggregation.
 */
abstract class Partial {
  /** The longest text kept of a value of {@code top_n} or {@code last}. */
  static final int MAX_TEXT = 64;

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
      case COUNT_DISTINCT -> new Distinct(Distinct.lgK(definition.slices()));
      case TOP_N -> new Top(Top.mapSize(definition.slices()));
      case LAST -> new Last();
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

  static String text(Object value) {
    String text = value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
    return text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
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

  /** Distinct values: a HyperLogLog sketch (HLL_4), smaller per slice the more slices. */
  static final class Distinct extends Partial {
    private final int lgK;
    HllSketch sketch;

    Distinct(int lgK) {
      this.lgK = lgK;
      this.sketch = new HllSketch(lgK, TgtHllType.HLL_4);
    }

    /** 2^12 buckets (1.6 % standard error) up to 120 slices, 2^10 (3.3 %) up to 240. */
    static int lgK(int slices) {
      return slices <= 120 ? 12 : 10;
    }

    @Override
    void add(long eventTime, Object value) {
      sketch.update(text(value));
    }

    @Override
    void merge(Partial other) {
      Union union = new Union(lgK);
      union.update(sketch);
      union.update(((Distinct) other).sketch);
      sketch = union.getResult(TgtHllType.HLL_4);
    }

    @Override
    void write(DataOutputStream out) throws IOException {
      writeBytes(out, sketch.toCompactByteArray());
    }

    @Override
    void readFields(DataInputStream in) throws IOException {
      sketch = HllSketch.heapify(readBytes(in));
    }

    @Override
    Object value(FeatureDefinition definition) {
      return Math.round(sketch.getEstimate());
    }
  }

  /** Value counts: a frequent-items sketch, exact while its map has not purged. */
  static final class Top extends Partial {
    private static final ArrayOfStringsSerDe SERDE = new ArrayOfStringsSerDe();
    private final int mapSize;
    ItemsSketch<String> sketch;

    Top(int mapSize) {
      this.mapSize = mapSize;
      this.sketch = new ItemsSketch<>(mapSize);
    }

    /**
     * 64 entries (exact for up to 48 distinct values in a window) up to 60 slices, 32 up to 120, 16
     * beyond: at most 0.75 of them are kept, so a slice stays below 3.7 KB.
     */
    static int mapSize(int slices) {
      return slices <= 60 ? 64 : slices <= 120 ? 32 : 16;
    }

    @Override
    void add(long eventTime, Object value) {
      sketch.update(text(value));
    }

    @Override
    void merge(Partial other) {
      sketch.merge(((Top) other).sketch);
    }

    @Override
    void write(DataOutputStream out) throws IOException {
      writeBytes(out, sketch.toByteArray(SERDE));
    }

    @Override
    void readFields(DataInputStream in) throws IOException {
      sketch = ItemsSketch.getInstance(Memory.wrap(readBytes(in)), SERDE);
    }

    @Override
    Object value(FeatureDefinition definition) {
      List<TopValue> values = new ArrayList<>();
      for (ItemsSketch.Row<String> row : sketch.getFrequentItems(ErrorType.NO_FALSE_POSITIVES)) {
        values.add(new TopValue(row.getItem(), row.getEstimate()));
      }
      values.sort(
          Comparator.comparingLong(TopValue::count).reversed().thenComparing(TopValue::value));
      return List.copyOf(values.subList(0, Math.min(definition.n(), values.size())));
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
}
