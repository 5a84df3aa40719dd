package io.tributary.infra.local;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server in a process of its own, started by one of the {@code infra/local} scripts (which stop
 * it when this JVM exits, see {@code child.sh}), its output in a log file: waits until it is ready,
 * says with the log's last lines why it is not, and stops it on close.
 */
public final class ChildServer implements AutoCloseable {
  /** Whether the server answers yet; an {@link IOException} counts as not yet. */
  @FunctionalInterface
  public interface Probe {
    boolean ready() throws IOException, InterruptedException;
  }

  private final String name;
  private final Process process;
  private final Path log;

  private ChildServer(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code command}, its output (both streams) to {@code log}, and waits until {@code
   * ready}; stops it again when it does not get there within {@code timeout}.
   *
   * @param name what the server is, for messages: {@code Trino}
   */
  public static ChildServer start(
      String name, ProcessBuilder command, Path log, Probe ready, Duration timeout)
      throws IOException, InterruptedException {
    requireNonNull(name, "name is null");
    requireNonNull(ready, "ready is null");
    Files.createDirectories(log.toAbsolutePath().getParent());
    Process process = command.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    ChildServer server = new ChildServer(name, process, log);
    try {
      server.await(ready, timeout);
    } catch (IOException | InterruptedException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  private void await(Probe ready, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(
            name
                + " exited with code "
                + process.exitValue()
                + " while starting; last lines of "
                + log
                + ":\n"
                + tail());
      }
      try {
        if (ready.ready()) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      TimeUnit.MILLISECONDS.sleep(250);
    }
    throw new IOException(
        name
            + " did not start within "
            + timeout.toSeconds()
            + " s; last lines of "
            + log
            + ":\n"
            + tail());
  }

  /** The last 20 lines of the server's log. */
  public String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  /** Stops the server: SIGTERM, then after 30 s SIGKILL. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
