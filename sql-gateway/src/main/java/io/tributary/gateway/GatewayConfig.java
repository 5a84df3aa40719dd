package io.tributary.gateway;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.error.InvalidValueException;
import io.tributary.stream.job.JobOptions;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the SQL gateway listens, who may use it and where its sessions run their statements.
 *
 * @param host the address the gateway's REST endpoint binds to and advertises
 * @param port the REST endpoint's port (0 picks a free port)
 * @param flinkRest the REST address of the Flink cluster that runs the sessions' jobs: the
 *     MiniCluster under {@code tributary up}, or a remote cluster's JobManager
 * @param parallelism the default parallelism of the jobs sessions submit
 * @param tokenFile the users and their token hashes ({@link io.tributary.gateway.auth.TokenFile});
 *     without one, anyone who reaches the gateway may use it, which is allowed on a loopback
 *     address only
 * @param jobJars jars the sessions' jobs carry to the cluster: none for the embedded MiniCluster,
 *     the job jar (connectors, the {@code src} format) for a cluster of its own
 */
public record GatewayConfig(
    String host,
    int port,
    URI flinkRest,
    int parallelism,
    Optional<Path> tokenFile,
    List<Path> jobJars) {
  public GatewayConfig {
    requireNonNull(host, "host is null");
    requireNonNull(flinkRest, "flinkRest is null");
    requireNonNull(tokenFile, "tokenFile is null");
    jobJars = List.copyOf(requireNonNull(jobJars, "jobJars is null"));
    GatewayOptions.PORT.check(port);
    JobOptions.FLINK_CLUSTER.check(flinkRest);
    JobOptions.PARALLELISM.check(parallelism);
    requireTokensBeyondLoopback(host, tokenFile);
  }

  /** A gateway whose sessions run on a cluster that sees the platform's classes. */
  public GatewayConfig(
      String host, int port, URI flinkRest, int parallelism, Optional<Path> tokenFile) {
    this(host, port, flinkRest, parallelism, tokenFile, List.of());
  }

  /**
   * Refuses a gateway that anyone but this machine could reach without a token file.
   *
   * @throws IllegalArgumentException saying why and what to do
   */
  public static void requireTokensBeyondLoopback(String host, Optional<Path> tokenFile) {
    if (tokenFile.isEmpty() && !isLoopback(host)) {
      throw new InvalidValueException(
          "Refusing to start the SQL gateway on "
              + host
              + " without a token file: anyone who reaches that address could run SQL on the"
              + " platform. Give it a token file (up --gateway-tokens FILE), or bind it to"
              + " 127.0.0.1");
    }
  }

  /** Whether nobody but this machine can reach {@code host}. */
  public static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
