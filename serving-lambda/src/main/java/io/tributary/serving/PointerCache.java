package io.tributary.serving;

import io.tributary.feature.dynamodb.GroupPointer;
import io.tributary.feature.dynamodb.OnlineStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The groups' pointers, each kept for {@link #KEEP}, which saves a request a DynamoDB round trip.
 * Safe because the platform removes an old generation's items only a grace period (5 s) after reads
 * switched away from it: a pointer kept for less still reads one whole generation, never a mix, and
 * never a removed one.
 */
final class PointerCache {
  static final Duration KEEP = Duration.ofSeconds(1);

  private final OnlineStore store;
  private final Clock clock;
  private final Map<String, Kept> kept = new HashMap<>();

  private record Kept(GroupPointer pointer, Instant readAt) {}

  PointerCache(OnlineStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** The pointers of {@code groups} that exist, reading those not kept (one round for all). */
  synchronized Map<String, GroupPointer> of(Set<String> groups) {
    Instant now = clock.instant();
    Map<String, GroupPointer> found = new HashMap<>();
    Set<String> missing = new LinkedHashSet<>();
    for (String group : groups) {
      Kept entry = kept.get(group);
      if (entry != null && entry.readAt().plus(KEEP).isAfter(now)) {
        found.put(group, entry.pointer());
      } else {
        missing.add(group);
      }
    }
    if (!missing.isEmpty()) {
      Map<String, GroupPointer> read = store.pointers(missing);
      read.forEach(
          (group, pointer) -> {
            kept.put(group, new Kept(pointer, now));
            found.put(group, pointer);
          });
    }
    return found;
  }
}
