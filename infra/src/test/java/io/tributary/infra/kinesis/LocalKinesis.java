package io.tributary.infra.kinesis;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * kinesis-local (kinesis-mock, npm) on 127.0.0.1, started by {@code
 * infra/local/kinesis/kinesis-local.sh} as a child of the test's JVM: the Kinesis protocol, real
 * SDK calls, no AWS account. Closing stops it.
 */
final class LocalKinesis implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  private final Process process;
  private final URI endpoint;
  private final KinesisClient client;

  private LocalKinesis(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
    this.client =
        KinesisClient.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .region(Region.US_EAST_1)
            .endpointOverride(endpoint)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
            .build();
  }

  /** Starts the server and waits (installing it first, if need be) until it answers. */
  static LocalKinesis start(Path log) throws IOException {
    Path home = Path.of(System.getProperty("tributary.home", "..")).toAbsolutePath().normalize();
    Path script = home.resolve(Path.of("infra", "local", "kinesis", "kinesis-local.sh"));
    String version = System.getProperty("tributary.kinesis-local.version");
    if (version == null) {
      throw new IllegalStateException(
          "System property tributary.kinesis-local.version is not set (infra's failsafe sets it)");
    }
    int port = freePort();
    Files.createDirectories(log.getParent());
    Process process =
        new ProcessBuilder(
                List.of(
                    "bash",
                    script.toString(),
                    "--version",
                    version,
                    "--port",
                    Integer.toString(port),
                    "--tls-port",
                    Integer.toString(freePort())))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    LocalKinesis kinesis = new LocalKinesis(process, URI.create("http://127.0.0.1:" + port));
    try {
      await("kinesis-local to answer on port " + port + " (log: " + log + ")")
          .atMost(START_TIMEOUT)
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptionsInstanceOf(SdkException.class)
          .until(
              () -> {
                if (!process.isAlive()) {
                  throw new IllegalStateException(
                      "kinesis-local exited with " + process.exitValue() + "; see " + log);
                }
                kinesis.client.listStreams(r -> {});
                return true;
              });
    } catch (RuntimeException e) {
      kinesis.close();
      throw e;
    }
    return kinesis;
  }

  URI endpoint() {
    return endpoint;
  }

  KinesisClient client() {
    return client;
  }

  /** Creates {@code stream} with {@code shards} shards and waits until it is active. */
  void createStream(String stream, int shards) {
    client.createStream(r -> r.streamName(stream).shardCount(shards));
    awaitActive(stream);
  }

  void awaitActive(String stream) {
    await("stream " + stream + " to be active")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                client
                        .describeStreamSummary(r -> r.streamName(stream))
                        .streamDescriptionSummary()
                        .streamStatus()
                    == StreamStatus.ACTIVE);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    client.close();
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
