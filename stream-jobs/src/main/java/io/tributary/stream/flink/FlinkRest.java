package io.tributary.stream.flink;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The few read-only calls of Flink's REST API that Tributary needs: cluster overview, jobs, restart
 * counts and how far a job's event time has got.
 */
public final class FlinkRest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** One job as Flink's {@code /jobs/overview} lists it. */
  public record Job(String id, String name, String state, Duration duration) {}

  /** Task managers and slots from {@code /overview}. */
  public record Overview(int taskManagers, int slotsTotal, int slotsAvailable) {}

  private final URI base;
  private final HttpClient http;

  public FlinkRest(URI base) {
    this.base = requireNonNull(base, "base is null");
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  }

  public Overview overview() throws IOException, InterruptedException {
    JsonNode node = get("/overview");
    return new Overview(
        node.path("taskmanagers").asInt(),
        node.path("slots-total").asInt(),
        node.path("slots-available").asInt());
  }

  public List<Job> jobs() throws IOException, InterruptedException {
    List<Job> jobs = new ArrayList<>();
    for (JsonNode job : get("/jobs/overview").path("jobs")) {
      jobs.add(
          new Job(
              job.path("jid").asText(),
              job.path("name").asText(),
              job.path("state").asText(),
              Duration.ofMillis(job.path("duration").asLong())));
    }
    return jobs;
  }

  /**
   * How often the job restarted after a failure since it was submitted, from its {@code
   * numRestarts} metric; empty while the metric is not reported yet.
   */
  public OptionalLong restarts(String jobId) throws IOException, InterruptedException {
    for (JsonNode metric : get("/jobs/" + jobId + "/metrics?get=numRestarts")) {
      if (metric.path("id").asText().equals("numRestarts")) {
        return OptionalLong.of(metric.path("value").asLong());
      }
    }
    return OptionalLong.empty();
  }

  /**
   * What {@code /jobs/:id} says of a job: its state ({@code RUNNING}, {@code FINISHED}...) and when
   * it started.
   */
  public record JobDetail(String state, Optional<Instant> startTime) {}

  /** The job's state and start time, or empty when Flink knows no such job. */
  public Optional<JobDetail> detail(String jobId) throws IOException, InterruptedException {
    HttpResponse<String> response = send("/jobs/" + jobId);
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    JsonNode job = parse("/jobs/" + jobId, response);
    long start = job.path("start-time").asLong(-1);
    return Optional.of(
        new JobDetail(
            job.path("state").asText(),
            start <= 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(start))));
  }

  /**
   * The job's state ({@code RUNNING}, {@code FINISHED}...), or empty when Flink knows no such job.
   */
  public Optional<String> state(String jobId) throws IOException, InterruptedException {
    return detail(jobId).map(JobDetail::state);
  }

  /**
   * How far the job's event time has got: the lowest watermark the operators of its sink vertices
   * have received, over their subtasks. Empty until every one of them has received one (Flink's
   * metrics also lag by up to its fetch interval, 10 s by default).
   */
  public Optional<Instant> sinkWatermark(String jobId) throws IOException, InterruptedException {
    JsonNode plan = get("/jobs/" + jobId).path("plan").path("nodes");
    Set<String> inputs = new HashSet<>();
    for (JsonNode node : plan) {
      for (JsonNode input : node.path("inputs")) {
        inputs.add(input.path("id").asText());
      }
    }
    long lowest = Long.MAX_VALUE;
    for (JsonNode node : plan) {
      String vertex = node.path("id").asText();
      if (inputs.contains(vertex)) {
        continue;
      }
      // operator-level metrics: a vertex that chains the source has no vertex-level input
      String metrics = "/jobs/" + jobId + "/vertices/" + vertex + "/metrics";
      List<String> ids = new ArrayList<>();
      for (JsonNode metric : get(metrics)) {
        String id = metric.path("id").asText();
        if (id.endsWith(".currentInputWatermark")) {
          ids.add(id);
        }
      }
      if (ids.isEmpty()) {
        return Optional.empty();
      }
      String query = URLEncoder.encode(String.join(",", ids), StandardCharsets.UTF_8);
      for (JsonNode value : get(metrics + "?get=" + query)) {
        long watermark = value.path("value").asLong(Long.MIN_VALUE);
        if (watermark == Long.MIN_VALUE) {
          return Optional.empty();
        }
        lowest = Math.min(lowest, watermark);
      }
    }
    return lowest == Long.MAX_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(lowest));
  }

  /**
   * A job's checkpoints as {@code /jobs/:id/checkpoints} reports them.
   *
   * @param completed checkpoints completed since the job started
   * @param lastCompleted when the newest one completed
   * @param restoredFrom the savepoint or checkpoint the job was restored from, if any
   */
  public record Checkpoints(
      long completed, Optional<Instant> lastCompleted, Optional<String> restoredFrom) {}

  public Checkpoints checkpoints(String jobId) throws IOException, InterruptedException {
    JsonNode node = get("/jobs/" + jobId + "/checkpoints");
    JsonNode completed = node.path("latest").path("completed");
    JsonNode restored = node.path("latest").path("restored");
    return new Checkpoints(
        node.path("counts").path("completed").asLong(),
        completed.isObject()
            ? Optional.of(Instant.ofEpochMilli(completed.path("latest_ack_timestamp").asLong()))
            : Optional.empty(),
        restored.isObject()
            ? Optional.of(restored.path("external_path").asText())
            : Optional.empty());
  }

  /**
   * The newest failure of the job in one line: the innermost cause Flink recorded ({@code Caused
   * by: ...}) or, without one, the exception itself. Empty when the job never failed.
   */
  public Optional<String> rootCause(String jobId) throws IOException, InterruptedException {
    JsonNode entries =
        get("/jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries");
    if (!entries.isArray() || entries.isEmpty()) {
      return Optional.empty();
    }
    String trace = entries.get(0).path("stacktrace").asText("");
    String cause = trace.lines().findFirst().orElse(entries.get(0).path("exceptionName").asText());
    for (String line : (Iterable<String>) trace.lines()::iterator) {
      String stripped = line.strip();
      if (stripped.startsWith("Caused by: ")) {
        cause = stripped.substring("Caused by: ".length());
      }
    }
    return Optional.of(cause);
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    return parse(path, send(path));
  }

  private HttpResponse<String> send(String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).GET().build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode parse(String path, HttpResponse<String> response) throws IOException {
    if (response.statusCode() != 200) {
      throw new IOException("Flink REST " + path + " answered " + response.statusCode());
    }
    return JSON.readTree(response.body());
  }
}
