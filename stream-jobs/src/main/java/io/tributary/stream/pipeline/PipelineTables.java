package io.tributary.stream.pipeline;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.LakeCatalog;
import io.tributary.catalog.LakeCatalogConfig;
import io.tributary.stream.kafka.KafkaConnection;
import io.tributary.stream.source.SourceSpec;
import io.tributary.stream.source.table.SourceTables;
import java.time.Duration;
import java.util.List;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.config.ExecutionConfigOptions;
import org.apache.flink.table.api.config.TableConfigOptions;

/**
 * What a pipeline's SQL sees, set up the same way for planning at start-up and for the streaming
 * job itself: the {@code lake} catalog, the {@code src.<name>} tables read live with the pipeline's
 * lateness, and UTC as the session time zone.
 */
public final class PipelineTables {
  /**
   * How long a Kafka partition may go without events before the watermark moves on without it;
   * without this, one quiet partition would hold every window of the pipeline open.
   */
  public static final Duration IDLE_PARTITION_TIMEOUT = Duration.ofMinutes(1);

  private final List<SourceSpec> sources;
  private final KafkaConnection kafka;
  private final LakeCatalogConfig lake;

  public PipelineTables(List<SourceSpec> sources, KafkaConnection kafka, LakeCatalogConfig lake) {
    this.sources = List.copyOf(sources);
    this.kafka = requireNonNull(kafka, "kafka is null");
    this.lake = requireNonNull(lake, "lake is null");
  }

  public List<SourceSpec> sources() {
    return sources;
  }

  public KafkaConnection kafka() {
    return kafka;
  }

  public LakeCatalogConfig lake() {
    return lake;
  }

  /** Registers the catalog and the live source tables of {@code pipeline} in {@code tableEnv}. */
  public void registerLive(TableEnvironment tableEnv, PipelineSpec pipeline) {
    configure(tableEnv);
    tableEnv
        .getConfig()
        .set(ExecutionConfigOptions.TABLE_EXEC_SOURCE_IDLE_TIMEOUT, IDLE_PARTITION_TIMEOUT);
    LakeCatalog.registerIn(tableEnv, lake);
    new SourceTables(kafka)
        .registerLive(tableEnv, sources, s -> pipeline.latenessFor(s.maxOutOfOrderness()));
  }

  /**
   * Closes the lake catalog {@link #registerLive} opened in {@code tableEnv}, once its statements
   * are planned ({@link LakeCatalog#releaseIn}).
   */
  public void release(TableEnvironment tableEnv) {
    LakeCatalog.releaseIn(tableEnv, lake);
  }

  /** Session settings every pipeline query runs with: UTC. */
  public static void configure(TableEnvironment tableEnv) {
    tableEnv.getConfig().set(TableConfigOptions.LOCAL_TIME_ZONE, "UTC");
  }
}
