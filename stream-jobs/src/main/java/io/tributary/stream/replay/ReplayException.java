package io.tributary.stream.replay;

import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.TributaryException;

/**
 * A replay that refuses to run or could not complete, with a message meant for the user as it is:
 * the log no longer holds the day, the day is still open ({@link ErrorCode#CONFLICT}), the job
 * failed on the cluster ({@link ErrorCode#EXTERNAL_FAILURE}). Nothing of the day was written.
 */
public final class ReplayException extends TributaryException {
  private static final long serialVersionUID = 1L;

  /** A refusal: the day cannot be replayed now. */
  public ReplayException(String message) {
    super(ErrorCode.CONFLICT, message);
  }

  public ReplayException(ErrorCode code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
