package io.tributary.stream.produce;

/**
 * A produce run that cannot start or did not complete: unknown or unreadable file, missing topic,
 * Kafka out of reach, records Kafka did not acknowledge. The message is meant for the user as is.
 */
public final class ProduceException extends Exception {
  public ProduceException(String message) {
    super(message);
  }

  public ProduceException(String message, Throwable cause) {
    super(message, cause);
  }
}
