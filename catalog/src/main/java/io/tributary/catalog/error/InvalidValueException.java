package io.tributary.catalog.error;

/**
 * A value that breaks its rule: an option, a setting or an argument ({@code port 70000 is not in
 * 0..65535}). An {@link IllegalArgumentException}, as a constructor's check throws, that the edges
 * still render as the caller's mistake ({@link ErrorCode#INVALID_REQUEST}) and not as a bug.
 */
public class InvalidValueException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidValueException(String message) {
    super(message);
  }

  public InvalidValueException(String message, Throwable cause) {
    super(message, cause);
  }

  public ErrorCode code() {
    return ErrorCode.INVALID_REQUEST;
  }
}
