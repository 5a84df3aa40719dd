package io.tributary.infra.remote;

import io.tributary.infra.local.ChildJvm;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

/**
 * A Flink cluster in a JVM of its own whose classpath holds Flink and nothing of Tributary: no job
 * code, no Kafka connector, no Iceberg, no Jackson. Jobs that run on it prove that they carry what
 * they need (the job jar), as they must on a real cluster.
 *
 * <p>{@link #main} runs the cluster and prints {@code READY <rest address>}; it stops when its
 * standard input closes, so it never outlives the test JVM.
 */
public final class SeparateFlinkCluster implements AutoCloseable {
  private static final String READY = "READY ";

  /**
   * Class path entries the cluster's JVM must not see, Tributary and what the job jar carries: by
   * directory ({@code /...}) or by jar name prefix.
   */
  private static final List<String> LEFT_OUT =
      List.of(
          "/io/tributary/",
          "/catalog/target/",
          "/stream-jobs/target/",
          "/sql-gateway/target/",
          "/infra/target/classes",
          "/infra/target/tributary",
          "iceberg-",
          "flink-connector-kafka",
          "sqlite-jdbc",
          "postgresql",
          "kafka-clients",
          "kafka_2",
          "kafka-server",
          "kafka-metadata",
          "kafka-raft",
          "kafka-storage",
          "kafka-group",
          "kafka-transaction",
          "kafka-share",
          "kafka-coordinator",
          "kafka-test",
          "hadoop-client",
          "jackson-",
          "trino",
          "openlineage");

  private final Process process;
  private final URI restAddress;

  private SeparateFlinkCluster(Process process, URI restAddress) {
    this.process = process;
    this.restAddress = restAddress;
  }

  /** Starts the cluster's JVM and waits (at most two minutes) until its REST API answers. */
  public static SeparateFlinkCluster start(Path workDir, int slots) throws Exception {
    return start(workDir, slots, Map.of());
  }

  /**
   * As {@link #start(Path, int)}, with these system properties in the cluster's JVM (such as the
   * AWS SDK's dummy credentials for a local stand-in of AWS).
   */
  public static SeparateFlinkCluster start(
      Path workDir, int slots, Map<String, String> systemProperties) throws Exception {
    Files.createDirectories(workDir);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
    // the module flags Flink needs on Java 17, as this JVM got them
    for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (argument.startsWith("--add-opens") || argument.startsWith("--add-exports")) {
        command.add(argument);
      }
    }
    command.add("-cp");
    command.add(String.join(File.pathSeparator, flinkOnlyClassPath()));
    command.add(SeparateFlinkCluster.class.getName());
    command.add(workDir.toAbsolutePath().toString());
    command.add(Integer.toString(slots));
    Process process =
        new ProcessBuilder(command).redirectError(workDir.resolve("cluster.log").toFile()).start();
    Optional<String> ready = ChildJvm.awaitReady(process, READY, Duration.ofMinutes(2));
    if (ready.isPresent()) {
      return new SeparateFlinkCluster(process, URI.create(ready.get()));
    }
    process.destroyForcibly();
    throw new IllegalStateException(
        "The separate Flink cluster did not start; see " + workDir.resolve("cluster.log"));
  }

  /** The test JVM's class path without Tributary's classes and the job jar's libraries. */
  static List<String> flinkOnlyClassPath() {
    String full =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> kept = new ArrayList<>();
    for (String entry : full.split(File.pathSeparator)) {
      String path = entry.replace('\\', '/');
      String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
      boolean leftOut =
          LEFT_OUT.stream()
              .anyMatch(part -> part.startsWith("/") ? path.contains(part) : name.startsWith(part));
      if (!leftOut && !entry.isBlank()) {
        kept.add(entry);
      }
    }
    return kept;
  }

  public URI restAddress() {
    return restAddress;
  }

  @Override
  public void close() throws Exception {
    process.getOutputStream().close();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Runs the cluster: {@code <work dir> <slots>}. */
  public static void main(String[] args) {
    try {
      run(args);
      System.exit(0);
    } catch (Throwable e) {
      e.printStackTrace();
      // Flink's threads would keep a failed JVM alive
      System.exit(1);
    }
  }

  private static void run(String[] args) throws Exception {
    Path workDir = Path.of(args[0]);
    int slots = Integer.parseInt(args[1]);
    // nothing of Tributary may be on this JVM's classpath, or the test proves nothing
    for (String forbidden :
        Arrays.asList(
            "io.tributary.stream.landing.LandingJob",
            "org.apache.iceberg.flink.sink.FlinkSink",
            "org.apache.flink.connector.kafka.source.KafkaSource",
            "com.fasterxml.jackson.databind.ObjectMapper")) {
      if (classExists(forbidden)) {
        throw new IllegalStateException(forbidden + " is on the separate cluster's classpath");
      }
    }
    Configuration configuration = new Configuration();
    configuration.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    configuration.set(RestOptions.ADDRESS, "127.0.0.1");
    configuration.set(RestOptions.BIND_PORT, "0");
    configuration.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(64));
    configuration.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.ofMebiBytes(64));
    configuration.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.ofMebiBytes(64));
    configuration.setString("io.tmp.dirs", workDir.resolve("tmp").toString());
    configuration.setString("blob.storage.directory", workDir.resolve("blobs").toString());
    try (MiniCluster cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(configuration)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .setCommonBindAddress("127.0.0.1")
                .build())) {
      cluster.start();
      System.out.println(READY + cluster.getRestAddress().get(60, TimeUnit.SECONDS));
      System.out.flush();
      // runs until the parent closes our standard input (or dies)
      while (System.in.read() >= 0) {
        // ignore input
      }
    }
  }

  private static boolean classExists(String name) {
    try {
      Class.forName(name, false, SeparateFlinkCluster.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    } catch (LinkageError e) {
      return true;
    }
  }
}
