package io.tributary.gateway.auth;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.Layer;
import io.tributary.pipeline.TargetTable;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A user of the gateway, as its token file declares them.
 *
 * @param name who it is, for logs and messages
 * @param role what they may do
 * @param projects the projects they belong to (may be empty)
 */
public record GatewayUser(String name, Role role, List<String> projects) {
  /** The layers where projects own tables. */
  private static final List<Layer> PROJECT_LAYERS = List.of(Layer.SILVER, Layer.GOLD);

  public GatewayUser {
    requireNonNull(name, "name is null");
    requireNonNull(role, "role is null");
    projects = List.copyOf(requireNonNull(projects, "projects is null"));
  }

  /**
   * Whether this user may write {@code target} through a pipeline: an admin anything; a developer
   * the tables of their projects, {@code silver.<project>_*} and {@code gold.<project>_*}; a reader
   * nothing.
   */
  public boolean mayWrite(TargetTable target) {
    return switch (role) {
      case ADMIN -> true;
      case READER -> false;
      case DEVELOPER ->
          PROJECT_LAYERS.stream()
                  .anyMatch(layer -> layer.namespaceName().equals(target.namespace()))
              && projects.stream().anyMatch(project -> target.table().startsWith(project + "_"));
    };
  }

  /**
   * Refuses, with a 403, to {@code action} ("deploy pipeline x") what writes {@code target}, when
   * this user may not write it.
   *
   * @param consequence appended to the message, such as "; nothing was deployed"
   */
  public void checkMayWrite(String action, TargetTable target, String consequence) {
    if (!mayWrite(target)) {
      throw new ForbiddenException(
          "User "
              + this
              + " may not "
              + action
              + ": its target "
              + target
              + " is not among the tables of their projects ("
              + writableTables()
              + ")"
              + consequence);
    }
  }

  /** The tables {@link #mayWrite} allows, in words. */
  private String writableTables() {
    if (role == Role.ADMIN) {
      return "every table";
    }
    if (projects.isEmpty()) {
      return "no table (no project)";
    }
    return projects.stream()
        .flatMap(p -> PROJECT_LAYERS.stream().map(layer -> layer.namespaceName() + "." + p + "_*"))
        .collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return name + " (" + role.configName() + ")";
  }
}
