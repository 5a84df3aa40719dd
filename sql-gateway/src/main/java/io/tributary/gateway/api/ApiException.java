package io.tributary.gateway.api;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A refusal of the request itself (its path, method or body), with the status and headers it is
 * answered with. Failures of what the request asks for are {@link
 * io.tributary.catalog.error.TributaryException}s, mapped by their code.
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final Map<String, String> headers;

  ApiException(int status, String message) {
    this(status, message, Map.of());
  }

  ApiException(int status, String message, Map<String, String> headers) {
    super(requireNonNull(message, "message is null"));
    this.status = status;
    this.headers = Map.copyOf(requireNonNull(headers, "headers is null"));
  }

  int status() {
    return status;
  }

  Map<String, String> headers() {
    return headers;
  }
}
