package io.tributary.catalog.error;

import static java.util.Objects.requireNonNull;

/**
 * A failure with a code, and so a kind: the exception type the edges render (the CLI as one line
 * and an exit code, the platform API as a status and a JSON error). Its message is written for the
 * person who reads it there, as it is.
 *
 * <p>Anything else that reaches an edge is {@link ErrorCode#INTERNAL}: {@link #codeOf} says so.
 */
public class TributaryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public TributaryException(ErrorCode code, String message) {
    this(code, message, null);
  }

  public TributaryException(ErrorCode code, String message, Throwable cause) {
    super(requireNonNull(message, "message is null"), cause);
    this.code = requireNonNull(code, "code is null");
  }

  public ErrorCode code() {
    return code;
  }

  public ErrorKind kind() {
    return code.kind();
  }

  /**
   * The code of {@code error}: its own if it is a {@link TributaryException} or an {@link
   * InvalidValueException}, else {@link ErrorCode#INTERNAL}: anything else is unexpected.
   */
  public static ErrorCode codeOf(Throwable error) {
    if (error instanceof TributaryException known) {
      return known.code();
    }
    if (error instanceof InvalidValueException invalid) {
      return invalid.code();
    }
    return ErrorCode.INTERNAL;
  }
}
