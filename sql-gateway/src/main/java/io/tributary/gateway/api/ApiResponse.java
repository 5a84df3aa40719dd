package io.tributary.gateway.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * What the platform API answers one request: a status, extra headers and a JSON body (every answer
 * is JSON, errors too).
 *
 * @param json the body, as sent
 */
record ApiResponse(int status, Map<String, String> headers, String json) {
  ApiResponse {
    headers = Map.copyOf(requireNonNull(headers, "headers is null"));
    requireNonNull(json, "json is null");
  }

  static ApiResponse ok(JsonNode body) {
    return of(200, body);
  }

  /** {@code body}, pretty-printed as every answer of the API is. */
  static ApiResponse of(int status, JsonNode body) {
    try {
      return new ApiResponse(
          status,
          Map.of(),
          ApiJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(body));
    } catch (JsonProcessingException e) { // a tree of Jackson's own nodes always writes
      throw new UncheckedIOException(e);
    }
  }

  /** The JSON error of {@code status}, with {@code headers}. */
  static ApiResponse error(int status, String message, Map<String, String> headers) {
    return new ApiResponse(status, headers, of(status, ApiErrors.body(status, message)).json());
  }
}
