package io.tributary.gateway.deploy;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** What a deployment would do to the running pipelines, pipeline by pipeline. */
public record DeployPlan(List<Change> changes) {
  /** What happens to one pipeline. */
  public enum Action {
    /** Not running yet: it starts. */
    NEW,
    /** Its SQL or configuration differs: it restarts as the new version, from a savepoint. */
    CHANGED,
    /** Not in the directory any more: it stops with a savepoint, which is kept. */
    REMOVED,
    /** As it runs. */
    UNCHANGED
  }

  /**
   * One pipeline's change.
   *
   * @param diff for a changed pipeline, a unified diff of its files, running version first
   */
  public record Change(String pipeline, Action action, String target, List<String> diff) {
    public Change {
      requireNonNull(pipeline, "pipeline is null");
      requireNonNull(action, "action is null");
      requireNonNull(target, "target is null");
      diff = List.copyOf(diff);
    }
  }

  public DeployPlan {
    changes = List.copyOf(changes);
  }

  /** Whether applying it would change anything. */
  public boolean changesAnything() {
    return changes.stream().anyMatch(c -> c.action() != Action.UNCHANGED);
  }
}
