package io.tributary.feature.aggregate;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.Optional;

/**
 * One feature as the aggregation and the reader see it; the YAML's column expression is already
 * evaluated by the job, so it is not here.
 *
 * @param name the feature's name in its group
 * @param aggregation what it computes
 * @param window how far back a read at t looks; empty for a lifetime feature
 * @param slice the granularity of the window: events are kept as partial aggregates per slice of
 *     this length, aligned to the epoch; the window divided by it is whole. For a lifetime feature,
 *     unused (and equal to {@link #LIFETIME_SLICE})
 * @param n how many values {@code top_n} returns (0 for other aggregations)
 */
public record FeatureDefinition(
    String name, Aggregation aggregation, Optional<Duration> window, Duration slice, int n)
    implements Serializable {
  public static final Duration LIFETIME_SLICE = Duration.ZERO;

  /** At most this many slices per window: what keeps an item far below DynamoDB's 400 KB. */
  public static final int MAX_SLICES = 1_440;

  /** At most this many slices per window for a sketch (count_distinct, top_n). */
  public static final int MAX_SKETCH_SLICES = 240;

  /** The most values a {@code top_n} returns. */
  public static final int MAX_N = 100;

  public FeatureDefinition {
    requireNonNull(name, "name is null");
    requireNonNull(aggregation, "aggregation is null");
    requireNonNull(window, "window is null");
    requireNonNull(slice, "slice is null");
    if (window.isPresent()) {
      long w = window.get().toMillis();
      long s = slice.toMillis();
      if (w <= 0 || s <= 0 || w % s != 0) {
        throw new IllegalArgumentException(
            "Feature "
                + name
                + ": the window "
                + window.get()
                + " is not a whole number of slices "
                + slice);
      }
      long slices = w / s;
      int limit = sketch(aggregation) ? MAX_SKETCH_SLICES : MAX_SLICES;
      if (slices > limit) {
        throw new IllegalArgumentException(
            "Feature "
                + name
                + ": "
                + slices
                + " slices of "
                + slice
                + " per window; at most "
                + limit
                + " for "
                + aggregation.yamlName());
      }
    }
    if (aggregation == Aggregation.VALUE && window.isPresent()) {
      throw new IllegalArgumentException(
          "Feature " + name + ": a table group's value has no window");
    }
    if (aggregation == Aggregation.TOP_N && (n < 1 || n > MAX_N)) {
      throw new IllegalArgumentException(
          "Feature " + name + ": top_n needs n from 1 to " + MAX_N + ", not " + n);
    }
  }

  /** The number of slices a read of the window covers; 1 for a lifetime feature. */
  public int slices() {
    return window.map(w -> (int) (w.toMillis() / slice.toMillis())).orElse(1);
  }

  /**
   * The slice length the platform derives from a window: a sixtieth of it when that is a whole
   * number of milliseconds, else the largest divisor of the window (in milliseconds) below a
   * sixtieth. 1m → 1s, 10m → 10s, 1h → 1m, 1d → 24m, 7d → 2h48m, 30d → 12h.
   */
  public static Duration defaultSlice(Duration window) {
    long w = window.toMillis();
    if (w <= 0) {
      throw new IllegalArgumentException("A window must be positive, not " + window);
    }
    for (long d = Math.max(1, w / 60); d >= 1; d--) {
      if (w % d == 0) {
        return Duration.ofMillis(d);
      }
    }
    return Duration.ofMillis(1);
  }

  /**
   * Writes the definition in the binary form the job's state and its unsent writes keep: name,
   * aggregation, window (-1 for lifetime) and slice in milliseconds, n.
   */
  public void writeTo(DataOutput out) throws IOException {
    out.writeUTF(name);
    out.writeUTF(aggregation.name());
    out.writeLong(window.map(Duration::toMillis).orElse(-1L));
    out.writeLong(slice.toMillis());
    out.writeInt(n);
  }

  /** A definition {@link #writeTo} wrote. */
  public static FeatureDefinition readFrom(DataInput in) throws IOException {
    String name = in.readUTF();
    Aggregation aggregation = Aggregation.valueOf(in.readUTF());
    long window = in.readLong();
    Duration slice = Duration.ofMillis(in.readLong());
    int n = in.readInt();
    return new FeatureDefinition(
        name,
        aggregation,
        window < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(window)),
        slice,
        n);
  }

  /**
   * Java serializes the definition (a Flink function's field) in its binary form: an Optional is
   * not serializable.
   */
  private Object writeReplace() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    writeTo(new DataOutputStream(bytes));
    return new Serialized(bytes.toByteArray());
  }

  private record Serialized(byte[] bytes) implements Serializable {
    private Object readResolve() throws IOException {
      return readFrom(new DataInputStream(new ByteArrayInputStream(bytes)));
    }
  }

  static boolean sketch(Aggregation aggregation) {
    return aggregation == Aggregation.COUNT_DISTINCT || aggregation == Aggregation.TOP_N;
  }
}
