package io.tributary.gateway;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.TributaryException;
import io.tributary.gateway.auth.TokenFile;
import io.tributary.gateway.auth.internal.BearerAuthHandlerFactory;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.rest.RestServerEndpoint;
import org.apache.flink.table.api.config.TableConfigOptions;
import org.apache.flink.table.gateway.api.endpoint.SqlGatewayEndpoint;
import org.apache.flink.table.gateway.api.endpoint.SqlGatewayEndpointFactoryUtils;
import org.apache.flink.table.gateway.service.context.DefaultContext;
import org.apache.flink.table.gateway.service.session.SessionManager;
import org.apache.flink.util.ExceptionUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flink's SQL Gateway in this JVM: its REST endpoint (the API of {@code flink-sql-gateway},
 * unchanged) on {@code host:port}, its sessions running their jobs on the Flink cluster at {@code
 * flinkRest}. Assembled as Flink's own {@code SqlGateway} assembles it, from a session manager, the
 * gateway service and the endpoints its configuration names, with one difference: the service
 * prepares each new session with the {@link SessionSetup}.
 *
 * <p>Sessions start in batch mode, in UTC and at the configured parallelism: what an interactive
 * query over the lake wants. A session changes any of it with {@code SET}, for example {@code SET
 * 'execution.runtime-mode' = 'streaming'}.
 */
public final class EmbeddedSqlGateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSqlGateway.class);

  private final SessionManager sessions;
  private final SqlGatewayEndpoint endpoint;
  private final URI address;
  private final String authSummary;

  private EmbeddedSqlGateway(
      SessionManager sessions, SqlGatewayEndpoint endpoint, URI address, String authSummary) {
    this.sessions = sessions;
    this.endpoint = endpoint;
    this.address = address;
    this.authSummary = authSummary;
  }

  /**
   * Starts the gateway; if a step fails, what already started is stopped.
   *
   * @throws io.tributary.stream.declaration.DeclarationException when the token file is wrong,
   *     naming its line and field
   */
  public static EmbeddedSqlGateway start(GatewayConfig config, SessionSetup setup) {
    requireNonNull(config, "config is null");
    requireNonNull(setup, "setup is null");
    long started = System.nanoTime();
    // read once here, so that a wrong file stops the start with its line and field
    Optional<TokenFile> tokens = config.tokenFile().map(TokenFile::load);
    String authSummary =
        tokens
            .map(t -> "auth on: bearer tokens of " + t.size() + " users from " + t.file())
            .orElse("auth off: no token file, so reachable from this machine only");
    Configuration configuration = configuration(config);
    SessionManager sessions = SessionManager.create(new DefaultContext(configuration, List.of()));
    sessions.start();
    SqlGatewayEndpoint endpoint = null;
    try {
      List<SqlGatewayEndpoint> endpoints =
          SqlGatewayEndpointFactoryUtils.createSqlGatewayEndpoint(
              new PreparedSessionService(sessions, setup), configuration);
      endpoint = endpoints.get(0);
      endpoint.start();
      InetSocketAddress bound = ((RestServerEndpoint) endpoint).getServerAddress();
      URI address = URI.create("http://" + config.host() + ":" + bound.getPort());
      LOG.info(
          "SQL gateway started at {} ({}), running statements on {}, in {} ms",
          address,
          authSummary,
          config.flinkRest(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      return new EmbeddedSqlGateway(sessions, endpoint, address, authSummary);
    } catch (Exception e) { // Flink's SqlGatewayEndpoint.start declares Exception: the start failed
      String where = config.host() + ":" + config.port();
      RuntimeException failure =
          portInUse(e)
              ? new GatewayStartException(
                  "Cannot start the SQL gateway: "
                      + where
                      + " is in use by another process (another SQL gateway?); choose another"
                      + " port",
                  e)
              : new TributaryException(
                  ErrorCode.UNAVAILABLE,
                  "Cannot start the SQL gateway on " + where + ": " + e.getMessage(),
                  e);
      if (endpoint != null) {
        try {
          endpoint.stop();
        } catch (Exception suppressed) { // stop declares Exception; reported with the failure
          failure.addSuppressed(suppressed);
        }
      }
      sessions.stop();
      throw failure;
    }
  }

  private static boolean portInUse(Throwable error) {
    return ExceptionUtils.findThrowable(error, BindException.class).isPresent();
  }

  /**
   * The configuration of Flink's gateway: its REST endpoint ({@code sql-gateway.endpoint.*}) and
   * the defaults of every session (where jobs run, runtime mode, time zone, parallelism).
   */
  static Configuration configuration(GatewayConfig config) {
    Configuration configuration = new Configuration();
    String endpoint = "sql-gateway.endpoint.";
    configuration.setString(endpoint + "type", "rest");
    configuration.setString(endpoint + "rest.address", config.host());
    configuration.setString(endpoint + "rest.bind-address", config.host());
    configuration.setString(endpoint + "rest.port", Integer.toString(config.port()));
    config
        .tokenFile()
        .ifPresent(
            file ->
                configuration.set(
                    BearerAuthHandlerFactory.TOKEN_FILE, file.toAbsolutePath().toString()));

    configuration.set(DeploymentOptions.TARGET, "remote");
    configuration.set(RestOptions.ADDRESS, config.flinkRest().getHost());
    configuration.set(RestOptions.PORT, config.flinkRest().getPort());
    configuration.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
    configuration.set(TableConfigOptions.LOCAL_TIME_ZONE, "UTC");
    configuration.set(CoreOptions.DEFAULT_PARALLELISM, config.parallelism());
    if (!config.jobJars().isEmpty()) {
      configuration.set(
          PipelineOptions.JARS,
          config.jobJars().stream().map(jar -> jar.toUri().toString()).toList());
    }
    return configuration;
  }

  /** The REST endpoint, such as {@code http://127.0.0.1:8083}. */
  public URI address() {
    return address;
  }

  /** Whether and how the gateway checks who calls it, in one line for the operator. */
  public String authSummary() {
    return authSummary;
  }

  /** Stops the endpoint, then closes every open session. */
  @Override
  public void close() throws Exception {
    long started = System.nanoTime();
    try {
      endpoint.stop();
    } finally {
      sessions.stop();
    }
    LOG.info(
        "SQL gateway {} stopped in {} ms",
        address,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
  }
}
