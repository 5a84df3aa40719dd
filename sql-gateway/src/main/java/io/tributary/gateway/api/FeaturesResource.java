package io.tributary.gateway.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.gateway.auth.ForbiddenException;
import io.tributary.gateway.auth.GatewayUser;
import io.tributary.gateway.auth.Role;
import io.tributary.gateway.feature.FeatureDeployer;
import io.tributary.stream.job.LaunchedJob;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The feature groups: what runs, a features directory planned or deployed, a group's backfill.
 * Feature groups serve consumers outside any project, so only an admin changes them.
 */
final class FeaturesResource {
  private final FeatureDeployer features;

  FeaturesResource(FeatureDeployer features) {
    this.features = requireNonNull(features, "features is null");
  }

  /** {@code GET /features}: every group with its job and counts. */
  ApiResponse list() throws Exception {
    return ApiResponse.ok(ApiJson.MAPPER.valueToTree(features.status()));
  }

  /** {@code POST /features/plan}: what deploying the directory would do. */
  ApiResponse plan(ApiRequest request) throws Exception {
    return ApiResponse.ok(ApiJson.MAPPER.valueToTree(features.plan(directory(request.json()))));
  }

  /** {@code POST /features/deploy}: deploys the directory; returns once reads have switched. */
  ApiResponse deploy(ApiRequest request) throws Exception {
    request.actor().ifPresent(user -> checkAdmin(user, "deploy feature groups"));
    return ApiResponse.ok(ApiJson.MAPPER.valueToTree(features.apply(directory(request.json()))));
  }

  /** {@code POST /features/{group}/backfill}: starts the group's backfill. */
  ApiResponse backfill(ApiRequest request) throws Exception {
    String group = request.variable("group");
    request.actor().ifPresent(user -> checkAdmin(user, "backfill feature group " + group));
    LaunchedJob job = features.backfill(group);
    ObjectNode result = ApiJson.MAPPER.createObjectNode();
    result.put("job", job.name());
    result.put("action", "backfill");
    result.put("state", "RUNNING");
    result.put("id", job.id().toHexString());
    return ApiResponse.ok(result);
  }

  private static void checkAdmin(GatewayUser user, String action) {
    if (user.role() != Role.ADMIN) {
      throw new ForbiddenException("User " + user + " may not " + action + ": admins only");
    }
  }

  private static Path directory(JsonNode body) {
    String directory = body.path("directory").textValue();
    if (directory == null || directory.isBlank()) {
      throw new ApiException(
          400, "The request needs \"directory\": the features directory to deploy");
    }
    Path path = Path.of(directory);
    if (!Files.isDirectory(path)) {
      throw new ApiException(400, "Features directory " + directory + " does not exist");
    }
    return path;
  }
}
