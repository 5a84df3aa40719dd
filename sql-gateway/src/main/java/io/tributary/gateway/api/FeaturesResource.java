package io.tributary.gateway.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.gateway.auth.ForbiddenException;
import io.tributary.gateway.auth.GatewayUser;
import io.tributary.gateway.auth.Role;
import io.tributary.gateway.feature.FeatureDeployer;
import io.tributary.gateway.feature.SyncRun;
import io.tributary.gateway.feature.TableSyncs;
import io.tributary.gateway.feature.TrainingSets;
import io.tributary.stream.job.LaunchedJob;
import io.tributary.stream.pipeline.TargetTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The feature groups: what runs, a features directory planned or deployed, a group's backfill, a
 * table group's sync and the syncs so far. Feature groups serve consumers outside any project, so
 * only an admin changes them.
 */
final class FeaturesResource {
  /** Entities a verification samples unless asked otherwise. */
  static final int DEFAULT_SAMPLE = 100;

  private final FeatureDeployer features;
  private final TableSyncs tables;
  private final TrainingSets trainingSets;

  FeaturesResource(FeatureDeployer features, TableSyncs tables, TrainingSets trainingSets) {
    this.features = requireNonNull(features, "features is null");
    this.tables = requireNonNull(tables, "tables is null");
    this.trainingSets = requireNonNull(trainingSets, "trainingSets is null");
  }

  /**
   * {@code POST /features/{group}/training-set} with {@code {"spine", "entityColumn", "timeColumn",
   * "out"}}: writes the point-in-time training set and waits.
   */
  ApiResponse trainingSet(ApiRequest request) throws Exception {
    String group = request.variable("group");
    JsonNode body = request.json();
    List<String> missing = new ArrayList<>();
    for (String field : List.of("spine", "entityColumn", "timeColumn", "out")) {
      if (!body.path(field).isTextual() || body.path(field).asText().isBlank()) {
        missing.add(field);
      }
    }
    if (!missing.isEmpty()) {
      throw new ApiException(400, "The request needs " + String.join(", ", missing));
    }
    String out = body.path("out").asText();
    request
        .actor()
        .ifPresent(
            user ->
                user.checkMayWrite(
                    "write training set " + out, TargetTable.parse(out), "; nothing was written"));
    return ApiResponse.ok(
        ApiJson.MAPPER.valueToTree(
            trainingSets.write(
                group,
                body.path("spine").asText(),
                body.path("entityColumn").asText(),
                body.path("timeColumn").asText(),
                body.path("out").asText())));
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

  /**
   * {@code POST /features/{group}/verify} with {@code {"sample": N}} (default 100): recomputes
   * sampled entities from the log and compares; 200 with the report whether or not they match.
   */
  ApiResponse verify(ApiRequest request) throws Exception {
    String group = request.variable("group");
    JsonNode sample = request.json().path("sample");
    if (!sample.isMissingNode() && !sample.canConvertToInt()) {
      throw new ApiException(400, "\"sample\" must be a number of entities");
    }
    return ApiResponse.ok(
        ApiJson.MAPPER.valueToTree(features.verify(group, sample.asInt(DEFAULT_SAMPLE))));
  }

  /** {@code GET /features/tables}: every table group with the snapshot it serves. */
  ApiResponse tables() throws Exception {
    return ApiResponse.ok(ApiJson.MAPPER.valueToTree(tables.status()));
  }

  /**
   * {@code POST /features/{group}/sync}: syncs the table group now and waits; a failed sync answers
   * 409 with the run under {@code run}.
   */
  ApiResponse sync(ApiRequest request) throws Exception {
    String group = request.variable("group");
    request.actor().ifPresent(user -> checkAdmin(user, "sync table group " + group));
    SyncRun run = tables.syncNow(group, SyncRun.Trigger.MANUAL);
    if (run.succeeded()) {
      return ApiResponse.ok(ApiJson.MAPPER.valueToTree(run));
    }
    ObjectNode error = ApiErrors.body(409, run.error().orElse("the sync failed"));
    error.set("run", ApiJson.MAPPER.valueToTree(run));
    return ApiResponse.of(409, error);
  }

  /** {@code GET /syncs}: every table group sync so far. */
  ApiResponse syncs() throws Exception {
    return ApiResponse.ok(ApiJson.MAPPER.valueToTree(tables.runs().all()));
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
