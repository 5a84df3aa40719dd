package io.tributary.gateway.deploy;

import static java.util.Objects.requireNonNull;

import io.tributary.stream.pipeline.PipelineSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What a deployment would do, pipeline by pipeline, from what runs and what the directory holds: a
 * pure function of both, so that it can be shown before anything changes ({@code deploy --plan}). A
 * pipeline is {@code CHANGED} when its fingerprint (SQL, target, lateness, the sources it reads)
 * differs; a difference in metadata only (owner, description) leaves it {@code UNCHANGED} with a
 * diff.
 */
final class DeploymentPlanner {
  private final Function<PipelineSpec, String> fingerprint;
  private final BiFunction<String, PipelineSpec, List<String>> diff;

  /**
   * @param fingerprint the version of a pipeline's state
   * @param diff the running files of a pipeline (by name) against a new version's, as a diff
   */
  DeploymentPlanner(
      Function<PipelineSpec, String> fingerprint,
      BiFunction<String, PipelineSpec, List<String>> diff) {
    this.fingerprint = requireNonNull(fingerprint, "fingerprint is null");
    this.diff = requireNonNull(diff, "diff is null");
  }

  /** The change of every pipeline that runs or is desired, in name order. */
  DeployPlan plan(Map<String, PipelineSpec> running, List<PipelineSpec> desired) {
    Map<String, PipelineSpec> wanted = new LinkedHashMap<>();
    desired.forEach(spec -> wanted.put(spec.name(), spec));
    TreeSet<String> names = new TreeSet<>(running.keySet());
    names.addAll(wanted.keySet());
    List<DeployPlan.Change> changes = new ArrayList<>();
    for (String name : names) {
      PipelineSpec old = running.get(name);
      PipelineSpec next = wanted.get(name);
      if (next == null) {
        changes.add(
            new DeployPlan.Change(
                name, DeployPlan.Action.REMOVED, old.target().toString(), List.of()));
      } else if (old == null) {
        changes.add(
            new DeployPlan.Change(
                name, DeployPlan.Action.NEW, next.target().toString(), List.of()));
      } else {
        boolean changed = !fingerprint.apply(old).equals(fingerprint.apply(next));
        changes.add(
            new DeployPlan.Change(
                name,
                changed ? DeployPlan.Action.CHANGED : DeployPlan.Action.UNCHANGED,
                next.target().toString(),
                diff.apply(name, next)));
      }
    }
    return new DeployPlan(changes);
  }

  /** The pipelines of {@code desired} that a plan starts: new and changed ones. */
  static List<PipelineSpec> toStart(DeployPlan plan, List<PipelineSpec> desired) {
    List<PipelineSpec> specs = new ArrayList<>();
    for (DeployPlan.Change change : plan.changes()) {
      if (change.action() == DeployPlan.Action.NEW
          || change.action() == DeployPlan.Action.CHANGED) {
        specs.add(spec(desired, change.pipeline()));
      }
    }
    return specs;
  }

  static PipelineSpec spec(List<PipelineSpec> specs, String name) {
    return specs.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }
}
