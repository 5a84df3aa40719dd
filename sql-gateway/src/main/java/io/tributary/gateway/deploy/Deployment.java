package io.tributary.gateway.deploy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One applied (or refused) deployment, as the history keeps it.
 *
 * @param id sequential, from 1
 * @param user who asked for it
 * @param commit the git commit of the directory, when it is a git checkout
 * @param directory where the pipelines were read from
 * @param status how it ended
 * @param outcomes what happened to each pipeline
 * @param versions the fingerprint of every pipeline running after it
 */
public record Deployment(
    long id,
    Instant at,
    String user,
    Optional<String> commit,
    String directory,
    DeploymentStatus status,
    List<Outcome> outcomes,
    Map<String, String> versions) {

  /** What happened to one pipeline: its plan's action and the result, in words. */
  public record Outcome(String pipeline, DeployPlan.Action action, String result) {}
}
