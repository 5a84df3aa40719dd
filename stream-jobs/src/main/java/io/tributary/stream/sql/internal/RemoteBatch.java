package io.tributary.stream.sql.internal;

import static java.util.Objects.requireNonNull;

import io.tributary.stream.job.FlinkCluster;
import io.tributary.stream.job.JobOptions;
import java.net.URI;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.api.config.TableConfigOptions;

/**
 * A batch table environment that plans here and runs its jobs on the platform's Flink cluster,
 * reached through its REST address, in UTC.
 */
public final class RemoteBatch {
  /** A DataStream environment and the table environment over it. */
  public record Streams(StreamExecutionEnvironment env, StreamTableEnvironment tables) {}

  private RemoteBatch() {}

  /**
   * A DataStream environment in batch mode on the cluster, with a table environment over it, for
   * jobs that mix both APIs.
   */
  public static Streams tablesOverStreams(FlinkCluster cluster, int parallelism) {
    Configuration configuration = configuration(cluster, parallelism);
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createRemoteEnvironment(
            cluster.restAddress().getHost(), cluster.restAddress().getPort(), configuration);
    return new Streams(
        env,
        StreamTableEnvironment.create(
            env,
            EnvironmentSettings.newInstance()
                .inBatchMode()
                .withConfiguration(configuration)
                .build()));
  }

  private static Configuration configuration(FlinkCluster cluster, int parallelism) {
    requireNonNull(cluster, "cluster is null");
    URI flinkRest = cluster.restAddress();
    JobOptions.PARALLELISM.check(parallelism);
    Configuration configuration = new Configuration();
    configuration.set(DeploymentOptions.TARGET, "remote");
    configuration.set(RestOptions.ADDRESS, flinkRest.getHost());
    configuration.set(RestOptions.PORT, flinkRest.getPort());
    configuration.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
    // Flink SQL's operators copy what they keep (into binary rows), so records need not be copied
    // between chained operators; the copies cost a tenth of a replay's CPU
    configuration.set(PipelineOptions.OBJECT_REUSE, true);
    configuration.set(TableConfigOptions.LOCAL_TIME_ZONE, "UTC");
    configuration.setString("parallelism.default", Integer.toString(parallelism));
    return cluster.withJars(configuration);
  }
}
