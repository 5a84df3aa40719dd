package io.tributary.gateway.api;

import static java.util.Objects.requireNonNull;

import io.tributary.gateway.auth.Access;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One route of the platform API: method, path as the OpenAPI document writes it ({@code {name}} for
 * a path variable), what its caller needs, and what answers it. {@link PlatformApi#ROUTES} is the
 * one list of them: the server serves it and the OpenAPI document is checked against it.
 *
 * @param handler what answers the route's requests (internal to this package)
 */
public record Route(String method, String path, Access access, RouteHandler handler) {
  /** What a path variable (a job's name) may be: a path with another value is not served. */
  static final Pattern VARIABLE = Pattern.compile("[A-Za-z0-9_.-]+");

  private static final Set<String> METHODS = Set.of("GET", "POST");

  public Route {
    requireNonNull(method, "method is null");
    requireNonNull(path, "path is null");
    requireNonNull(access, "access is null");
    requireNonNull(handler, "handler is null");
    if (!METHODS.contains(method)) {
      throw new IllegalArgumentException(
          "Cannot declare route " + path + ": method " + method + " is not one of " + METHODS);
    }
    if (!path.startsWith(PlatformApi.PREFIX)) {
      throw new IllegalArgumentException(
          "Cannot declare route "
              + method
              + " "
              + path
              + ": it is not under "
              + PlatformApi.PREFIX);
    }
  }

  static Route get(String path, Access access, RouteHandler handler) {
    return new Route("GET", path, access, handler);
  }

  static Route post(String path, Access access, RouteHandler handler) {
    return new Route("POST", path, access, handler);
  }

  /**
   * The values of this route's path variables if {@code path} (percent-decoded) is its path, each
   * value a {@link #VARIABLE}.
   */
  Optional<Map<String, String>> variables(String path) {
    List<String> mine = List.of(this.path.split("/", -1));
    List<String> theirs = List.of(path.split("/", -1));
    if (mine.size() != theirs.size()) {
      return Optional.empty();
    }
    Map<String, String> variables = new HashMap<>();
    for (int i = 0; i < mine.size(); i++) {
      String segment = mine.get(i);
      String value = theirs.get(i);
      if (segment.startsWith("{") && segment.endsWith("}")) {
        if (!VARIABLE.matcher(value).matches()) {
          return Optional.empty();
        }
        variables.put(segment.substring(1, segment.length() - 1), value);
      } else if (!segment.equals(value)) {
        return Optional.empty();
      }
    }
    return Optional.of(Map.copyOf(variables));
  }
}
