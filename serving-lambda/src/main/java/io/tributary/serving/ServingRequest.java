package io.tributary.serving;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One request to the serving API, whatever carried it (an API Gateway event, the local adapter).
 *
 * @param method the HTTP method, upper case
 * @param path the raw path, {@code /v1/groups}
 * @param headers the headers, names in lower case
 * @param query the query parameters (the first value of each)
 * @param body the body, empty when there is none
 */
public record ServingRequest(
    String method,
    String path,
    Map<String, String> headers,
    Map<String, String> query,
    String body) {
  public ServingRequest {
    method = method.toUpperCase(Locale.ROOT);
    Map<String, String> lower = new TreeMap<>();
    headers.forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), value));
    headers = Map.copyOf(lower);
    query = Map.copyOf(query);
    body = body == null ? "" : body;
  }

  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }
}
