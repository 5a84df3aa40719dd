package io.tributary.gateway.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.gateway.deploy.Deployment;
import io.tributary.gateway.deploy.DeploymentStatus;
import io.tributary.gateway.deploy.PipelineDeployer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The pipelines and their deployments: what runs, the history, and a pipelines directory planned or
 * applied. A refused deployment answers 409 with its record, like an applied one with 200.
 */
final class DeploymentsResource {
  private final PipelineDeployer deployer;

  DeploymentsResource(PipelineDeployer deployer) {
    this.deployer = requireNonNull(deployer, "deployer is null");
  }

  /** {@code GET /pipelines}: each running pipeline, its target, job and directory. */
  ApiResponse pipelines() throws Exception {
    ArrayNode array = ApiJson.MAPPER.createArrayNode();
    deployer
        .running()
        .forEach(
            (name, spec) -> {
              ObjectNode pipeline = array.addObject();
              pipeline.put("name", name);
              pipeline.put("target", spec.target().toString());
              pipeline.put("job", spec.jobName());
              pipeline.put("directory", spec.directory().toString());
              spec.metadata().owner().ifPresent(o -> pipeline.put("owner", o));
            });
    return ApiResponse.ok(array);
  }

  /** {@code GET /deployments}: every deployment so far. */
  ApiResponse history() throws Exception {
    return ApiResponse.ok(ApiJson.MAPPER.valueToTree(deployer.history().all()));
  }

  /** {@code POST /deployments/plan}: what applying the directory would do. */
  ApiResponse plan(ApiRequest request) throws Exception {
    return ApiResponse.ok(ApiJson.MAPPER.valueToTree(deployer.plan(directory(request.json()))));
  }

  /** {@code POST /deployments}: applies the directory, as the caller's deployment. */
  ApiResponse apply(ApiRequest request) throws Exception {
    JsonNode body = request.json();
    Deployment deployment =
        deployer.apply(
            directory(body),
            new PipelineDeployer.Request(
                request.user(body),
                Optional.ofNullable(body.path("commit").textValue()),
                body.path("allowStateReset").asBoolean(false),
                request.actor()));
    return ApiResponse.of(
        deployment.status() == DeploymentStatus.REFUSED ? 409 : 200,
        ApiJson.MAPPER.valueToTree(deployment));
  }

  private static Path directory(JsonNode body) {
    String directory = body.path("directory").textValue();
    if (directory == null || directory.isBlank()) {
      throw new ApiException(
          400, "The request needs \"directory\": the pipelines directory to deploy");
    }
    Path path = Path.of(directory);
    if (!Files.isDirectory(path)) {
      throw new ApiException(400, "Pipelines directory " + directory + " does not exist");
    }
    return path;
  }
}
