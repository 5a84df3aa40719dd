package io.tributary.catalog;

/**
 * The catalog's store cannot be reached or opened (a database that is down, refuses the user, or
 * does not exist); the message names it and says why.
 */
public final class CatalogUnavailableException extends RuntimeException {
  public CatalogUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
