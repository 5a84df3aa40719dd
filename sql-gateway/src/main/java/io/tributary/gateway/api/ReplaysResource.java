package io.tributary.gateway.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.gateway.deploy.PipelineDeployer;
import io.tributary.gateway.replay.ReplayRun;
import io.tributary.gateway.replay.ReplayScheduler;
import io.tributary.gateway.replay.ReplayTrigger;
import io.tributary.stream.pipeline.PipelineSpec;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Replays of a pipeline's day, run now (manual or backfill), and the runs so far. A failed run
 * answers 409: the JSON error with the run's record under {@code run}.
 */
final class ReplaysResource {
  private final PipelineDeployer deployer;
  private final ReplayScheduler replays;

  ReplaysResource(PipelineDeployer deployer, ReplayScheduler replays) {
    this.deployer = requireNonNull(deployer, "deployer is null");
    this.replays = requireNonNull(replays, "replays is null");
  }

  /** {@code POST /replays} with {@code {"pipeline", "date", "backfill"}}: runs it and waits. */
  ApiResponse run(ApiRequest request) throws Exception {
    JsonNode body = request.json();
    String pipeline = body.path("pipeline").textValue();
    String date = body.path("date").textValue();
    if (pipeline == null || date == null) {
      throw new ApiException(400, "The request needs \"pipeline\" and \"date\" (yyyy-MM-dd)");
    }
    LocalDate day;
    try {
      day = LocalDate.parse(date);
    } catch (DateTimeParseException e) {
      throw new ApiException(400, "'" + date + "' is not a date; write it as yyyy-MM-dd");
    }
    ReplayTrigger trigger =
        body.path("backfill").asBoolean(false) ? ReplayTrigger.BACKFILL : ReplayTrigger.MANUAL;
    Optional<PipelineSpec> spec = Optional.ofNullable(deployer.running().get(pipeline));
    if (spec.isPresent()) {
      request
          .actor()
          .ifPresent(
              user -> user.checkMayWrite("replay pipeline " + pipeline, spec.get().target(), ""));
    }
    ReplayRun run = replays.runNow(pipeline, day, trigger);
    if (run.succeeded()) {
      return ApiResponse.ok(ApiJson.MAPPER.valueToTree(run));
    }
    ObjectNode error = ApiErrors.body(409, run.error().orElse("the replay failed"));
    error.set("run", ApiJson.MAPPER.valueToTree(run));
    return ApiResponse.of(409, error);
  }

  /** {@code GET /runs}: every replay run so far. */
  ApiResponse runs() throws Exception {
    return ApiResponse.ok(ApiJson.MAPPER.valueToTree(replays.runs().all()));
  }
}
