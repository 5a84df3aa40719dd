package io.tributary.gateway.deploy;

import static java.util.Objects.requireNonNull;

import io.tributary.gateway.jobs.ManagedJobs;
import io.tributary.stream.job.JobDefinition;
import io.tributary.stream.maintenance.MaintenanceJobs;
import io.tributary.stream.maintenance.policy.MaintenanceSpec;
import io.tributary.stream.pipeline.PipelineSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The maintenance jobs of the pipelines that run, one per pipeline: started with it, started again
 * when its {@code maintenance:} block changes, stopped (with a savepoint) when it is removed or
 * says {@code enabled: false}. A job an operator stopped stays stopped until its block changes.
 */
final class PipelineMaintenance {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineMaintenance.class);

  private final ManagedJobs jobs;
  private final MaintenanceJobs maintenance;

  /** The block each pipeline's maintenance runs with (or is off by), by pipeline name. */
  private final Map<String, MaintenanceSpec> applied = new HashMap<>();

  PipelineMaintenance(ManagedJobs jobs, MaintenanceJobs maintenance) {
    this.jobs = requireNonNull(jobs, "jobs is null");
    this.maintenance = requireNonNull(maintenance, "maintenance is null");
  }

  /** Brings the maintenance jobs in line with {@code running}, the pipelines by name. */
  void sync(Map<String, PipelineSpec> running) throws InterruptedException {
    List<JobDefinition> toStart = new ArrayList<>();
    Map<String, MaintenanceSpec> started = new HashMap<>();
    for (PipelineSpec pipeline : new TreeMap<>(running).values()) {
      MaintenanceSpec wanted = pipeline.maintenance();
      if (wanted.equals(applied.get(pipeline.name()))) {
        continue;
      }
      Optional<JobDefinition> definition = maintenance.pipeline(pipeline);
      definition.ifPresent(toStart::add);
      started.put(pipeline.name(), wanted);
    }
    for (String name : Set.copyOf(applied.keySet())) {
      if (!running.containsKey(name) || started.containsKey(name)) {
        stop(name);
      }
    }
    jobs.startAll(toStart);
    applied.putAll(started);
  }

  private void stop(String pipeline) throws InterruptedException {
    String job = MaintenanceJobs.jobName(pipeline);
    if (jobs.isRunning(job)) {
      jobs.stop(job);
      LOG.info("Stopped {}: pipeline {} changed or went", job, pipeline);
    }
    jobs.forget(job);
    applied.remove(pipeline);
  }
}
