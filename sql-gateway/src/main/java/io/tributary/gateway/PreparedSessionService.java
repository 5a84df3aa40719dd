package io.tributary.gateway;

import static java.util.Objects.requireNonNull;

import org.apache.flink.table.gateway.api.session.SessionEnvironment;
import org.apache.flink.table.gateway.api.session.SessionHandle;
import org.apache.flink.table.gateway.api.utils.SqlGatewayException;
import org.apache.flink.table.gateway.service.SqlGatewayServiceImpl;
import org.apache.flink.table.gateway.service.session.SessionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flink's gateway service, unchanged but for one step: a new session runs the {@link SessionSetup}
 * before the client sees its handle, through the service's own {@code configureSession} (what
 * Flink's SQL client uses for its initialization files). Every endpoint and client therefore gets
 * sessions that already hold {@code lake} and {@code src.*}.
 *
 * <p>Why a subclass: the gateway has no server-side session-initialization option, and its catalog
 * store can hold catalogs but not the {@code src} tables in the session's default catalog.
 */
final class PreparedSessionService extends SqlGatewayServiceImpl {
  private static final Logger LOG = LoggerFactory.getLogger(PreparedSessionService.class);

  private final SessionSetup setup;

  PreparedSessionService(SessionManager sessionManager, SessionSetup setup) {
    super(requireNonNull(sessionManager, "sessionManager is null"));
    this.setup = requireNonNull(setup, "setup is null");
  }

  @Override
  public SessionHandle openSession(SessionEnvironment environment) throws SqlGatewayException {
    SessionHandle session = super.openSession(environment);
    long started = System.nanoTime();
    try {
      for (String statement : setup.statements()) {
        configureSession(session, statement, 0);
      }
    } catch (RuntimeException e) {
      try {
        closeSession(session);
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new SqlGatewayException(
          "Cannot prepare session " + session + " with the lake catalog and source tables", e);
    }
    LOG.info(
        "Session {} ({}) opened with {} setup statements in {} ms",
        session,
        environment.getSessionName().orElse("unnamed"),
        setup.statements().size(),
        (System.nanoTime() - started) / 1_000_000);
    return session;
  }
}
