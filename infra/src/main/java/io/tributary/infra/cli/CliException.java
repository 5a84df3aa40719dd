package io.tributary.infra.cli;

/**
 * A command that cannot do what was asked, for a reason the user can act on. Printed as one line,
 * {@code error: <message>}, with exit code 1.
 */
final class CliException extends RuntimeException {
  CliException(String message) {
    super(message);
  }

  CliException(String message, Throwable cause) {
    super(message, cause);
  }
}
