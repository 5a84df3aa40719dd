package io.tributary.gateway.feature;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * What a deployment does to one feature group.
 *
 * @param group the group's name
 * @param action what happens to it
 * @param generation the generation it will have (the running one for REMOVED)
 * @param previous the generation it has now, if it runs
 * @param diff the readable differences ({@code feature added: x (count, 10m)})
 */
public record FeatureChange(
    String group, Action action, String generation, Optional<String> previous, List<String> diff) {

  /** What happens to a group. */
  public enum Action {
    /** Not running yet: its job starts from the earliest offset the log holds. */
    NEW,
    /**
     * What its values depend on differs: a new generation is built from the log beside the old one,
     * which keeps answering until the new one has caught up; then reads switch in one step.
     */
    CHANGED,
    /** Not declared any more: its job stops and its items are removed. */
    REMOVED,
    /** Its values stay as they are (metadata such as the owner may differ). */
    UNCHANGED
  }

  public FeatureChange {
    requireNonNull(group, "group is null");
    requireNonNull(action, "action is null");
    requireNonNull(generation, "generation is null");
    requireNonNull(previous, "previous is null");
    diff = List.copyOf(diff);
  }
}
