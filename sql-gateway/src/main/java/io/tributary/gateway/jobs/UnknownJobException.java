package io.tributary.gateway.jobs;

import java.util.List;

/** A request named a job the platform does not run. */
public final class UnknownJobException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnknownJobException(String name, List<String> known) {
    super("No job '" + name + "'; jobs: " + (known.isEmpty() ? "none" : String.join(", ", known)));
  }
}
