package io.tributary.feature.dynamodb;

/** What a read found. */
public enum FeatureStatus {
  /** A value, computed from events no older than the group's max age. */
  PRESENT,
  /** No value for this entity: never seen, or every event long out of every window. */
  NOT_FOUND,
  /** A value whose newest event is older than the group's {@code max_age} at the read time. */
  STALE
}
