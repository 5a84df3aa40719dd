package io.tributary.infra.local;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.TributaryException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Flink MiniCluster in this JVM with its REST API and web UI, so jobs are submitted and inspected
 * exactly as on a real cluster: through {@code http://host:port}.
 */
public final class EmbeddedFlink implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedFlink.class);

  private final MiniCluster cluster;
  private final URI restAddress;

  private EmbeddedFlink(MiniCluster cluster, URI restAddress) {
    this.cluster = cluster;
    this.restAddress = restAddress;
  }

  /**
   * Starts one job manager and one task manager.
   *
   * @param host address for REST and RPC
   * @param restPort REST and web UI port; 0 picks a free one
   * @param slots task slots of the task manager
   * @param workDir the cluster's working directory (blobs, temporary files)
   * @param fileSystems settings of the file systems jobs use (such as {@code s3.endpoint})
   */
  public static EmbeddedFlink start(
      String host, int restPort, int slots, Path workDir, Map<String, String> fileSystems) {
    requireNonNull(host, "host is null");
    long started = System.nanoTime();
    Configuration configuration = Configuration.fromMap(fileSystems);
    configuration.set(RestOptions.BIND_ADDRESS, host);
    configuration.set(RestOptions.ADDRESS, host);
    configuration.set(RestOptions.BIND_PORT, Integer.toString(restPort));
    configuration.set(JobManagerOptions.ADDRESS, host);
    configuration.set(TaskManagerOptions.HOST, host);
    configuration.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
    configuration.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(256));
    configuration.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.ofMebiBytes(128));
    configuration.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.ofMebiBytes(128));
    configuration.set(WebOptions.SUBMIT_ENABLE, false);
    configuration.setString("io.tmp.dirs", workDir.resolve("tmp").toString());
    configuration.setString("blob.storage.directory", workDir.resolve("blobs").toString());

    MiniClusterConfiguration clusterConfiguration =
        new MiniClusterConfiguration.Builder()
            .setConfiguration(configuration)
            .setNumTaskManagers(1)
            .setNumSlotsPerTaskManager(slots)
            .setCommonBindAddress(host)
            .build();
    MiniCluster cluster = new MiniCluster(clusterConfiguration);
    try {
      cluster.start();
      URI rest = cluster.getRestAddress().get(60, TimeUnit.SECONDS);
      LOG.info(
          "Flink MiniCluster started at {} with {} slots in {} ms",
          rest,
          slots,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      return new EmbeddedFlink(cluster, rest);
    } catch (
        Exception e) { // MiniCluster.start declares Exception: whatever it throws, start failed
      try {
        cluster.close();
      } catch (Exception suppressed) { // close declares Exception; reported with the failure
        e.addSuppressed(suppressed);
      }
      throw new TributaryException(
          ErrorCode.UNAVAILABLE,
          "Cannot start Flink on " + host + ":" + restPort + ": " + e.getMessage(),
          e);
    }
  }

  /** The REST endpoint, such as {@code http://127.0.0.1:8081}. */
  public URI restAddress() {
    return restAddress;
  }

  /**
   * Kills the task manager at {@code index} as a crash would: its tasks fail and their jobs restart
   * from the last checkpoint once a task manager is back. For failure-injection tests.
   */
  public void killTaskManager(int index) throws InterruptedException, ExecutionException {
    cluster.terminateTaskManager(index).get();
  }

  /** Starts a new task manager, with the same slots as the first. */
  public void startTaskManager() throws Exception {
    cluster.startTaskManager();
  }

  @Override
  public void close() throws Exception {
    long started = System.nanoTime();
    cluster.close();
    LOG.info(
        "Flink MiniCluster {} stopped in {} ms",
        restAddress,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
  }
}
