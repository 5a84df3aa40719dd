package io.tributary.infra.cli;

import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.TributaryException;

/**
 * A command that cannot do what was asked, for a reason the user can act on. Printed as one line,
 * {@code error: <message>}, with exit code 1.
 */
final class CliException extends TributaryException {
  private static final long serialVersionUID = 1L;

  /** A wrong argument or option. */
  CliException(String message) {
    super(ErrorCode.INVALID_REQUEST, message);
  }

  CliException(ErrorCode code, String message) {
    super(code, message);
  }

  CliException(ErrorCode code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
