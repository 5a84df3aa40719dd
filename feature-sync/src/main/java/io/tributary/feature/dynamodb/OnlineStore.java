package io.tributary.feature.dynamodb;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * STUB: the online store on DynamoDB: the read API (what the serving Lambda calls), the conditional
 * writes of the feature jobs, the group pointers. Thread-safe.
 */
public final class OnlineStore implements AutoCloseable {
  public static OnlineStore connect(OnlineStoreConfig config) {
    throw new UnsupportedOperationException("stub");
  }

  /** Creates the table (and its TTL) when missing; waits until it is active. */
  public void ensureTable() {
    throw new UnsupportedOperationException("stub");
  }

  /** Reads features of entities at {@code at}; {@code features} empty means all of the group. */
  public List<FeatureRead> read(
      String group, List<String> entities, List<String> features, Instant at) {
    throw new UnsupportedOperationException("stub");
  }

  /** Writes one item unless a higher version is stored; true when written. */
  public boolean write(FeatureItem item) {
    throw new UnsupportedOperationException("stub");
  }

  public Optional<GroupPointer> pointer(String group) {
    throw new UnsupportedOperationException("stub");
  }

  @Override
  public void close() {}
}
