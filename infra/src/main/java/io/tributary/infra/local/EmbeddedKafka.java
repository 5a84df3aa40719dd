package io.tributary.infra.local;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.TributaryException;
import io.tributary.stream.kafka.KafkaConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real Kafka broker in this JVM, in KRaft combined mode (broker and controller), with its log
 * under a directory that survives restarts: topics and committed offsets are still there when the
 * same directory is started again. The storage is formatted on first start only.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private final Path logDir;

  private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers, Path logDir) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
    this.logDir = logDir;
  }

  /**
   * Starts the broker and waits until it answers.
   *
   * @param logDir where topic data and metadata live; formatted when empty
   * @param host the address to bind and advertise
   * @param port the client port; 0 picks a free one
   */
  public static EmbeddedKafka start(Path logDir, String host, int port) {
    requireNonNull(logDir, "logDir is null");
    requireNonNull(host, "host is null");
    long started = System.nanoTime();
    int clientPort = port == 0 ? freePort(host) : port;
    int controllerPort = freePort(host);
    Properties properties = brokerProperties(logDir, host, clientPort, controllerPort);
    try {
      Files.createDirectories(logDir);
      if (!Files.exists(logDir.resolve("meta.properties"))) {
        format(logDir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare Kafka log directory " + logDir, e);
    }
    KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(properties), Time.SYSTEM);
    String bootstrap = host + ":" + clientPort;
    EmbeddedKafka kafka = new EmbeddedKafka(server, bootstrap, logDir);
    try {
      server.startup();
      kafka.awaitReady();
    } catch (RuntimeException e) {
      kafka.close();
      throw new TributaryException(
          ErrorCode.UNAVAILABLE, "Cannot start Kafka on " + bootstrap + ": " + e.getMessage(), e);
    }
    LOG.info(
        "Kafka broker started on {} (log {}) in {} ms",
        bootstrap,
        logDir,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    return kafka;
  }

  /** How clients reach this broker: plain connections to {@link #bootstrapServers()}. */
  public KafkaConnection connection() {
    return KafkaConnection.of(bootstrapServers);
  }

  /** {@code host:port} for clients. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  public Path logDir() {
    return logDir;
  }

  /** An admin client for this broker; the caller closes it. */
  public Admin admin() {
    Properties properties = new Properties();
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return Admin.create(properties);
  }

  private void awaitReady() {
    try (Admin admin = admin()) {
      admin.describeCluster().nodes().get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for Kafka", e);
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      throw new TributaryException(
          ErrorCode.UNAVAILABLE,
          "Kafka did not answer within " + READY_TIMEOUT.toSeconds() + " s",
          e);
    }
  }

  @Override
  public void close() {
    long started = System.nanoTime();
    server.shutdown();
    server.awaitShutdown();
    LOG.info(
        "Kafka broker {} stopped in {} ms",
        bootstrapServers,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
  }

  private static void format(Path logDir) throws IOException {
    Formatter formatter =
        new Formatter()
            .setNodeId(1)
            .setClusterId(Uuid.randomUuid().toString())
            .setDirectories(Set.of(logDir.toString()))
            .setMetadataLogDirectory(logDir.toString())
            .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
            .setControllerListenerName("CONTROLLER")
            .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    try {
      formatter.run();
    } catch (IOException e) {
      throw e;
    } catch (Exception e) { // Kafka's Formatter.run declares Exception; what it throws is the cause
      throw new IOException("Cannot format Kafka storage in " + logDir + ": " + e.getMessage(), e);
    }
    LOG.info("Formatted Kafka storage in {}", logDir);
  }

  private static Properties brokerProperties(
      Path logDir, String host, int clientPort, int controllerPort) {
    Properties properties = new Properties();
    properties.putAll(
        Map.ofEntries(
            Map.entry("process.roles", "broker,controller"),
            Map.entry("node.id", "1"),
            Map.entry("controller.quorum.voters", "1@" + host + ":" + controllerPort),
            Map.entry(
                "listeners",
                "PLAINTEXT://"
                    + host
                    + ":"
                    + clientPort
                    + ",CONTROLLER://"
                    + host
                    + ":"
                    + controllerPort),
            Map.entry("advertised.listeners", "PLAINTEXT://" + host + ":" + clientPort),
            Map.entry("controller.listener.names", "CONTROLLER"),
            Map.entry("inter.broker.listener.name", "PLAINTEXT"),
            Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
            Map.entry("log.dirs", logDir.toString()),
            Map.entry("num.partitions", "1"),
            Map.entry("auto.create.topics.enable", "false"),
            Map.entry("offsets.topic.replication.factor", "1"),
            Map.entry("offsets.topic.num.partitions", "4"),
            Map.entry("transaction.state.log.replication.factor", "1"),
            Map.entry("transaction.state.log.min.isr", "1"),
            Map.entry("transaction.state.log.num.partitions", "4"),
            Map.entry("share.coordinator.state.topic.replication.factor", "1"),
            Map.entry("share.coordinator.state.topic.min.isr", "1"),
            Map.entry("group.initial.rebalance.delay.ms", "0"),
            Map.entry("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024))));
    return properties;
  }

  private static int freePort(String host) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot find a free port on " + host, e);
    }
  }
}
