package io.tributary.infra.local;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.catalog.CatalogBackend;
import io.tributary.catalog.LakeCatalogConfig;
import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.TributaryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trino, the engine behind Athena, in a process of its own beside the platform, reading the lake
 * through the REST catalog: started by {@code infra/local/trino/trino.sh}, which fetches Trino into
 * a cache on first use and runs it with Java 25. Closing stops the process.
 */
public final class EmbeddedTrino implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedTrino.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Where the launcher script is, under the Tributary checkout. */
  public static final Path SCRIPT = Path.of("infra", "local", "trino", "trino.sh");

  private final URI uri;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private ChildServer server;

  private EmbeddedTrino(URI uri) {
    this.uri = uri;
  }

  /**
   * Starts Trino and waits until it accepts queries.
   *
   * @param script the launcher, {@code <checkout>/infra/local/trino/trino.sh}
   * @param catalog the Iceberg REST catalog to read, as catalog {@code lake}
   * @param port Trino's HTTP port on 127.0.0.1
   * @param workDir Trino's configuration and data
   * @param log where Trino's output goes
   * @param timeout how long to wait, downloads included
   */
  public static EmbeddedTrino start(
      Path script, URI catalog, int port, Path workDir, Path log, Duration timeout)
      throws IOException, InterruptedException {
    return start(script, LakeCatalogConfig.rest(catalog), port, workDir, log, timeout);
  }

  /**
   * Starts Trino on the lake's own catalog: the REST catalog, or Glue with the tables on S3 as
   * Athena reads them (credentials from the AWS SDK's system properties or environment).
   */
  public static EmbeddedTrino start(
      Path script, LakeCatalogConfig lake, int port, Path workDir, Path log, Duration timeout)
      throws IOException, InterruptedException {
    requireNonNull(script, "script is null");
    requireNonNull(lake, "lake is null");
    String catalog = lake.backend() == CatalogBackend.GLUE ? "glue" : lake.uri();
    if (!Files.isExecutable(script)) {
      throw new TributaryException(
          ErrorCode.UNAVAILABLE, "Cannot start Trino: no launcher at " + script);
    }
    List<String> command = new ArrayList<>(List.of(script.toString(), "--version", version()));
    ProcessBuilder builder = new ProcessBuilder(command);
    if (lake.backend() == CatalogBackend.GLUE) {
      command.addAll(List.of("--glue-region", lake.awsRegion().orElseThrow()));
      lake.awsEndpoint()
          .ifPresent(endpoint -> command.addAll(List.of("--aws-endpoint", endpoint.toString())));
      // keys the SDK would take from system properties go to Trino as its environment
      Optional.ofNullable(System.getProperty("aws.accessKeyId"))
          .ifPresent(key -> builder.environment().putIfAbsent("AWS_ACCESS_KEY_ID", key));
      Optional.ofNullable(System.getProperty("aws.secretAccessKey"))
          .ifPresent(key -> builder.environment().putIfAbsent("AWS_SECRET_ACCESS_KEY", key));
    } else {
      command.addAll(List.of("--catalog-uri", lake.uri()));
    }
    command.addAll(List.of("--port", Integer.toString(port), "--work-dir", workDir.toString()));
    URI uri = URI.create("http://127.0.0.1:" + port);
    EmbeddedTrino trino = new EmbeddedTrino(uri);
    trino.server = ChildServer.start("Trino", builder.command(command), log, trino::ready, timeout);
    LOG.info("Trino ready at {} (catalog lake over {})", uri, catalog);
    return trino;
  }

  /** The Trino release to run: the root pom's {@code trino.version}. */
  public static String version() {
    Properties versions = new Properties();
    try (InputStream in = EmbeddedTrino.class.getResourceAsStream("versions.properties")) {
      if (in == null) {
        throw new IllegalStateException("versions.properties is missing from the build");
      }
      versions.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read versions.properties", e);
    }
    return versions.getProperty("trino.version");
  }

  /** Trino's HTTP address, {@code http://127.0.0.1:8090}. */
  public URI uri() {
    return uri;
  }

  /** The JDBC URL of catalog {@code lake}. */
  public String jdbcUrl() {
    return "jdbc:trino://127.0.0.1:" + uri.getPort() + "/lake";
  }

  /** Whether Trino has started and its one node is active. */
  private boolean ready() throws IOException, InterruptedException {
    HttpRequest info =
        HttpRequest.newBuilder(uri.resolve("/v1/info")).timeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> response = http.send(info, HttpResponse.BodyHandlers.ofString());
    return response.statusCode() == 200
        && response.body().contains("\"starting\":false")
        && nodeActive(http);
  }

  /**
   * Runs {@code sql} through Trino's client protocol (as user {@code tributary}) and returns its
   * rows, each value as text ({@code null} for SQL NULL): what a benchmark needs without a JDBC
   * driver on the platform's class path.
   *
   * @throws TributaryException when Trino answers with an error
   */
  public List<List<String>> query(String sql) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode row : rowsOnceANodeIsActive(http, sql)) {
      List<String> values = new ArrayList<>();
      row.forEach(v -> values.add(v.isNull() ? null : v.asText()));
      rows.add(values);
    }
    return rows;
  }

  /**
   * The rows of {@code sql}; while Trino says it has no node to run it on (its one node, also the
   * coordinator, misses announcements when the machine is loaded), asked again for up to a minute.
   */
  private List<JsonNode> rowsOnceANodeIsActive(HttpClient http, String sql)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (true) {
      try {
        return rows(http, sql, Duration.ofMinutes(10));
      } catch (TributaryException e) {
        if (!e.getMessage().contains("No nodes available") || System.nanoTime() > deadline) {
          throw e;
        }
        LOG.info("Trino has no active node yet; asking again");
        TimeUnit.MILLISECONDS.sleep(500);
      }
    }
  }

  /**
   * Whether the coordinator has announced itself as a worker too: right after start-up Trino
   * answers queries with "No nodes available" for a moment.
   */
  private boolean nodeActive(HttpClient http) throws IOException, InterruptedException {
    try {
      List<JsonNode> rows =
          rows(
              http,
              "SELECT count(*) FROM system.runtime.nodes WHERE state = 'active'",
              Duration.ofSeconds(10));
      return !rows.isEmpty() && rows.get(0).get(0).asLong() > 0;
    } catch (TributaryException notYet) {
      return false;
    }
  }

  /** The rows of {@code sql}, following Trino's statement API page by page. */
  private List<JsonNode> rows(HttpClient http, String sql, Duration timeout)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(uri.resolve("/v1/statement"))
            .timeout(timeout)
            .header("X-Trino-User", "tributary")
            .POST(HttpRequest.BodyPublishers.ofString(sql))
            .build();
    List<JsonNode> rows = new ArrayList<>();
    while (true) {
      JsonNode page =
          JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
      if (page.has("error")) {
        throw new TributaryException(
            ErrorCode.EXTERNAL_FAILURE,
            "Trino refused the query: " + page.path("error").path("message").asText());
      }
      page.path("data").forEach(rows::add);
      String next = page.path("nextUri").asText("");
      if (next.isEmpty()) {
        return rows;
      }
      request =
          HttpRequest.newBuilder(URI.create(next))
              .timeout(timeout)
              .header("X-Trino-User", "tributary")
              .build();
    }
  }

  @Override
  public void close() throws InterruptedException {
    server.close();
    LOG.info("Trino at {} stopped", uri);
  }
}
