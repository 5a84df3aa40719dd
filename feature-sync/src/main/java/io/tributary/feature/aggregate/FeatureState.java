package io.tributary.feature.aggregate;

/**
 * STUB: the state of one feature of one entity (partial aggregates per time slice, or one lifetime
 * aggregate). Mutable, not thread-safe. Values given to {@link #add}: {@link java.math.BigDecimal}
 * for numbers, {@link String} for anything else, null ignored (COUNT without a column gets a
 * non-null marker from the job).
 */
public final class FeatureState {
  public static FeatureState empty(FeatureDefinition definition) {
    throw new UnsupportedOperationException("stub");
  }

  public static FeatureState decode(FeatureDefinition definition, byte[] bytes) {
    throw new UnsupportedOperationException("stub");
  }

  public FeatureDefinition definition() {
    throw new UnsupportedOperationException("stub");
  }

  /** Folds one event in. */
  public void add(long eventTimeMillis, Object value) {
    throw new UnsupportedOperationException("stub");
  }

  /** Drops the slices that no read at or after {@code newestMillis} can include. */
  public void prune(long newestMillis) {
    throw new UnsupportedOperationException("stub");
  }

  /**
   * The value at time {@code atMillis}: Long (count, count_distinct), BigDecimal (sum, avg, min,
   * max; null when no value), List of TopValue (top_n), BigDecimal or String (last; null when
   * none). COUNT, SUM and COUNT_DISTINCT of an empty window are 0.
   */
  public Object valueAt(long atMillis) {
    throw new UnsupportedOperationException("stub");
  }

  /** The newest event time folded in, {@link Long#MIN_VALUE} when none. */
  public long newestEventTime() {
    throw new UnsupportedOperationException("stub");
  }

  /** Whether nothing is left (every slice pruned, nothing folded). */
  public boolean isEmpty() {
    throw new UnsupportedOperationException("stub");
  }

  public byte[] encode() {
    throw new UnsupportedOperationException("stub");
  }
}
