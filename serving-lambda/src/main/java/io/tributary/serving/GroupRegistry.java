package io.tributary.serving;

import io.tributary.feature.dynamodb.GroupInfo;
import io.tributary.feature.dynamodb.OnlineStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The feature groups as the store's registry lists them, read at most every {@link #REFRESH}, and
 * again (at most once a second) when a request names a group or feature not seen yet, so that a
 * group deployed a moment ago is found. Values are never cached: only what groups exist.
 */
final class GroupRegistry {
  static final Duration REFRESH = Duration.ofSeconds(10);
  private static final Duration RETRY = Duration.ofSeconds(1);

  private final OnlineStore store;
  private final Clock clock;
  private Map<String, GroupInfo> groups = Map.of();
  private Instant readAt = Instant.MIN;

  GroupRegistry(OnlineStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  synchronized List<GroupInfo> all() {
    refreshIfOlderThan(REFRESH);
    return List.copyOf(groups.values());
  }

  /** The group called {@code name}, reading the registry again if it is not known yet. */
  synchronized Optional<GroupInfo> group(String name) {
    refreshIfOlderThan(REFRESH);
    if (!groups.containsKey(name)) {
      refreshIfOlderThan(RETRY);
    }
    return Optional.ofNullable(groups.get(name));
  }

  /** The group called {@code name} as read now, for a feature a cached entry does not have. */
  synchronized Optional<GroupInfo> fresh(String name) {
    refreshIfOlderThan(RETRY);
    return Optional.ofNullable(groups.get(name));
  }

  private void refreshIfOlderThan(Duration age) {
    Instant now = clock.instant();
    if (readAt.plus(age).isBefore(now)) {
      Map<String, GroupInfo> read = new LinkedHashMap<>();
      for (GroupInfo group : store.groups()) {
        read.put(group.group(), group);
      }
      groups = read;
      readAt = now;
    }
  }
}
