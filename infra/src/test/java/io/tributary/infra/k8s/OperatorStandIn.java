package io.tributary.infra.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * What the Flink Kubernetes Operator does with a rendered FlinkDeployment's job, done against a
 * Flink cluster's REST API: the ConfigMap's files written where the pod would mount them, the job
 * jar uploaded, and its entry class run with the manifest's arguments, parallelism and Flink
 * configuration (Flink's own {@code /jars/:id/run}, the call the operator makes for a session job).
 * What only Kubernetes has is left out: Kubernetes high availability, and state on {@code s3://}
 * (the test cluster has no S3 file system), which goes under {@code pods/state} instead.
 */
final class OperatorStandIn {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI rest;
  private final Path jobJar;
  private final Path pods;
  private final HttpClient http = HttpClient.newHttpClient();
  private Optional<String> uploaded = Optional.empty();

  OperatorStandIn(URI rest, Path jobJar, Path pods) {
    this.rest = rest;
    this.jobJar = jobJar;
    this.pods = pods;
  }

  /** Runs the job of the FlinkDeployment in {@code manifest}; returns its Flink job id. */
  String run(Path manifest, Path configMap) throws IOException, InterruptedException {
    JsonNode deployment = YAML.readTree(manifest.toFile());
    String name = deployment.at("/metadata/name").asText();
    Path mount = mount(deployment, YAML.readTree(configMap.toFile()), pods.resolve(name));

    JsonNode job = deployment.at("/spec/job");
    ObjectNode body = JSON.createObjectNode();
    body.put("entryClass", job.get("entryClass").asText());
    ArrayNode args = body.putArray("programArgsList");
    for (JsonNode arg : job.get("args")) {
      args.add(
          arg.asText().equals(KubernetesRender.DECLARATIONS_MOUNT)
              ? mount.toString()
              : arg.asText());
    }
    body.put("parallelism", job.get("parallelism").asInt());
    ObjectNode flink = body.putObject("flinkConfiguration");
    Iterator<Map.Entry<String, JsonNode>> entries =
        deployment.at("/spec/flinkConfiguration").fields();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> entry = entries.next();
      if (!entry.getKey().startsWith("high-availability.")) {
        flink.put(entry.getKey(), entry.getValue().asText());
      }
    }
    Path state = pods.resolve("state").resolve(name);
    flink.put("execution.checkpointing.dir", state.resolve("checkpoints").toUri().toString());
    flink.put(
        "execution.checkpointing.savepoint-dir", state.resolve("savepoints").toUri().toString());

    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(rest.resolve("/v1/jars/" + jarId() + "/run"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "Running " + name + " failed (" + response.statusCode() + "): " + response.body());
    }
    return JSON.readTree(response.body()).get("jobid").asText();
  }

  /** The ConfigMap's items at their paths, as the pod's volume mounts them. */
  private static Path mount(JsonNode deployment, JsonNode configMap, Path pod) throws IOException {
    for (JsonNode volume : deployment.at("/spec/podTemplate/spec/volumes")) {
      if (volume.has("configMap")) {
        for (JsonNode item : volume.at("/configMap/items")) {
          Path file = pod.resolve(item.get("path").asText());
          Files.createDirectories(file.getParent());
          Files.writeString(
              file,
              configMap.at("/data").get(item.get("key").asText()).asText(),
              StandardCharsets.UTF_8);
        }
      }
    }
    return pod;
  }

  /** Uploads the job jar once, as the operator does for each deployment's jarURI. */
  private String jarId() throws IOException, InterruptedException {
    if (uploaded.isPresent()) {
      return uploaded.get();
    }
    String boundary = "tributary-" + System.nanoTime();
    HttpRequest.BodyPublisher multipart =
        HttpRequest.BodyPublishers.concat(
            HttpRequest.BodyPublishers.ofString(
                "--"
                    + boundary
                    + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                    + jobJar.getFileName()
                    + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n"),
            HttpRequest.BodyPublishers.ofFile(jobJar),
            HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n"));
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(rest.resolve("/v1/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(multipart)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "Uploading " + jobJar + " failed (" + response.statusCode() + "): " + response.body());
    }
    String file = JSON.readTree(response.body()).get("filename").asText();
    uploaded = Optional.of(Path.of(file).getFileName().toString());
    return uploaded.get();
  }
}
