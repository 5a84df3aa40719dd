package io.tributary.gateway.auth;

import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.TributaryException;

/** A known user asked for something their role or projects do not allow: a 403. */
public final class ForbiddenException extends TributaryException {
  private static final long serialVersionUID = 1L;

  public ForbiddenException(String message) {
    super(ErrorCode.FORBIDDEN, message);
  }
}
