package io.tributary.stream.job;

import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.TributaryException;

/**
 * A job's saved state belongs to a different version of the job (its SQL changed), so restoring it
 * could fail or, worse, silently mix the two. The message says what to do.
 */
public final class StateMismatchException extends TributaryException {
  public StateMismatchException(String message) {
    super(ErrorCode.CONFLICT, message);
  }
}
