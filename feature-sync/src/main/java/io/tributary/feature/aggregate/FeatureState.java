package io.tributary.feature.aggregate;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The state of one feature of one entity: partial aggregates per time slice of its window (or one
 * aggregate for a lifetime feature), evaluated when read. A read at t covers the slices whose index
 * is in [c − m + 1, c], where c = ⌊t / slice⌋ and m = window / slice: the last window to one
 * slice's granularity, so values decay as their events leave the window, with no new event needed.
 *
 * <p>Values given to {@link #add}: {@link java.math.BigDecimal} for numbers, {@link String} for
 * anything else; null values are left out (as SQL's aggregates leave out NULL), so {@code count} of
 * events is given a non-null marker. Mutable and not thread-safe; the job keeps one per entity and
 * feature, the reader decodes one per item it reads.
 */
public final class FeatureState {
  private static final byte FORMAT = 1;

  private final FeatureDefinition definition;
  private final long slice;
  private final int slices;

  /** Windowed: partial per slice index. */
  private final TreeMap<Long, Partial> partials;

  /** Lifetime: the one partial. */
  private final Partial lifetime;

  private long newest = Long.MIN_VALUE;
  // the slice most events fall into, kept at hand
  private long lastIndex = Long.MIN_VALUE;
  private Partial lastPartial;

  private FeatureState(FeatureDefinition definition) {
    this.definition = requireNonNull(definition, "definition is null");
    this.slice = definition.slice().toMillis();
    this.slices = definition.slices();
    this.partials = definition.window().isPresent() ? new TreeMap<>() : null;
    this.lifetime = definition.window().isPresent() ? null : Partial.empty(definition);
  }

  public static FeatureState empty(FeatureDefinition definition) {
    return new FeatureState(definition);
  }

  /**
   * The state {@link #encode} wrote for {@code definition}.
   *
   * @throws IllegalArgumentException when {@code bytes} is not such a state
   */
  public static FeatureState decode(FeatureDefinition definition, byte[] bytes) {
    FeatureState state = new FeatureState(definition);
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte format = in.readByte();
      if (format != FORMAT) {
        throw new IllegalArgumentException(
            "Not a feature state of format " + FORMAT + " (found " + format + ")");
      }
      int aggregation = in.readByte();
      if (aggregation != definition.aggregation().ordinal()) {
        throw new IllegalArgumentException(
            "The state of feature "
                + definition.name()
                + " is of another aggregation than "
                + definition.aggregation().yamlName());
      }
      state.newest = in.readLong();
      if (state.partials == null) {
        state.lifetime.readFields(in);
      } else {
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
          long index = in.readLong();
          state.partials.put(index, Partial.read(definition, in));
        }
      }
      if (in.available() > 0) {
        throw new IllegalArgumentException(
            "The state of feature " + definition.name() + " has trailing bytes");
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException argument) {
        throw argument;
      }
      throw new IllegalArgumentException(
          "Cannot decode the state of feature " + definition.name() + ": " + e.getMessage(), e);
    }
    return state;
  }

  public FeatureDefinition definition() {
    return definition;
  }

  /** Folds one event in. */
  public void add(long eventTimeMillis, Object value) {
    if (value == null) {
      return;
    }
    newest = Math.max(newest, eventTimeMillis);
    if (partials == null) {
      lifetime.add(eventTimeMillis, value);
      return;
    }
    long index = Math.floorDiv(eventTimeMillis, slice);
    if (index != lastIndex) {
      lastPartial = partials.computeIfAbsent(index, i -> Partial.empty(definition));
      lastIndex = index;
    }
    lastPartial.add(eventTimeMillis, value);
  }

  /** Drops the slices that no read at or after {@code newestMillis} can include. */
  public void prune(long newestMillis) {
    if (partials == null) {
      return;
    }
    long first = Math.floorDiv(newestMillis, slice) - slices + 1;
    partials.headMap(first, false).clear();
    if (lastIndex < first) {
      lastIndex = Long.MIN_VALUE;
      lastPartial = null;
    }
  }

  /**
   * The value at time {@code atMillis}: Long (count, count_distinct), BigDecimal (sum, avg, min,
   * max; null when no value), List of TopValue (top_n), BigDecimal or String (last; null when
   * none). Count, sum and count_distinct of an empty window are 0. Does not change the state.
   */
  public Object valueAt(long atMillis) {
    if (partials == null) {
      return lifetime.value(definition);
    }
    long current = Math.floorDiv(atMillis, slice);
    NavigableMap<Long, Partial> window = partials.subMap(current - slices + 1, true, current, true);
    Partial merged = Partial.empty(definition);
    for (Partial partial : window.values()) {
      merged.merge(partial);
    }
    return merged.value(definition);
  }

  /** The newest event time folded in, {@link Long#MIN_VALUE} when none. */
  public long newestEventTime() {
    return newest;
  }

  /** Whether nothing is left (nothing folded, or every slice pruned). */
  public boolean isEmpty() {
    return partials == null ? newest == Long.MIN_VALUE : partials.isEmpty();
  }

  /**
   * For a windowed feature, the time after which no read includes any of its slices: the end of its
   * newest slice plus the window. Empty for a lifetime feature.
   */
  public Optional<Long> expiresAtMillis() {
    if (partials == null) {
      return Optional.empty();
    }
    long newestIndex = partials.isEmpty() ? Math.floorDiv(newest, slice) : partials.lastKey();
    return Optional.of((newestIndex + 1) * slice + slices * slice);
  }

  /** A deep copy. */
  public FeatureState copy() {
    return decode(definition, encode());
  }

  public byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeByte(definition.aggregation().ordinal());
      out.writeLong(newest);
      if (partials == null) {
        lifetime.write(out);
      } else {
        out.writeInt(partials.size());
        for (Map.Entry<Long, Partial> entry : partials.entrySet()) {
          out.writeLong(entry.getKey());
          entry.getValue().write(out);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail to grow
    }
    return bytes.toByteArray();
  }

  /**
   * An upper bound of {@link #encode}'s length for {@code definition}, whatever the events (below
   * DynamoDB's 400 KB item limit for every definition the platform accepts): per slice, a sketch of
   * its most entries or a few numbers.
   */
  public static int maxEncodedBytes(FeatureDefinition definition) {
    int slices = definition.slices();
    int perSlice =
        switch (definition.aggregation()) {
          case COUNT -> 8;
          case SUM, MIN, MAX -> 1 + 4 + 2 + 64;
          case AVG -> 4 + 2 + 64 + 8;
          case LAST -> 1 + 8 + 1 + 2 + Partial.MAX_TEXT;
          case VALUE -> 1 + 2 + Partial.MAX_VALUE_TEXT;
          // HLL_4: half a byte per bucket, a header and its exceptions' small aux table
          case COUNT_DISTINCT -> 4 + (1 << SketchPartials.Distinct.lgK(slices)) / 2 + 320;
          case TOP_N ->
              4 + 64 + (SketchPartials.Top.mapSize(slices) * 3 / 4) * (8 + 4 + Partial.MAX_TEXT);
        };
    return 1 + 1 + 8 + 4 + slices * (8 + perSlice);
  }
}
