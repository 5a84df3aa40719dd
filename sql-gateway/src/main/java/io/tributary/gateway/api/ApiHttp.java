package io.tributary.gateway.api;

import static java.util.Objects.requireNonNull;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.EndpointNotFound;
import io.javalin.util.JavalinException;
import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.ErrorKind;
import io.tributary.catalog.error.TributaryException;
import io.tributary.gateway.auth.Access;
import io.tributary.gateway.auth.Admission;
import io.tributary.gateway.auth.GatewayUser;
import io.tributary.gateway.auth.TokenCheck;
import io.tributary.gateway.auth.TokenFile;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.util.URIUtil;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform API over HTTP, on Javalin: each {@link Route} registered as declared; every request
 * admitted first (when auth is on) with what its route needs; every answer JSON, and every failure
 * turned into its status and JSON error here and nowhere else. A request no route serves is
 * admitted too, then answered 405 (with {@code Allow}) where routes of other methods serve its
 * path, else 404.
 */
final class ApiHttp {
  private static final Logger LOG = LoggerFactory.getLogger(ApiHttp.class);

  /** Jetty's acceptor and selector threads come out of the same pool as the requests'. */
  private static final int THREADS = 16;

  private final List<Route> routes;
  private final ApiResources resources;
  private final Optional<TokenCheck> tokens;

  ApiHttp(List<Route> routes, ApiResources resources, Optional<TokenCheck> tokens) {
    this.routes = List.copyOf(requireNonNull(routes, "routes is null"));
    this.resources = requireNonNull(resources, "resources is null");
    this.tokens = requireNonNull(tokens, "tokens is null");
  }

  /** Serves the routes on {@code host:port} (0 picks a free port). */
  Javalin start(String host, int port) throws IOException {
    Javalin server = Javalin.create(this::configure);
    try {
      return server.start(host, port);
    } catch (JavalinException e) {
      server.stop();
      throw new IOException(
          "Cannot start the platform API on " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  private void configure(JavalinConfig config) {
    QueuedThreadPool threads = new QueuedThreadPool(THREADS, 2);
    threads.setName("tributary-api");
    threads.setDaemon(true);
    config.jetty.threadPool = threads;
    config.startup.showJavalinBanner = false;
    config.startup.showOldJavalinVersionWarning = false;
    config.startup.startupWatcherEnabled = false;
    // as the routes are written: /api/v1/jobs/ is not /api/v1/jobs
    config.router.ignoreTrailingSlashes = false;
    // answers as they always were: uncompressed, whatever the client accepts
    config.http.compressionStrategy = CompressionStrategy.NONE;
    // and bodies of any size (Javalin's default refuses those over 1 MB)
    config.http.maxRequestSize = Long.MAX_VALUE;
    for (Route route : routes) {
      config.routes.addHttpHandler(
          HandlerType.findOrCreate(route.method()),
          route.path(),
          ctx -> serve(ctx, route, ctx.pathParamMap()));
    }
    // Javalin answers HEAD by itself where a GET route is, but the API serves no HEAD
    routes.stream()
        .filter(route -> route.method().equals("GET"))
        .forEach(
            route -> config.routes.addHttpHandler(HandlerType.HEAD, route.path(), this::unserved));
    // what Javalin throws for a request that no route matches, whatever its method
    config.routes.exception(EndpointNotFound.class, (e, ctx) -> unserved(ctx));
  }

  private void serve(Context ctx, Route route, Map<String, String> variables) {
    String path = path(ctx);
    answer(
        ctx,
        route.access(),
        actor -> {
          if (!variables.values().stream().allMatch(v -> Route.VARIABLE.matcher(v).matches())) {
            throw new ApiException(404, "No such resource " + path);
          }
          return route
              .handler()
              .handle(resources, new ApiRequest(path, variables, ctx.bodyAsBytes(), actor));
        });
  }

  private void unserved(Context ctx) {
    String method = ctx.method().name();
    String path = path(ctx);
    // a path with percent-escapes where the route has none: Javalin matches the path as sent
    for (Route route : routes) {
      Optional<Map<String, String>> variables = route.variables(path);
      if (route.method().equals(method) && variables.isPresent()) {
        serve(ctx, route, variables.get());
        return;
      }
    }
    answer(
        ctx,
        accessOfUnserved(method, path),
        actor -> {
          throw notServed(method, path);
        });
  }

  /**
   * What a request that no route serves needs before it hears so: a GET reads; another method needs
   * what the path's routes of methods other than GET need (so a wrong method on the plan, a read,
   * needs a known user only), and {@link Access#OPERATE} where there are none.
   */
  private Access accessOfUnserved(String method, String path) {
    if (method.equals("GET")) {
      return Access.READ;
    }
    return routes.stream()
        .filter(route -> !route.method().equals("GET") && route.variables(path).isPresent())
        .map(Route::access)
        .max(Comparator.naturalOrder())
        .orElse(Access.OPERATE);
  }

  private ApiException notServed(String method, String path) {
    if (!path.startsWith(PlatformApi.PREFIX)) {
      return new ApiException(404, "No such resource " + path + "; the platform API is /api/v1");
    }
    List<String> allowed =
        routes.stream()
            .filter(route -> route.variables(path).isPresent())
            .map(Route::method)
            .distinct()
            .toList();
    if (allowed.isEmpty()) {
      return new ApiException(404, "No such resource " + path);
    }
    return new ApiException(
        405,
        method + " is not allowed on " + path + "; use " + String.join(" or ", allowed),
        Map.of("Allow", String.join(", ", allowed)));
  }

  /** What a route does once its caller is admitted: the user, when auth is on. */
  @FunctionalInterface
  private interface Work {
    ApiResponse answer(Optional<GatewayUser> actor) throws Exception;
  }

  private void answer(Context ctx, Access access, Work work) {
    String method = ctx.method().name();
    String path = path(ctx);
    ApiResponse response;
    try {
      response = work.answer(admit(ctx, access));
    } catch (ApiException e) {
      response = ApiResponse.error(e.status(), e.getMessage(), e.headers());
    } catch (Exception e) { // the one place a request's failure, whatever it is, becomes its answer
      response = failure(method, path, e);
    }
    ctx.status(response.status());
    response.headers().forEach(ctx::header);
    ctx.contentType("application/json");
    ctx.result(response.json());
  }

  private static ApiResponse failure(String method, String path, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    ErrorCode code = TributaryException.codeOf(e);
    if (code.kind() != ErrorKind.USER) {
      LOG.warn("{} {} failed", method, path, e);
    }
    return ApiResponse.error(
        ApiErrors.status(code),
        code == ErrorCode.INTERNAL
            ? e.getClass().getSimpleName() + ": " + e.getMessage()
            : e.getMessage(),
        Map.of());
  }

  /** The caller, when auth is on; a refusal is an {@link ApiException} with its status. */
  private Optional<GatewayUser> admit(Context ctx, Access access) {
    if (tokens.isEmpty()) {
      return Optional.empty();
    }
    Admission admission =
        tokens.get().admit(Optional.ofNullable(ctx.header("Authorization")), access);
    if (admission instanceof Admission.Admitted admitted) {
      return Optional.of(admitted.user());
    }
    Admission.Refused refused = (Admission.Refused) admission;
    ApiException refusal =
        switch (refused.refusal()) {
          case UNAUTHENTICATED ->
              new ApiException(
                  401, refused.message(), Map.of("WWW-Authenticate", TokenFile.CHALLENGE));
          case FORBIDDEN -> new ApiException(403, refused.message());
          case CANNOT_CHECK_TOKENS -> new ApiException(503, refused.message());
        };
    String query = ctx.queryString();
    LOG.info(
        "Refused {} {} with {}: {}",
        ctx.method().name(),
        ctx.path() + (query == null ? "" : "?" + query),
        refusal.status(),
        refusal.getMessage());
    throw refusal;
  }

  /** The request's path, percent-decoded, as the API's messages name it. */
  private static String path(Context ctx) {
    try {
      return URIUtil.decodePath(ctx.path());
    } catch (IllegalArgumentException e) { // an escape that decodes to nothing: named as sent
      return ctx.path();
    }
  }
}
