package io.tributary.gateway.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.catalog.error.ErrorCode;

/**
 * The platform API's one shape of error, {@code {"status": 404, "error": "Not Found", "message":
 * "..."}} (in that order), and the HTTP status it answers each {@link ErrorCode} with.
 */
final class ApiErrors {
  private ApiErrors() {}

  static int status(ErrorCode code) {
    return switch (code) {
      case INVALID_DECLARATION, INVALID_REQUEST -> 400;
      case FORBIDDEN -> 403;
      case NOT_FOUND -> 404;
      case CONFLICT -> 409;
      case NOT_RUNNING, UNAVAILABLE -> 503;
      case EXTERNAL_FAILURE, INTERNAL -> 500;
    };
  }

  /** The JSON error of {@code status}, saying {@code message}. */
  static ObjectNode body(int status, String message) {
    ObjectNode error = ApiJson.MAPPER.createObjectNode();
    error.put("status", status);
    error.put("error", reason(status));
    error.put("message", message);
    return error;
  }

  private static String reason(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      default -> "Internal Server Error";
    };
  }
}
