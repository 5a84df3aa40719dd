package io.tributary.gateway.deploy;

import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.TributaryException;

/**
 * A deployment that failed partway for a reason of the platform's (a job that would not stop or
 * start), not of the pipelines': recorded as {@code FAILED} in the history, a 500 for the API.
 */
public final class DeploymentFailedException extends TributaryException {
  private static final long serialVersionUID = 1L;

  DeploymentFailedException(String message, Throwable cause) {
    super(ErrorCode.EXTERNAL_FAILURE, message, cause);
  }
}
