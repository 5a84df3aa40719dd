package io.tributary.stream.job;

import io.tributary.stream.config.Setting;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The settings of how the platform runs its jobs, declared once: read by {@code up}'s options,
 * checked by {@link JobSettings} and the job builders, listed in {@code docs/configuration.md}.
 */
public final class JobOptions {
  /** The state backends a job may keep its state in. */
  public static final List<String> STATE_BACKENDS = List.of("hashmap", "rocksdb");

  public static final Setting<Duration> CHECKPOINT_INTERVAL =
      Setting.duration("checkpoint-interval")
          .defaultValue(Duration.ofSeconds(10))
          .description(
              "How often jobs checkpoint, and so how often bronze commits: 500ms, 10s, 1min.")
          .rule(
              interval -> interval.compareTo(Duration.ofMillis(100)) >= 0,
              interval -> "Checkpoint interval " + interval + " is too short; use at least 100 ms")
          .build();

  public static final Setting<String> STATE_BACKEND =
      Setting.of("state-backend", String.class)
          .label("NAME")
          .defaultValue("hashmap")
          .description("Where job state lives: hashmap (heap) or rocksdb (disk).")
          .rule(
              STATE_BACKENDS::contains,
              name ->
                  "State backend '" + name + "' is not one of " + String.join(", ", STATE_BACKENDS))
          .build();

  public static final Setting<Integer> PARALLELISM =
      Setting.of("parallelism", Integer.class)
          .label("N")
          .defaultValue(1)
          .description("Parallelism of each landing and pipeline job.")
          .rule(n -> n >= 1, n -> "Parallelism " + n + " must be at least 1")
          .build();

  public static final Setting<URI> FLINK_CLUSTER =
      Setting.of("flink", URI.class)
          .label("URL")
          .description(
              "REST address of a Flink cluster (its JobManager, such as http://flink-jm:8081) to"
                  + " run every job on instead of the embedded one. Jobs carry"
                  + " infra/target/tributary-job.jar there; the cluster must reach Kafka, the"
                  + " catalog and the data dir.")
          .rule(
              address ->
                  "http".equals(address.getScheme())
                      && address.getHost() != null
                      && address.getPort() >= 1,
              address ->
                  "The Flink cluster address '"
                      + address
                      + "' is not an http URL with a host and a port, such as http://flink-jm:8081")
          .build();

  private JobOptions() {}
}
