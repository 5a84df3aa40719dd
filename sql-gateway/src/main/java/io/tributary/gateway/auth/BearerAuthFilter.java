package io.tributary.gateway.auth;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import io.tributary.gateway.api.PlatformApi;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform API's side of the gateway's bearer tokens: the same token file, 401 without a token
 * of a known user, 403 when the role does not allow the request, both in the API's JSON error
 * shape. Anyone known may read ({@code GET}) and ask for a plan; deploying and operating jobs need
 * the developer or admin role. The file is read for every request, so edits take effect at once.
 */
public final class BearerAuthFilter extends Filter {
  private static final Logger LOG = LoggerFactory.getLogger(BearerAuthFilter.class);
  private static final String PLAN = "/api/v1/deployments/plan";

  /** The request attribute holding the authenticated {@link GatewayUser}. */
  public static final String USER_ATTRIBUTE = "tributary.user";

  private final Path tokenFile;

  public BearerAuthFilter(Path tokenFile) {
    this.tokenFile = requireNonNull(tokenFile, "tokenFile is null");
  }

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    TokenFile tokens;
    try {
      tokens = TokenFile.load(tokenFile);
    } catch (RuntimeException e) {
      refuse(exchange, 503, "The platform API cannot check tokens: " + e.getMessage());
      return;
    }
    TokenFile.Caller caller =
        tokens.caller(
            exchange.getRequestHeaders().getFirst("Authorization"),
            "the tributary commands send $TRIBUTARY_TOKEN");
    Optional<GatewayUser> user = caller.user();
    if (user.isEmpty()) {
      exchange.getResponseHeaders().set("WWW-Authenticate", TokenFile.CHALLENGE);
      refuse(exchange, 401, caller.unauthorized());
      return;
    }
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    boolean changes = !method.equals("GET") && !path.equals(PLAN);
    if (changes && user.get().role() == Role.READER) {
      refuse(
          exchange,
          403,
          "User "
              + user.get()
              + " may not deploy pipelines or operate jobs; that needs the developer or admin"
              + " role");
      return;
    }
    exchange.setAttribute(USER_ATTRIBUTE, user.get());
    chain.doFilter(exchange);
  }

  private static void refuse(HttpExchange exchange, int status, String message) throws IOException {
    LOG.info(
        "Refused {} {} with {}: {}",
        exchange.getRequestMethod(),
        exchange.getRequestURI(),
        status,
        message);
    try (exchange) {
      PlatformApi.error(exchange, status, message);
    }
  }

  @Override
  public String description() {
    return "bearer tokens of " + tokenFile;
  }
}
