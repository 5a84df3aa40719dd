package io.tributary.infra.local;

import io.tributary.feature.dynamodb.OnlineStoreConfig;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The embedded platform in a JVM of its own, as {@link TestPlatforms#config} starts it with the
 * feature groups of a directory, so that a test can kill it as a crash would: SIGKILL, no
 * savepoint, no shutdown hook, its local servers left to notice on their own that it is gone.
 *
 * <p>{@link #main} starts the platform and prints {@code READY <kafka bootstrap> <dynamodb
 * endpoint> <catalog>}; it stops cleanly when its standard input closes.
 */
public final class PlatformProcess implements AutoCloseable {
  private static final String READY = "READY ";

  private final Process process;
  private final String kafkaBootstrap;
  private final URI dynamoDb;
  private final URI catalog;
  private List<ProcessHandle> children = List.of();

  private PlatformProcess(Process process, String kafkaBootstrap, URI dynamoDb, URI catalog) {
    this.process = process;
    this.kafkaBootstrap = kafkaBootstrap;
    this.dynamoDb = dynamoDb;
    this.catalog = catalog;
  }

  /** Starts the platform on {@code dataDir} and waits (at most three minutes) until it is up. */
  public static PlatformProcess start(Path dataDir, Path featuresDir) throws IOException {
    return start(dataDir, featuresDir, Optional.empty());
  }

  /**
   * As {@link #start(Path, Path)}, with the sources of {@code sourcesDir} instead of the examples.
   */
  public static PlatformProcess start(Path dataDir, Path featuresDir, Optional<Path> sourcesDir)
      throws IOException {
    return start(dataDir, featuresDir, sourcesDir, Optional.empty());
  }

  /**
   * As {@link #start(Path, Path, Optional)}, with {@code up --kinesis-endpoint} for the sources on
   * Kinesis that name no endpoint.
   */
  public static PlatformProcess start(
      Path dataDir, Path featuresDir, Optional<Path> sourcesDir, Optional<URI> kinesisEndpoint)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (argument.startsWith("--add-opens")
          || argument.startsWith("--add-exports")
          || argument.startsWith("-Dtributary.")) {
        command.add(argument);
      }
    }
    String home = System.getProperty("tributary.home");
    if (home != null) {
      command.add("-Dtributary.home=" + home);
    }
    command.add("-cp");
    command.add(
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
            .replace(':', File.pathSeparatorChar));
    command.add(PlatformProcess.class.getName());
    command.add(dataDir.toAbsolutePath().toString());
    command.add(featuresDir.toAbsolutePath().toString());
    command.add(sourcesDir.map(dir -> dir.toAbsolutePath().toString()).orElse("-"));
    kinesisEndpoint.ifPresent(endpoint -> command.add(endpoint.toString()));
    Files.createDirectories(dataDir);
    Path log = dataDir.resolve("platform-process.log");
    Process process =
        new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    Optional<String> ready = ChildJvm.awaitReady(process, READY, Duration.ofMinutes(3));
    if (ready.isPresent()) {
      String[] parts = ready.get().split(" ");
      return new PlatformProcess(process, parts[0], URI.create(parts[1]), URI.create(parts[2]));
    }
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    throw new IllegalStateException("The platform's JVM did not start; see " + log);
  }

  public String kafkaBootstrap() {
    return kafkaBootstrap;
  }

  /** The platform's REST catalog, through which a test reads the lake. */
  public URI catalog() {
    return catalog;
  }

  public OnlineStoreConfig onlineStore() {
    return OnlineStoreConfig.local(dynamoDb);
  }

  /**
   * Kills the platform's JVM with SIGKILL, as a crash would, and waits until it is gone. Its local
   * servers are not touched: they must stop by themselves when their parent is gone.
   */
  public void kill() throws InterruptedException {
    // once the JVM is gone, what it started is no longer its descendant: look before
    children = process.descendants().toList();
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** The processes the platform had started when it was killed that are still running. */
  public List<ProcessHandle> leftBehind() {
    return children.stream().filter(ProcessHandle::isAlive).toList();
  }

  @Override
  public void close() throws InterruptedException {
    // whatever a failed test leaves, no server outlives it
    children.forEach(ProcessHandle::destroyForcibly);
    if (process.isAlive()) {
      try {
        process.getOutputStream().close();
      } catch (IOException e) {
        // gone already
      }
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  /**
   * Runs the platform: {@code <data dir> <features dir> <sources dir or -> [<kinesis endpoint>]}.
   */
  public static void main(String[] args) {
    try {
      LocalConfig config =
          (args[2].equals("-")
                  ? TestPlatforms.config(Path.of(args[0]))
                  : TestPlatforms.config(Path.of(args[0]), List.of(Path.of(args[2]))))
              .withFeatures(List.of(Path.of(args[1])));
      if (args.length > 3) {
        config = config.withKinesisEndpoint(URI.create(args[3]));
      }
      try (LocalPlatform platform = LocalPlatform.start(config, line -> {})) {
        System.out.println(
            READY
                + platform.kafkaBootstrap()
                + " "
                + platform.onlineStore().endpoint().orElseThrow()
                + " "
                + platform.lake().config().uri());
        System.out.flush();
        while (System.in.read() >= 0) {
          // runs until the test closes our standard input
        }
      }
      System.exit(0);
    } catch (Throwable e) {
      e.printStackTrace();
      // the platform's threads would keep a failed JVM alive
      System.exit(1);
    }
  }
}
