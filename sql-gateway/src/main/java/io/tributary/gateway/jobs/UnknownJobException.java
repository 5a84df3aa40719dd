package io.tributary.gateway.jobs;

import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.TributaryException;
import java.util.List;

/** A request named a job (or pipeline) the platform does not run: a 404. */
public final class UnknownJobException extends TributaryException {
  private static final long serialVersionUID = 1L;

  public UnknownJobException(String name, List<String> known) {
    super(
        ErrorCode.NOT_FOUND,
        "No job '" + name + "'; jobs: " + (known.isEmpty() ? "none" : String.join(", ", known)));
  }

  /** A refusal in words of its own: no such pipeline, say. */
  public UnknownJobException(String message) {
    super(ErrorCode.NOT_FOUND, message);
  }
}
