package io.tributary.gateway.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.gateway.auth.ForbiddenException;
import io.tributary.gateway.auth.GatewayUser;
import io.tributary.gateway.auth.Role;
import io.tributary.gateway.deploy.PipelineDeployer;
import io.tributary.gateway.jobs.JobState;
import io.tributary.gateway.jobs.ManagedJobs;
import io.tributary.gateway.replay.ReplayScheduler;
import io.tributary.stream.job.LaunchedJob;
import io.tributary.stream.job.StateLocation;
import io.tributary.stream.pipeline.PipelineSpec;
import java.util.Optional;

/**
 * The landing and pipeline jobs: listed with their state, and stopped, restarted or savepointed by
 * name. Landing jobs are the platform's, so only an admin operates them; a pipeline's job may be
 * operated by whoever may write the pipeline's target.
 */
final class JobsResource {
  private final ManagedJobs jobs;
  private final PipelineDeployer deployer;
  private final ReplayScheduler replays;

  JobsResource(ManagedJobs jobs, PipelineDeployer deployer, ReplayScheduler replays) {
    this.jobs = requireNonNull(jobs, "jobs is null");
    this.deployer = requireNonNull(deployer, "deployer is null");
    this.replays = requireNonNull(replays, "replays is null");
  }

  /** {@code GET /jobs}: every job, and the replay that runs now if one does. */
  ApiResponse list() throws Exception {
    return ApiResponse.ok(JobListJson.of(jobs.list(), replays.running()));
  }

  /** {@code POST /jobs/{name}/stop}: stops the job with a savepoint. */
  ApiResponse stop(ApiRequest request) throws Exception {
    String name = operated(request);
    Optional<StateLocation> savepoint = jobs.stop(name);
    ObjectNode result = result(name, "stop");
    result.put("state", JobState.STOPPED.name());
    savepoint.ifPresent(p -> result.put("savepoint", p.toString()));
    return ApiResponse.ok(result);
  }

  /** {@code POST /jobs/{name}/restart}: stops the job with a savepoint and starts it from there. */
  ApiResponse restart(ApiRequest request) throws Exception {
    String name = operated(request);
    LaunchedJob job = jobs.restart(name);
    ObjectNode result = result(name, "restart");
    result.put("state", "RUNNING");
    result.put("id", job.id().toHexString());
    job.restoredFrom().ifPresent(p -> result.put("restoredFrom", p.toString()));
    return ApiResponse.ok(result);
  }

  /** {@code POST /jobs/{name}/savepoint}: takes a savepoint and keeps the job running. */
  ApiResponse savepoint(ApiRequest request) throws Exception {
    String name = operated(request);
    String savepoint = jobs.savepoint(name).toString();
    ObjectNode result = result(name, "savepoint");
    result.put("savepoint", savepoint);
    return ApiResponse.ok(result);
  }

  /** The job the request names, once its caller (when auth is on) may operate it. */
  private String operated(ApiRequest request) {
    String name = request.variable("name");
    request.actor().ifPresent(user -> checkMayOperate(user, name));
    return name;
  }

  private void checkMayOperate(GatewayUser user, String job) {
    if (user.role() == Role.ADMIN) {
      return;
    }
    PipelineSpec pipeline =
        deployer.running().values().stream()
            .filter(p -> p.jobName().equals(job))
            .findFirst()
            .orElseThrow(
                () ->
                    new ForbiddenException(
                        "User "
                            + user
                            + " may not operate job "
                            + job
                            + ": landing jobs are operated by admins"));
    user.checkMayWrite("operate job " + job, pipeline.target(), "");
  }

  private static ObjectNode result(String job, String action) {
    ObjectNode result = ApiJson.MAPPER.createObjectNode();
    result.put("job", job);
    result.put("action", action);
    return result;
  }
}
