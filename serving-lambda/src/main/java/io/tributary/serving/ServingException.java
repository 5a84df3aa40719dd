package io.tributary.serving;

import java.util.Optional;

/**
 * A request the serving API refuses: its status, what is wrong, and the field of the request that
 * is (a body field such as {@code entities[3]}, a path part, a header), answered as {@code
 * {"status": 400, "error": "Bad Request", "message": "...", "field": "..."}}.
 */
final class ServingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String field;

  ServingException(int status, String message, String field) {
    super(message);
    this.status = status;
    this.field = field;
  }

  static ServingException badRequest(String field, String message) {
    return new ServingException(400, message, field);
  }

  int status() {
    return status;
  }

  Optional<String> field() {
    return Optional.ofNullable(field);
  }
}
