package io.tributary.gateway.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The OpenAPI document of the platform API ({@code openapi.json} beside this class), served as it
 * is written. It is written by hand, for its descriptions and schemas, and checked against the
 * routes when the API starts: an operation it lists that is not served, or a route it does not
 * list, stops the start.
 */
final class OpenApiDocument {
  private static final String RESOURCE = "openapi.json";
  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  private final String json;

  private OpenApiDocument(String json) {
    this.json = requireNonNull(json, "json is null");
  }

  /**
   * Reads the document and checks it lists exactly {@code routes}.
   *
   * @throws IllegalStateException naming what one lists and the other does not
   */
  static OpenApiDocument load(List<Route> routes) {
    String json = read();
    Set<String> documented = operations(json);
    Set<String> served = new TreeSet<>();
    routes.forEach(route -> served.add(route.method() + " " + route.path()));
    if (!documented.equals(served)) {
      Set<String> notServed = new TreeSet<>(documented);
      notServed.removeAll(served);
      Set<String> notDocumented = new TreeSet<>(served);
      notDocumented.removeAll(documented);
      throw new IllegalStateException(
          "The platform API's "
              + RESOURCE
              + " does not list what it serves: documented but not served "
              + notServed
              + ", served but not documented "
              + notDocumented);
    }
    return new OpenApiDocument(json);
  }

  /** {@code GET /openapi.json}. */
  ApiResponse document() {
    return new ApiResponse(200, Map.of(), json);
  }

  /** Each operation of the document's {@code paths}, as {@code "GET /api/v1/jobs"}. */
  static Set<String> operations(String json) {
    JsonNode paths;
    try {
      paths = ApiJson.MAPPER.readTree(json).path("paths");
    } catch (IOException e) {
      throw new IllegalStateException("The platform API's " + RESOURCE + " is not JSON", e);
    }
    Set<String> operations = new TreeSet<>();
    paths
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        field -> {
                          if (METHODS.contains(field)) {
                            operations.add(field.toUpperCase(Locale.ROOT) + " " + path.getKey());
                          }
                        }));
    return operations;
  }

  private static String read() {
    try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
