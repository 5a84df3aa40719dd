package io.tributary.gateway.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.gateway.jobs.JobView;
import io.tributary.gateway.replay.ReplayScheduler;
import io.tributary.stream.job.JobKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The JSON of {@code GET /jobs}: one object per job with its state, uptime, checkpoints, restarts
 * and Kafka lag, fields without a value left out; a replay that runs now is listed as a job too.
 */
final class JobListJson {
  private JobListJson() {}

  static ArrayNode of(List<JobView> views, Optional<ReplayScheduler.Running> replay) {
    ArrayNode array = ApiJson.MAPPER.createArrayNode();
    views.forEach(view -> job(array.addObject(), view));
    replay.ifPresent(running -> replay(array.addObject(), running));
    return array;
  }

  private static void job(ObjectNode job, JobView view) {
    job.put("name", view.name());
    job.put("kind", view.kind().name());
    view.id().ifPresent(id -> job.put("id", id));
    job.put("state", view.state().name());
    view.uptime().ifPresent(u -> job.put("uptimeSeconds", u.toSeconds()));
    view.lastCheckpoint().ifPresent(c -> job.put("lastCheckpoint", c.toString()));
    view.checkpointAge().ifPresent(a -> job.put("checkpointAgeSeconds", a.toSeconds()));
    job.put("restarts", view.restarts());
    view.rootCause().ifPresent(c -> job.put("rootCause", c));
    view.lastSavepoint().ifPresent(s -> job.put("lastSavepoint", s));
    ArrayNode lag = job.putArray("lag");
    for (JobView.PartitionLag partition : view.lag()) {
      ObjectNode item = lag.addObject();
      item.put("topic", partition.topic());
      item.put("partition", partition.partition());
      item.put("records", partition.records());
      partition.behind().ifPresent(b -> item.put("seconds", b.toSeconds()));
    }
  }

  private static void replay(ObjectNode job, ReplayScheduler.Running replay) {
    job.put("name", "replay-" + replay.pipeline());
    job.put("kind", JobKind.REPLAY.name());
    job.put("state", "RUNNING");
    job.put("day", replay.day().toString());
    job.put("trigger", replay.trigger().name());
    job.put("uptimeSeconds", Duration.between(replay.startedAt(), Instant.now()).toSeconds());
    job.put("restarts", 0);
    job.putArray("lag");
  }
}
