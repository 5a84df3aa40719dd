package io.tributary.catalog.rest;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.rest.Endpoint;

/**
 * The routes of the Iceberg REST catalog API that the server answers, each one of Iceberg's own
 * {@link Endpoint}s; also what {@code /v1/config} advertises. Not served: multi-table transactions,
 * credential vending, remote signing and server-side scan planning, which a local warehouse does
 * not need. Paths are matched without the optional {@code {prefix}} segment: this server has one
 * catalog.
 */
enum RestRoute {
  LIST_NAMESPACES(Endpoint.V1_LIST_NAMESPACES),
  CREATE_NAMESPACE(Endpoint.V1_CREATE_NAMESPACE),
  LOAD_NAMESPACE(Endpoint.V1_LOAD_NAMESPACE),
  NAMESPACE_EXISTS(Endpoint.V1_NAMESPACE_EXISTS),
  DROP_NAMESPACE(Endpoint.V1_DELETE_NAMESPACE),
  UPDATE_NAMESPACE(Endpoint.V1_UPDATE_NAMESPACE),
  LIST_TABLES(Endpoint.V1_LIST_TABLES),
  CREATE_TABLE(Endpoint.V1_CREATE_TABLE),
  LOAD_TABLE(Endpoint.V1_LOAD_TABLE),
  TABLE_EXISTS(Endpoint.V1_TABLE_EXISTS),
  UPDATE_TABLE(Endpoint.V1_UPDATE_TABLE),
  DROP_TABLE(Endpoint.V1_DELETE_TABLE),
  RENAME_TABLE(Endpoint.V1_RENAME_TABLE),
  REGISTER_TABLE(Endpoint.V1_REGISTER_TABLE),
  REPORT_METRICS(Endpoint.V1_REPORT_METRICS),
  LIST_VIEWS(Endpoint.V1_LIST_VIEWS),
  CREATE_VIEW(Endpoint.V1_CREATE_VIEW),
  LOAD_VIEW(Endpoint.V1_LOAD_VIEW),
  VIEW_EXISTS(Endpoint.V1_VIEW_EXISTS),
  UPDATE_VIEW(Endpoint.V1_UPDATE_VIEW),
  DROP_VIEW(Endpoint.V1_DELETE_VIEW),
  RENAME_VIEW(Endpoint.V1_RENAME_VIEW),
  REGISTER_VIEW(Endpoint.V1_REGISTER_VIEW);

  /** A route that matched, and the values of its path variables (still URL-encoded). */
  record Match(RestRoute route, Map<String, String> variables) {}

  private final Endpoint endpoint;
  private final List<String> segments;

  RestRoute(Endpoint endpoint) {
    this.endpoint = endpoint;
    this.segments = Arrays.asList(endpoint.path().replace("/{prefix}", "").substring(1).split("/"));
  }

  Endpoint endpoint() {
    return endpoint;
  }

  static List<Endpoint> endpoints() {
    return Arrays.stream(values()).map(RestRoute::endpoint).toList();
  }

  /** The route for {@code method} and {@code path} (raw, still encoded), if there is one. */
  static Optional<Match> match(String method, String path) {
    List<String> parts = Arrays.asList(path.replaceAll("^/+|/+$", "").split("/"));
    for (RestRoute route : values()) {
      if (route.endpoint.httpMethod().equalsIgnoreCase(method)
          && route.segments.size() == parts.size()) {
        Map<String, String> variables = new HashMap<>();
        boolean matches = true;
        for (int i = 0; i < parts.size() && matches; i++) {
          String segment = route.segments.get(i);
          if (segment.startsWith("{") && segment.endsWith("}")) {
            variables.put(segment.substring(1, segment.length() - 1), parts.get(i));
          } else {
            matches = segment.equals(parts.get(i));
          }
        }
        if (matches) {
          return Optional.of(new Match(route, Map.copyOf(variables)));
        }
      }
    }
    return Optional.empty();
  }
}
