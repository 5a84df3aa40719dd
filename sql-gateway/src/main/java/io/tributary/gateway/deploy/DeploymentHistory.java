package io.tributary.gateway.deploy;

import static java.util.Objects.requireNonNull;

import io.tributary.gateway.store.JsonLinesLog;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every deployment, applied, refused or failed, in the order they happened: what {@code history}
 * shows. Kept as JSON lines under the data directory, so it survives restarts.
 */
public final class DeploymentHistory {
  private final JsonLinesLog<Deployment> log;
  private final Clock clock;

  public DeploymentHistory(Path file, Clock clock) {
    this.log = new JsonLinesLog<>(file, Deployment.class, Deployment::id);
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** Every deployment, oldest first. */
  public List<Deployment> all() {
    return log.all();
  }

  /** The id the next deployment gets. */
  long nextId() {
    return log.nextId();
  }

  /** Appends deployment {@code id} as it ended, stamped now. */
  Deployment record(
      long id,
      PipelineDeployer.Request request,
      Path directory,
      DeploymentStatus status,
      List<Deployment.Outcome> outcomes,
      Map<String, String> versions) {
    Deployment deployment =
        new Deployment(
            id,
            clock.instant(),
            request.user(),
            request.commit(),
            directory.toAbsolutePath().normalize().toString(),
            status,
            List.copyOf(outcomes),
            Collections.unmodifiableMap(new TreeMap<>(versions)));
    log.append(deployment);
    return deployment;
  }
}
