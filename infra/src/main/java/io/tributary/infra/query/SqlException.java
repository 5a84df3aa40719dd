package io.tributary.infra.query;

/**
 * A statement that could not run, with the one line a user needs (syntax error and position,
 * unknown table...).
 */
public final class SqlException extends Exception {
  public SqlException(String message, Throwable cause) {
    super(message, cause);
  }
}
