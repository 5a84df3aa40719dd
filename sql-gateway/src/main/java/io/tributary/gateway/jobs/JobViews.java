package io.tributary.gateway.jobs;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.error.TributaryException;
import io.tributary.stream.flink.FlinkRest;
import io.tributary.stream.job.JobDefinition;
import io.tributary.stream.job.LaunchedJob;
import io.tributary.stream.job.StateLocation;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What operators see of each job: its state, uptime, checkpoints, restarts and root cause from
 * Flink's REST API, its savepoints from the registry, its lag from Kafka. A part that does not
 * answer leaves its fields empty; the job is still listed.
 */
final class JobViews {
  private static final Logger LOG = LoggerFactory.getLogger(JobViews.class);

  private final FlinkRest flink;
  private final KafkaLag lag;
  private final Clock clock;

  JobViews(FlinkRest flink, KafkaLag lag, Clock clock) {
    this.flink = requireNonNull(flink, "flink is null");
    this.lag = requireNonNull(lag, "lag is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  List<JobView> of(List<ManagedJobs.Registered> jobs) throws InterruptedException {
    List<JobView> views = new ArrayList<>();
    for (ManagedJobs.Registered job : jobs) {
      views.add(view(job));
    }
    return views;
  }

  private JobView view(ManagedJobs.Registered registered) throws InterruptedException {
    JobDefinition definition = registered.definition();
    List<JobView.PartitionLag> lags = lags(registered.name(), definition);
    Optional<String> savepoint = registered.lastSavepoint().map(StateLocation::toString);
    if (registered.job().isEmpty()) {
      return new JobView(
          registered.name(),
          definition.kind(),
          Optional.empty(),
          JobState.STOPPED,
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          0,
          Optional.empty(),
          savepoint,
          lags);
    }
    LaunchedJob job = registered.job().get();
    String id = job.id().toHexString();
    Instant now = clock.instant();
    try {
      Optional<FlinkRest.JobDetail> detail = flink.detail(id);
      JobState state = detail.map(d -> JobState.of(d.state())).orElse(JobState.UNKNOWN);
      FlinkRest.Checkpoints checkpoints = flink.checkpoints(id);
      Optional<Instant> started = detail.flatMap(FlinkRest.JobDetail::startTime);
      return new JobView(
          registered.name(),
          definition.kind(),
          Optional.of(id),
          state,
          started.map(s -> Duration.between(s, now)),
          checkpoints.lastCompleted(),
          checkpoints.lastCompleted().map(c -> Duration.between(c, now)),
          flink.restarts(id).orElse(0),
          flink.rootCause(id),
          savepoint,
          lags);
    } catch (IOException e) {
      return new JobView(
          registered.name(),
          definition.kind(),
          Optional.of(id),
          JobState.UNKNOWN,
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          0,
          Optional.of("Flink's REST API did not answer: " + e.getMessage()),
          savepoint,
          lags);
    }
  }

  private List<JobView.PartitionLag> lags(String name, JobDefinition definition)
      throws InterruptedException {
    if (definition.consumerGroup().isEmpty() || definition.topic().isEmpty()) {
      return List.of();
    }
    try {
      return lag.of(definition.consumerGroup().get(), definition.topic().get());
    } catch (ExecutionException | TimeoutException | KafkaException | TributaryException e) {
      LOG.warn("Cannot tell the Kafka lag of job {}: {}", name, e.toString());
      return List.of();
    }
  }
}
