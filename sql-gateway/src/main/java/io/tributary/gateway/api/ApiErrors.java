package io.tributary.gateway.api;

import io.tributary.catalog.error.ErrorCode;

/** The HTTP status the platform API answers each {@link ErrorCode} with. */
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
}
