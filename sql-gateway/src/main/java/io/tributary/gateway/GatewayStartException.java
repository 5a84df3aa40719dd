package io.tributary.gateway;

/**
 * The SQL gateway could not start for a reason its operator can act on, such as its port being
 * taken by another process.
 */
public final class GatewayStartException extends RuntimeException {
  public GatewayStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
