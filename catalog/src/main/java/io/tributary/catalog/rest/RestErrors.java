package io.tributary.catalog.rest;

import java.util.Map;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchIcebergTableException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.exceptions.UnprocessableEntityException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.rest.responses.ErrorResponse;

/**
 * The HTTP status of each exception a catalog call throws, as the REST specification and Iceberg's
 * client expect them (the client maps them back to the same exceptions).
 */
final class RestErrors {
  private static final Map<Class<? extends Exception>, Integer> STATUS =
      Map.ofEntries(
          Map.entry(IllegalArgumentException.class, 400),
          Map.entry(BadRequestException.class, 400),
          Map.entry(ValidationException.class, 400),
          Map.entry(NamespaceNotEmptyException.class, 409),
          Map.entry(NotAuthorizedException.class, 401),
          Map.entry(ForbiddenException.class, 403),
          Map.entry(NoSuchNamespaceException.class, 404),
          Map.entry(NoSuchTableException.class, 404),
          Map.entry(NoSuchViewException.class, 404),
          Map.entry(NoSuchIcebergTableException.class, 404),
          Map.entry(NotFoundException.class, 404),
          Map.entry(UnsupportedOperationException.class, 406),
          Map.entry(AlreadyExistsException.class, 409),
          Map.entry(CommitFailedException.class, 409),
          Map.entry(UnprocessableEntityException.class, 422),
          Map.entry(CommitStateUnknownException.class, 500));

  private RestErrors() {}

  static int status(Exception e) {
    return STATUS.getOrDefault(e.getClass(), 500);
  }

  static ErrorResponse of(Exception e) {
    return ErrorResponse.builder()
        .responseCode(status(e))
        .withType(e.getClass().getSimpleName())
        .withMessage(e.getMessage())
        .build();
  }

  static ErrorResponse of(int status, String type, String message) {
    return ErrorResponse.builder().responseCode(status).withType(type).withMessage(message).build();
  }
}
