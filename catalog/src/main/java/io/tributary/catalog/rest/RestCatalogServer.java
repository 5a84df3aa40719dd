package io.tributary.catalog.rest;

import static java.util.Objects.requireNonNull;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.EndpointNotFound;
import io.javalin.util.JavalinException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.rest.RESTUtil;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lake's catalog over the Iceberg REST catalog API ({@code /v1/...}), so that any engine that
 * speaks it (Flink, Trino, Spark) reads and writes the same tables: an HTTP server (Javalin) in
 * front of Iceberg's own request handlers and serializers, on a backing catalog (the JDBC catalog
 * locally). The protocol is Iceberg's: its routes ({@link RestRoute}), its handlers ({@link
 * RestCatalogHandler}) and its error shape ({@link RestErrors}).
 *
 * <pre>{@code
 * try (RestCatalogServer server = RestCatalogServer.start(jdbcCatalog, "127.0.0.1", 8181)) {
 *   URI uri = server.uri(); // http://127.0.0.1:8181
 * }
 * }</pre>
 */
public final class RestCatalogServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RestCatalogServer.class);

  /** Jetty's acceptor and selector threads come out of the same pool as the requests'. */
  private static final int THREADS = 16;

  private final Javalin server;
  private final URI uri;
  private final AtomicBoolean closed = new AtomicBoolean();

  private RestCatalogServer(Javalin server, URI uri) {
    this.server = server;
    this.uri = uri;
  }

  /**
   * Serves {@code catalog} on {@code host:port} (0 picks a free port).
   *
   * @throws IOException when the address cannot be bound
   */
  public static RestCatalogServer start(Catalog catalog, String host, int port) throws IOException {
    requireNonNull(catalog, "catalog is null");
    requireNonNull(host, "host is null");
    RestCatalogHandler handler = new RestCatalogHandler(catalog);
    Javalin server = Javalin.create(config -> configure(config, handler));
    try {
      server.start(host, port);
    } catch (JavalinException e) {
      server.stop();
      throw new IOException(
          "Cannot start the REST catalog on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    URI uri = URI.create("http://" + host + ":" + server.port());
    LOG.info("REST catalog serving {} on {}", catalog.name(), uri);
    return new RestCatalogServer(server, uri);
  }

  private static void configure(JavalinConfig config, RestCatalogHandler handler) {
    QueuedThreadPool threads = new QueuedThreadPool(THREADS, 2);
    threads.setName("rest-catalog");
    threads.setDaemon(true);
    config.jetty.threadPool = threads;
    config.startup.showJavalinBanner = false;
    config.startup.showOldJavalinVersionWarning = false;
    config.startup.startupWatcherEnabled = false;
    // answers as they always were: uncompressed, whatever the client accepts
    config.http.compressionStrategy = CompressionStrategy.NONE;
    // and bodies of any size (Javalin's default refuses those over 1 MB)
    config.http.maxRequestSize = Long.MAX_VALUE;
    // One handler per method, matching Iceberg's routes on the raw path: a namespace's levels are
    // joined by an escaped separator (%1F) that only Iceberg's RESTUtil may decode.
    for (HandlerType method : HandlerType.values()) {
      if (method.isHttpMethod()) {
        config.routes.addHttpHandler(method, "/<path>", ctx -> serve(handler, ctx));
      }
    }
    // whatever else Javalin's router does not match (the root, another method): Iceberg's routes
    // decide there too, and answer that they have none
    config.routes.exception(EndpointNotFound.class, (e, ctx) -> serve(handler, ctx));
  }

  /** Where clients reach it: {@code http://127.0.0.1:8181}. */
  public URI uri() {
    return uri;
  }

  private static void serve(RestCatalogHandler handler, Context ctx) {
    String method = ctx.method().name();
    // still encoded, as the routes and Iceberg's decoding of path variables expect it
    String path = ctx.req().getRequestURI();
    try {
      if (method.equals("GET") && path.replaceAll("/+$", "").equals("/v1/config")) {
        send(ctx, 200, RestCatalogHandler.config());
        return;
      }
      Optional<RestRoute.Match> match = RestRoute.match(method, path);
      if (match.isEmpty()) {
        send(
            ctx,
            400,
            RestErrors.of(
                400, "BadRequestException", "No route for request: " + method + " " + path));
        return;
      }
      Map<String, String> query = query(ctx.req().getQueryString());
      RestCatalogHandler.Response response;
      try {
        response = handler.handle(match.get().route(), match.get().variables(), query, body(ctx));
      } catch (RuntimeException e) { // Iceberg's handlers fail with exceptions RestErrors maps
        int status = RestErrors.status(e);
        if (status >= 500) {
          LOG.warn("REST catalog {} {} failed", method, path, e);
        }
        send(ctx, status, RestErrors.of(e));
        return;
      }
      send(ctx, response.status(), response.body());
    } catch (RuntimeException e) { // no answer at all (the query, the body, the JSON): a 500
      LOG.warn("REST catalog could not answer {} {}", method, path, e);
      send(ctx, 500, RestErrors.of(500, e.getClass().getSimpleName(), e.getMessage()));
    }
  }

  /** Answers {@code body} as JSON; HEAD answers and answers without a body have none. */
  private static void send(Context ctx, int status, Object body) {
    ctx.status(status);
    if (body == null || ctx.method() == HandlerType.HEAD) {
      ctx.res().setContentType(null);
      return;
    }
    byte[] json;
    try {
      json = RestJson.mapper().writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the answer as JSON: " + e.getMessage(), e);
    }
    ctx.contentType("application/json").result(json);
  }

  private static String body(Context ctx) {
    byte[] bytes = ctx.bodyAsBytes();
    return bytes.length == 0 ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> params = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params.put(RESTUtil.decodeString(key), RESTUtil.decodeString(value));
    }
    return params;
  }

  /** Stops serving; in-flight requests are cut off. Closing again does nothing. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      server.stop();
      LOG.info("REST catalog on {} stopped", uri);
    }
  }
}
