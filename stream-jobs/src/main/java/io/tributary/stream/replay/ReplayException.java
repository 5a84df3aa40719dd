package io.tributary.stream.replay;

/**
 * A replay that refuses to run or could not complete, with a message meant for the user as it is:
 * the log no longer holds the day, the day is still open, the job failed. Nothing of the day was
 * written.
 */
public final class ReplayException extends RuntimeException {
  public ReplayException(String message) {
    super(message);
  }

  public ReplayException(String message, Throwable cause) {
    super(message, cause);
  }
}
