package io.tributary.gateway.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a user of the gateway may do. */
public enum Role {
  /** Everything. */
  ADMIN,
  /** Any statement: queries, DDL, {@code INSERT}. */
  DEVELOPER,
  /** Queries only ({@link StatementAccess#isReadOnly}), and settings of their own sessions. */
  READER;

  /** The name in a token file: {@code admin}, {@code developer}, {@code reader}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @throws IllegalArgumentException naming the roles there are
   */
  public static Role parse(String name) {
    for (Role role : values()) {
      if (role.configName().equals(name)) {
        return role;
      }
    }
    throw new IllegalArgumentException(
        "'"
            + name
            + "' is not a role; use "
            + Arrays.stream(values()).map(Role::configName).collect(Collectors.joining(", ")));
  }
}
