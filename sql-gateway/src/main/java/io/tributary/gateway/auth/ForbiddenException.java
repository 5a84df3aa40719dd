package io.tributary.gateway.auth;

/** A known user asked for something their role or projects do not allow: a 403. */
public final class ForbiddenException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ForbiddenException(String message) {
    super(message);
  }
}
