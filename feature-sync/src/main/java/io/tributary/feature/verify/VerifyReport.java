package io.tributary.feature.verify;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What {@code features verify} found: per sampled entity, whether the store's values equal those
 * recomputed from the log at the position the store says they reflect.
 *
 * @param group the feature group
 * @param generation the generation compared
 * @param entities the entities sampled
 * @param matched how many of them matched in every feature
 * @param mismatches each feature that differs (or an entity's version, or an item missing)
 * @param startedAt when the verification started
 * @param finishedAt when it finished
 */
public record VerifyReport(
    String group,
    String generation,
    int entities,
    int matched,
    List<Mismatch> mismatches,
    Instant startedAt,
    Instant finishedAt) {
  public VerifyReport {
    mismatches = List.copyOf(mismatches);
  }

  /**
   * One difference.
   *
   * @param entity the entity
   * @param feature the feature, or {@code version} (the number of the entity's events read)
   * @param stored what the store holds
   * @param recomputed what the log gives at the stored position
   * @param at the time both were evaluated at (the entity's newest event)
   * @param position the log position compared at (offset per partition)
   */
  public record Mismatch(
      String entity,
      String feature,
      String stored,
      String recomputed,
      Instant at,
      Map<Integer, Long> position) {}

  public boolean passed() {
    return mismatches.isEmpty();
  }
}
