package io.tributary.catalog;

import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.TributaryException;

/**
 * The catalog's store cannot be reached or opened (a database that is down, refuses the user, or
 * does not exist); the message names it and says why.
 */
public final class CatalogUnavailableException extends TributaryException {
  public CatalogUnavailableException(String message, Throwable cause) {
    super(ErrorCode.UNAVAILABLE, message, cause);
  }
}
