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

  @Override
  public String toString() {
    return name + " (" + role.configName() + ")";
  }
}
