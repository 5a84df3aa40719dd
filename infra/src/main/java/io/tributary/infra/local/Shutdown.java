package io.tributary.infra.local;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's parts in the order they started, closed in the reverse order: what came up last
 * (the API, which lets requests in) goes down first, what everything needs (Kafka, the catalog's
 * store, the data dir's lock) last. A part that fails to close does not keep the others open; the
 * first failure is thrown, the others suppressed into it.
 */
final class Shutdown implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Shutdown.class);

  private record Part(String name, AutoCloseable closeable) {}

  private final Deque<Part> parts = new ArrayDeque<>();

  /** Registers {@code part}, started now, to be closed before everything registered earlier. */
  <T extends AutoCloseable> T add(String name, T part) {
    parts.push(new Part(name, part));
    return part;
  }

  @Override
  public void close() throws Exception {
    Exception failure = null;
    while (!parts.isEmpty()) {
      Part part = parts.pop();
      try {
        part.closeable().close();
      } catch (Exception e) { // AutoCloseable.close declares Exception; each part must still close
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        LOG.warn("Cannot close {}", part.name(), e);
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Closes everything after a failed start, adding what fails to close to {@code cause}. */
  void closeAfter(Throwable cause) {
    try {
      close();
    } catch (Exception e) { // reported with the start's own failure, which is what the user sees
      cause.addSuppressed(e);
    }
  }
}
