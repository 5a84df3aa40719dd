package io.tributary.infra.query;

import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.TributaryException;

/**
 * A statement that could not run, with the one line a user needs (syntax error and position,
 * unknown table...), or a gateway that could not be reached.
 */
public final class SqlException extends TributaryException {
  private static final long serialVersionUID = 1L;

  public SqlException(ErrorCode code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
