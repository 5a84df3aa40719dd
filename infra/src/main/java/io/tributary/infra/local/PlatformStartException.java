package io.tributary.infra.local;

import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.TributaryException;

/**
 * The platform cannot start for a reason its operator can fix (a cluster that does not answer, a
 * missing build artifact); the message says what and how.
 */
public final class PlatformStartException extends TributaryException {
  public PlatformStartException(String message) {
    super(ErrorCode.UNAVAILABLE, message);
  }

  public PlatformStartException(String message, Throwable cause) {
    super(ErrorCode.UNAVAILABLE, message, cause);
  }
}
