package io.tributary.infra.local;

/**
 * The platform cannot start for a reason its operator can fix (a cluster that does not answer, a
 * missing build artifact); the message says what and how.
 */
public final class PlatformStartException extends RuntimeException {
  public PlatformStartException(String message) {
    super(message);
  }

  public PlatformStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
