package io.tributary.gateway.auth;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A user of the gateway, as its token file declares them.
 *
 * @param name who it is, for logs and messages
 * @param role what they may do
 * @param projects the projects they belong to (may be empty)
 */
public record GatewayUser(String name, Role role, List<String> projects) {
  public GatewayUser {
    requireNonNull(name, "name is null");
    requireNonNull(role, "role is null");
    projects = List.copyOf(requireNonNull(projects, "projects is null"));
  }

  /**
   * Whether this user may write {@code table} ({@code <namespace>.<table>} of the lake) through a
   * pipeline: an admin anything; a developer the tables of their projects, {@code
   * silver.<project>_*} and {@code gold.<project>_*}; a reader nothing.
   */
  public boolean mayWrite(String namespace, String table) {
    return switch (role) {
      case ADMIN -> true;
      case READER -> false;
      case DEVELOPER ->
          (namespace.equals("silver") || namespace.equals("gold"))
              && projects.stream().anyMatch(project -> table.startsWith(project + "_"));
    };
  }

  /** The tables {@link #mayWrite} allows, in words. */
  public String writableTables() {
    if (role == Role.ADMIN) {
      return "every table";
    }
    if (projects.isEmpty()) {
      return "no table (no project)";
    }
    return projects.stream()
        .map(p -> "silver." + p + "_*, gold." + p + "_*")
        .collect(java.util.stream.Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return name + " (" + role.configName() + ")";
  }
}
