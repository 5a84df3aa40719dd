package io.tributary.gateway.feature;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.TributaryException;
import io.tributary.feature.dynamodb.FeatureItem;
import io.tributary.feature.dynamodb.GroupPointer;
import io.tributary.feature.dynamodb.OnlineStore;
import io.tributary.feature.group.FeatureGroupSpec;
import io.tributary.feature.job.FeatureJob;
import io.tributary.feature.verify.FeatureComparison;
import io.tributary.feature.verify.VerifyReport;
import io.tributary.gateway.jobs.ManagedJobs;
import io.tributary.stream.job.JobDefinition;
import io.tributary.stream.job.LaunchedJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;

/**
 * Online = offline, checked: recomputes sampled entities of a group from the log, each at the
 * position its stored values reflect (per partition, the offset of the newest of its events read),
 * with the group's own job and aggregation code bounded at those offsets and its lateness, into a
 * generation of its own that is removed afterwards; then compares version and values ({@link
 * FeatureComparison}).
 */
final class FeatureVerifier {
  private final ManagedJobs jobs;
  private final OnlineStore store;
  private final FeatureJobs definitions;

  FeatureVerifier(ManagedJobs jobs, OnlineStore store, FeatureJobs definitions) {
    this.jobs = requireNonNull(jobs, "jobs is null");
    this.store = requireNonNull(store, "store is null");
    this.definitions = requireNonNull(definitions, "definitions is null");
  }

  /** The most entities one verification samples. */
  public static final int MAX_SAMPLE = 10_000;

  /** How long a verification's recomputation may run. */
  private static final Duration VERIFY_TIMEOUT = Duration.ofMinutes(30);

  /**
   * Recomputes up to {@code sample} of the group's entities from the log, each at the position its
   * stored values reflect, with the same job and aggregation code (into a generation of its own,
   * removed afterwards), and compares them with the store.
   *
   * @throws TributaryException when the sample is out of range, a change of the group is being
   *     built, or the recomputation fails
   */
  VerifyReport verify(FeatureGroupSpec spec, int sample) throws InterruptedException {
    Instant started = Instant.now();
    String group = spec.name();
    if (sample < 1 || sample > MAX_SAMPLE) {
      throw new TributaryException(
          ErrorCode.INVALID_REQUEST, "sample must be 1 to " + MAX_SAMPLE + ", not " + sample);
    }
    GroupPointer pointer = store.pointer(group).orElseThrow();
    if (!pointer.active().equals(spec.generation()) || pointer.next().isPresent()) {
      throw new TributaryException(
          ErrorCode.CONFLICT,
          "Feature group " + group + " is changing generation; verify it once reads switched");
    }
    int parts = pointer.parts().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
    List<String> entities = store.entities(group, spec.generation(), sample);
    Map<String, List<FeatureItem>> stored = store.items(group, spec.generation(), entities, parts);
    Map<String, Map<Integer, Long>> positions = new LinkedHashMap<>();
    stored.forEach((entity, items) -> positions.put(entity, items.get(0).position()));
    String scratch = "verify" + Long.toHexString(System.nanoTime());
    JobDefinition job =
        definitions.recompute(
            spec,
            new FeatureJob.Recompute(
                scratch,
                positions,
                TopicPartitions.withEvents(definitions.kafka(), definitions.topic(spec))));
    try {
      LaunchedJob launched = jobs.startFrom(job, Optional.empty());
      awaitFinished(launched, "recomputation of " + group);
      Map<String, List<FeatureItem>> recomputed =
          store.items(group, scratch, List.copyOf(stored.keySet()), parts);
      List<VerifyReport.Mismatch> mismatches = new ArrayList<>();
      int matched = 0;
      for (Map.Entry<String, List<FeatureItem>> entity : stored.entrySet()) {
        List<VerifyReport.Mismatch> found =
            FeatureComparison.compare(
                entity.getKey(),
                entity.getValue(),
                recomputed.getOrDefault(entity.getKey(), List.of()));
        mismatches.addAll(found);
        matched += found.isEmpty() ? 1 : 0;
      }
      return new VerifyReport(
          group, spec.generation(), stored.size(), matched, mismatches, started, Instant.now());
    } finally {
      store.deleteGeneration(group, scratch);
    }
  }

  /**
   * Waits for a bounded job to finish.
   *
   * @param what the job in words, for the error: {@code recomputation of G}
   * @throws TributaryException when it fails, is cancelled or runs past the timeout
   */
  static void awaitFinished(LaunchedJob job, String what) throws InterruptedException {
    long deadline = System.nanoTime() + VERIFY_TIMEOUT.toNanos();
    while (true) {
      JobStatus status = job.status(Duration.ofSeconds(10));
      if (status == JobStatus.FINISHED) {
        return;
      }
      if (status.isGloballyTerminalState()) {
        throw new TributaryException(
            ErrorCode.EXTERNAL_FAILURE,
            "The "
                + what
                + " ended "
                + status
                + "; `tributary jobs` shows "
                + job.name()
                + " and why");
      }
      if (System.nanoTime() > deadline) {
        throw new TributaryException(
            ErrorCode.EXTERNAL_FAILURE, "The " + what + " did not finish in " + VERIFY_TIMEOUT);
      }
      TimeUnit.MILLISECONDS.sleep(200); // polling the cluster for the job's end
    }
  }
}
