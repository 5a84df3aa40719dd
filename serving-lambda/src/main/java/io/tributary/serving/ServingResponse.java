package io.tributary.serving;

import java.util.Map;

/**
 * The serving API's answer: a status and a JSON body.
 *
 * @param status the HTTP status
 * @param headers the headers to send ({@code content-type} among them)
 * @param body the JSON text
 */
public record ServingResponse(int status, Map<String, String> headers, String body) {
  static final Map<String, String> JSON = Map.of("content-type", "application/json");

  public ServingResponse {
    headers = Map.copyOf(headers);
  }

  static ServingResponse json(int status, String body) {
    return new ServingResponse(status, JSON, body);
  }
}
