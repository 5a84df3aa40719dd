package io.tributary.gateway.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.gateway.auth.GatewayUser;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * One request to a route of the platform API, as its handler sees it: no HTTP library in sight, so
 * that the resources are plain code.
 */
final class ApiRequest {
  private final String path;
  private final Map<String, String> variables;
  private final byte[] body;
  private final Optional<GatewayUser> actor;

  /**
   * @param path the request's path, percent-decoded
   * @param variables the values of the route's path variables, such as {@code name}
   * @param body the request's body as sent (empty when none)
   * @param actor the authenticated user, when auth is on
   */
  ApiRequest(String path, Map<String, String> variables, byte[] body, Optional<GatewayUser> actor) {
    this.path = requireNonNull(path, "path is null");
    this.variables = Map.copyOf(requireNonNull(variables, "variables is null"));
    this.body = requireNonNull(body, "body is null").clone();
    this.actor = requireNonNull(actor, "actor is null");
  }

  String path() {
    return path;
  }

  /** The value of the route's path variable {@code name}. */
  String variable(String name) {
    String value = variables.get(name);
    if (value == null) {
      throw new IllegalStateException("The route of " + path + " has no variable " + name);
    }
    return value;
  }

  /** The authenticated user, when auth is on. */
  Optional<GatewayUser> actor() {
    return actor;
  }

  /** The body as a JSON object: an empty one when the request has no body. */
  JsonNode json() throws IOException {
    if (body.length == 0) {
      return ApiJson.MAPPER.createObjectNode();
    }
    JsonNode node;
    try {
      node = ApiJson.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new ApiException(400, "The request body is not JSON: " + e.getOriginalMessage());
    }
    if (!node.isObject()) {
      throw new ApiException(400, "The request body must be a JSON object");
    }
    return node;
  }

  /** The authenticated user's name if auth is on, else the user the body names. */
  String user(JsonNode json) {
    if (actor.isPresent()) {
      return actor.get().name();
    }
    String user = json.path("user").textValue();
    return user == null || user.isBlank() ? "anonymous" : user;
  }
}
