package io.tributary.gateway;

import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.TributaryException;

/**
 * The SQL gateway could not start for a reason its operator can act on, such as its port being
 * taken by another process.
 */
public final class GatewayStartException extends TributaryException {
  public GatewayStartException(String message, Throwable cause) {
    super(ErrorCode.UNAVAILABLE, message, cause);
  }
}
