package io.tributary.catalog.glue;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * moto_server (on this machine image) on 127.0.0.1: S3 and Glue's protocols for the real SDK and
 * Iceberg code, no AWS account. One server answers both, in region {@value #REGION}. The SDK's
 * default credential chain finds the dummy keys in system properties, which {@link #start} sets.
 */
public final class MotoServer implements AutoCloseable {
  public static final String REGION = "us-east-1";

  private final Process process;
  private final URI endpoint;

  private MotoServer(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  /** Starts the server, logging to {@code log}, and waits until it answers. */
  public static MotoServer start(Path log) throws IOException {
    System.setProperty("aws.accessKeyId", "testing");
    System.setProperty("aws.secretAccessKey", "testing");
    System.setProperty("aws.region", REGION);
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Process process;
    try {
      process =
          new ProcessBuilder(
                  List.of("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port)))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "Cannot start moto_server (S3 and Glue stand-in); is it on the PATH? " + e.getMessage(),
          e);
    }
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    MotoServer moto = new MotoServer(process, endpoint);
    await("moto_server to answer on " + endpoint)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(
            () -> {
              HttpURLConnection connection =
                  (HttpURLConnection) endpoint.resolve("/moto-api/").toURL().openConnection();
              return connection.getResponseCode() < 500;
            });
    return moto;
  }

  public URI endpoint() {
    return endpoint;
  }

  public S3Client s3() {
    return S3Client.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .endpointOverride(endpoint)
        .region(Region.of(REGION))
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .build();
  }

  public GlueClient glue() {
    return GlueClient.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .endpointOverride(endpoint)
        .region(Region.of(REGION))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .build();
  }

  /** Creates an S3 bucket. */
  public void createBucket(String bucket) {
    try (S3Client s3 = s3()) {
      s3.createBucket(r -> r.bucket(bucket));
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
