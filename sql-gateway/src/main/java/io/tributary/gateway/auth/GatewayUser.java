package io.tributary.gateway.auth;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.Layer;
import io.tributary.stream.pipeline.TargetTable;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A user of the gateway, as its token file declares them.
 *
 * @param name who it is, for logs and messages
 * @param role what they may do
 * @param projects the projects they belong to (may be empty)
 * @param knownProjects every project of the token file, theirs included: a table belongs to the
 *     project whose name is its longest prefix, so {@code silver.sales_eu_orders} is project {@code
 *     sales_eu}'s, not {@code sales}'s
 */
public record GatewayUser(
    String name, Role role, List<String> projects, Set<String> knownProjects) {
  /** The layers where projects own tables. */
  private static final List<Layer> PROJECT_LAYERS = List.of(Layer.SILVER, Layer.GOLD);

  public GatewayUser {
    requireNonNull(name, "name is null");
    requireNonNull(role, "role is null");
    projects = List.copyOf(requireNonNull(projects, "projects is null"));
    Set<String> known = new HashSet<>(requireNonNull(knownProjects, "knownProjects is null"));
    known.addAll(projects);
    knownProjects = Set.copyOf(known);
  }

  /**
   * The project that owns {@code table} (a table name without namespace): the longest known project
   * name that, followed by {@code _}, starts it.
   */
  Optional<String> owner(String table) {
    return knownProjects.stream()
        .filter(project -> table.startsWith(project + "_"))
        .max(Comparator.comparingInt(String::length));
  }

  /**
   * Whether this user may write {@code target} through a pipeline: an admin anything; a developer
   * the tables of their projects, {@code silver.<project>_*} and {@code gold.<project>_*} (unless a
   * longer project name claims the table); a reader nothing.
   */
  public boolean mayWrite(TargetTable target) {
    return switch (role) {
      case ADMIN -> true;
      case READER -> false;
      case DEVELOPER ->
          PROJECT_LAYERS.stream()
                  .anyMatch(layer -> layer.namespaceName().equals(target.namespace()))
              && owner(target.table()).filter(projects::contains).isPresent();
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
    String theirs =
        projects.stream()
            .flatMap(
                p -> PROJECT_LAYERS.stream().map(layer -> layer.namespaceName() + "." + p + "_*"))
            .collect(Collectors.joining(", "));
    List<String> longer =
        knownProjects.stream()
            .filter(other -> projects.stream().anyMatch(p -> other.startsWith(p + "_")))
            .sorted()
            .toList();
    return longer.isEmpty()
        ? theirs
        : theirs + ", except those of project" + (longer.size() > 1 ? "s " : " ") + longer;
  }

  @Override
  public String toString() {
    return name + " (" + role.configName() + ")";
  }
}
