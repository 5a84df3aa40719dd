package io.tributary.stream.produce;

import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.TributaryException;

/**
 * A produce run that cannot start or did not complete: unknown or unreadable file, missing topic,
 * Kafka out of reach, records Kafka did not acknowledge. The message is meant for the user as is.
 */
public final class ProduceException extends TributaryException {
  private static final long serialVersionUID = 1L;

  public ProduceException(ErrorCode code, String message) {
    super(code, message);
  }

  public ProduceException(ErrorCode code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
