package io.tributary.gateway;

import static java.util.Objects.requireNonNull;

import java.net.URI;

/**
 * Where the SQL gateway listens and where its sessions run their statements.
 *
 * @param host the address the gateway's REST endpoint binds to and advertises
 * @param port the REST endpoint's port (0 picks a free port)
 * @param flinkRest the REST address of the Flink cluster that runs the sessions' jobs: the
 *     MiniCluster under {@code tributary up}, or a remote cluster's JobManager
 * @param parallelism the default parallelism of the jobs sessions submit
 */
public record GatewayConfig(String host, int port, URI flinkRest, int parallelism) {
  /** The port of Flink's own SQL Gateway, so Flink's clients find it where they expect it. */
  public static final int DEFAULT_PORT = 8083;

  public GatewayConfig {
    requireNonNull(host, "host is null");
    requireNonNull(flinkRest, "flinkRest is null");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("The gateway port " + port + " is not in 0..65535");
    }
    if (flinkRest.getHost() == null || flinkRest.getPort() < 0) {
      throw new IllegalArgumentException(
          "The Flink cluster address "
              + flinkRest
              + " needs a host and a port, such as http://127.0.0.1:8081");
    }
    if (parallelism < 1) {
      throw new IllegalArgumentException("Parallelism " + parallelism + " must be at least 1");
    }
  }
}
