package io.tributary.infra.bench;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.TributaryException;
import io.tributary.infra.local.ChildServer;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Apache Iceberg's own Kafka Connect sink ({@code iceberg-kafka-connect}) in a Kafka Connect worker
 * of its own, started by {@code infra/local/kafka-connect/connect.sh}: what a user would run to
 * land a topic in Iceberg without Flink. It runs in a child process because its Iceberg is the
 * unshaded one, which cannot share a class path with the Flink runtime bundle the platform runs.
 * Connectors are created and removed through the worker's REST API; closing stops the worker.
 */
final class IcebergConnectSink implements AutoCloseable {
  /** Where the launcher script is, under the Tributary checkout. */
  static final Path SCRIPT = Path.of("infra", "local", "kafka-connect", "connect.sh");

  /**
   * How one connector's run ended: its time from creation until the table held the rows asked for
   * (or until it failed), the rows committed and, when its task failed, why.
   */
  record Outcome(Duration took, long rows, Optional<String> failure) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI rest;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private ChildServer worker;

  private IcebergConnectSink(URI rest) {
    this.rest = rest;
  }

  /**
   * Starts a standalone worker on the broker at {@code bootstrap} and waits until its REST API
   * answers.
   *
   * @param script the launcher, {@code <checkout>/infra/local/kafka-connect/connect.sh}
   * @param workDir the worker's configuration and offsets
   * @param timeout how long to wait, the first resolution of its class path included
   */
  static IcebergConnectSink start(Path script, String bootstrap, Path workDir, Duration timeout)
      throws IOException, InterruptedException {
    requireNonNull(bootstrap, "bootstrap is null");
    if (!Files.isExecutable(script)) {
      throw new TributaryException(
          ErrorCode.UNAVAILABLE, "Cannot start Kafka Connect: no launcher at " + script);
    }
    Files.createDirectories(workDir);
    int port = BenchStack.freePort();
    Properties worker = new Properties();
    worker.setProperty("bootstrap.servers", bootstrap);
    worker.setProperty("listeners", "http://127.0.0.1:" + port);
    worker.setProperty("rest.advertised.host.name", "127.0.0.1");
    worker.setProperty("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    worker.setProperty("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    // schemaless JSON, as the orders are published: the sink maps fields to the table's columns
    worker.setProperty("value.converter.schemas.enable", "false");
    worker.setProperty(
        "offset.storage.file.filename", workDir.resolve("offsets").toAbsolutePath().toString());
    // An idle sink task waits in its consumer's poll until the next offset flush (60 s by
    // default), and Iceberg's sink answers a commit request only between polls: the rows after
    // the topic's last record would wait a minute for their commit. Flushing every second keeps
    // the last commit one interval behind, as while records flow.
    worker.setProperty("offset.flush.interval.ms", "1000");
    worker.setProperty("plugin.discovery", "service_load");
    Path config = workDir.resolve("worker.properties");
    try (Writer writer = Files.newBufferedWriter(config, UTF_8)) {
      worker.store(writer, "Kafka Connect worker for tributary bench ingest");
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder command =
        new ProcessBuilder(
            script.toString(),
            "--worker-config",
            config.toAbsolutePath().toString(),
            "--java",
            java);
    IcebergConnectSink sink = new IcebergConnectSink(URI.create("http://127.0.0.1:" + port));
    HttpRequest root = HttpRequest.newBuilder(sink.rest).timeout(Duration.ofSeconds(5)).build();
    sink.worker =
        ChildServer.start(
            "Kafka Connect",
            command,
            workDir.resolve("connect.log"),
            () -> sink.http.send(root, HttpResponse.BodyHandlers.ofString()).statusCode() == 200,
            timeout);
    return sink;
  }

  /**
   * Creates connector {@code name} with {@code config} (the worker's own settings aside) and waits
   * until {@code rows} reports at least {@code expected} or a task fails; then removes it.
   *
   * @param rows what the target table holds now, read from its current snapshot
   * @param deadline how long it may take before it counts as stalled
   */
  Outcome run(
      String name, Map<String, String> config, LongSupplier rows, long expected, Duration deadline)
      throws IOException, InterruptedException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("config", config);
    long started = System.nanoTime();
    send(
        HttpRequest.newBuilder(rest.resolve("/connectors"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))),
        201);
    try {
      long end = started + deadline.toNanos();
      while (true) {
        long committed = rows.getAsLong();
        if (committed >= expected) {
          return new Outcome(
              Duration.ofNanos(System.nanoTime() - started), committed, Optional.empty());
        }
        Optional<String> failed = failedTask(name);
        if (failed.isPresent() || System.nanoTime() > end) {
          return new Outcome(
              Duration.ofNanos(System.nanoTime() - started),
              committed,
              Optional.of(
                  failed.orElse(
                      "stalled: "
                          + committed
                          + " of "
                          + expected
                          + " rows after "
                          + deadline.toSeconds()
                          + " s")));
        }
        TimeUnit.MILLISECONDS.sleep(100);
      }
    } finally {
      send(HttpRequest.newBuilder(rest.resolve("/connectors/" + name)).DELETE(), 204);
    }
  }

  /** The first line and root cause of the first failed task's trace, if one failed. */
  private Optional<String> failedTask(String name) throws IOException, InterruptedException {
    JsonNode status =
        JSON.readTree(
            send(HttpRequest.newBuilder(rest.resolve("/connectors/" + name + "/status")), 200));
    List<JsonNode> parts = new ArrayList<>();
    parts.add(status.path("connector"));
    status.path("tasks").forEach(parts::add);
    for (JsonNode part : parts) {
      if ("FAILED".equals(part.path("state").asText())) {
        String trace = part.path("trace").asText("no trace");
        // Connect's first line says only that the task stopped; the root cause is the last one
        String first = trace.lines().findFirst().orElse(trace);
        return Optional.of(
            trace
                .lines()
                .filter(line -> line.startsWith("Caused by: "))
                .reduce((earlier, later) -> later)
                .map(cause -> first + " " + cause)
                .orElse(first));
      }
    }
    return Optional.empty();
  }

  private String send(HttpRequest.Builder request, int expected)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected) {
      throw new TributaryException(
          ErrorCode.EXTERNAL_FAILURE,
          "Kafka Connect answered "
              + response.statusCode()
              + " to "
              + response.request().method()
              + " "
              + response.request().uri().getPath()
              + ": "
              + response.body());
    }
    return response.body();
  }

  @Override
  public void close() throws InterruptedException {
    worker.close();
  }
}
