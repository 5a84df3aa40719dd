package io.tributary.catalog.error;

/**
 * Whose move it is when something fails: what the edges (the CLI, the platform API) tell the
 * caller, and whether they point at the log.
 */
public enum ErrorKind {
  /** The request or a declaration is wrong: the message says what to change. */
  USER,
  /**
   * Something the platform relies on (Kafka, Flink, a database, a port) failed or is out of reach.
   */
  EXTERNAL,
  /** A bug or an unexpected state of the platform itself: the log has the details. */
  INTERNAL
}
