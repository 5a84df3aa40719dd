package io.tributary.stream.job;

/**
 * A job's saved state belongs to a different version of the job (its SQL changed), so restoring it
 * could fail or, worse, silently mix the two. The message says what to do.
 */
public final class StateMismatchException extends RuntimeException {
  public StateMismatchException(String message) {
    super(message);
  }
}
