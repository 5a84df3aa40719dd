package io.tributary.local;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** The few read-only calls of Flink's REST API that {@code tributary status} needs. */
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

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).GET().build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("Flink REST " + path + " answered " + response.statusCode());
    }
    return JSON.readTree(response.body());
  }
}
