package io.tributary.catalog.error;

import static java.util.Objects.requireNonNull;

/**
 * What went wrong, in the few categories the edges render differently (the platform API maps each
 * to one HTTP status); each belongs to one {@link ErrorKind}.
 */
public enum ErrorCode {
  /** A declaration (YAML, SQL, token file) is wrong; the message names the file, line and field. */
  INVALID_DECLARATION(ErrorKind.USER),
  /** An option, argument or request body is wrong. */
  INVALID_REQUEST(ErrorKind.USER),
  /** The request names something that does not exist: a job, pipeline, source or table. */
  NOT_FOUND(ErrorKind.USER),
  /** The caller is known but may not do this. */
  FORBIDDEN(ErrorKind.USER),
  /**
   * The platform's state refuses the request now (a stopped job, state that does not fit a new
   * version, a day still open); the message says what would change that.
   */
  CONFLICT(ErrorKind.USER),
  /** No platform runs where the command looked for one. */
  NOT_RUNNING(ErrorKind.USER),
  /**
   * Something the platform needs does not answer or cannot be used: a cluster, a port, a database.
   */
  UNAVAILABLE(ErrorKind.EXTERNAL),
  /** Work the platform handed on (a Flink job, a Kafka write) failed there. */
  EXTERNAL_FAILURE(ErrorKind.EXTERNAL),
  /** The platform's own fault. */
  INTERNAL(ErrorKind.INTERNAL);

  private final ErrorKind kind;

  ErrorCode(ErrorKind kind) {
    this.kind = requireNonNull(kind, "kind is null");
  }

  public ErrorKind kind() {
    return kind;
  }
}
