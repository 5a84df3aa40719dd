package io.tributary.feature.dynamodb;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The local DynamoDB-compatible server: dynalite, started by {@code infra/local/dynalite/
 * dynalite.sh} as a child process with its LevelDB data in a directory of its own, so items survive
 * a restart. Closing stops it (and the Node.js process under the script).
 */
public final class LocalDynamoDb implements AutoCloseable {
  /** How long the first start may take: it may install dynalite from npm first. */
  static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  private final Process process;
  private final URI endpoint;

  private LocalDynamoDb(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  /**
   * Starts dynalite on {@code host:port} (0 picks a free port) and returns once it answers.
   *
   * @param script the launcher, {@code <checkout>/infra/local/dynalite/dynalite.sh}
   * @param log where its output goes
   */
  public static LocalDynamoDb start(Path script, Path dataDir, String host, int port, Path log) {
    requireNonNull(script, "script is null");
    if (!Files.isRegularFile(script)) {
      throw new IllegalStateException(
          "Cannot start the local DynamoDB: no launcher at "
              + script.toAbsolutePath()
              + " (run from the checkout, or through bin/tributary)");
    }
    int bound = port == 0 ? freePort(host) : port;
    Process process;
    try {
      Files.createDirectories(dataDir);
      Files.createDirectories(log.getParent());
      process =
          new ProcessBuilder(
                  List.of(
                      "bash",
                      script.toAbsolutePath().toString(),
                      "--version",
                      version(),
                      "--host",
                      host,
                      "--port",
                      Integer.toString(bound),
                      "--path",
                      dataDir.toAbsolutePath().toString()))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the local DynamoDB: " + e.getMessage(), e);
    }
    URI endpoint = URI.create("http://" + host + ":" + bound);
    LocalDynamoDb local = new LocalDynamoDb(process, endpoint);
    try {
      local.awaitAnswering(log);
    } catch (RuntimeException e) {
      local.close();
      throw e;
    }
    return local;
  }

  public URI endpoint() {
    return endpoint;
  }

  private void awaitAnswering(Path log) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    try (OnlineStore store = OnlineStore.connect(OnlineStoreConfig.local(endpoint))) {
      while (true) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "The local DynamoDB (dynalite) exited with "
                  + process.exitValue()
                  + ": "
                  + tail(log));
        }
        try {
          store.listTables();
          return;
        } catch (SdkException e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                "The local DynamoDB does not answer on "
                    + endpoint
                    + " after "
                    + START_TIMEOUT.toSeconds()
                    + " s: "
                    + tail(log),
                e);
          }
        }
        TimeUnit.MILLISECONDS.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while the local DynamoDB started", e);
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    } catch (IOException e) {
      return "(no log at " + log + ")";
    }
  }

  /** The dynalite release to run: the root pom's {@code dynalite.version}. */
  static String version() {
    Properties versions = new Properties();
    try (InputStream in = LocalDynamoDb.class.getResourceAsStream("versions.properties")) {
      if (in == null) {
        throw new IllegalStateException("versions.properties is missing from the build");
      }
      versions.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return versions.getProperty("dynalite.version");
  }

  private static int freePort(String host) {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName(host))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port on " + host, e);
    }
  }

  /** Stops the server: the script's children first (Node.js), then the script. */
  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
