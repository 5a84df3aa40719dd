package io.tributary.serving;

import java.time.Instant;
import java.util.List;

/**
 * One API key as the store keeps it: never the key itself, only its SHA-256.
 *
 * @param name who holds it
 * @param sha256 the key's SHA-256, hex
 * @param groups the feature groups it may read; {@code *} for every group
 * @param created when it was added
 */
public record ApiKey(String name, String sha256, List<String> groups, Instant created) {
  public static final String ALL_GROUPS = "*";

  public ApiKey {
    groups = List.copyOf(groups);
  }

  /** Whether the key may read {@code group}. */
  public boolean allows(String group) {
    return groups.contains(ALL_GROUPS) || groups.contains(group);
  }
}
