package io.tributary.catalog.rest;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.rest.RESTUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lake's catalog over the Iceberg REST catalog API ({@code /v1/...}), so that any engine that
 * speaks it (Flink, Trino, Spark) reads and writes the same tables: a JDK HTTP server in front of
 * Iceberg's own request handlers and serializers, on a backing catalog (the JDBC catalog locally).
 *
 * <pre>{@code
 * try (RestCatalogServer server = RestCatalogServer.start(jdbcCatalog, "127.0.0.1", 8181)) {
 *   URI uri = server.uri(); // http://127.0.0.1:8181
 * }
 * }</pre>
 */
public final class RestCatalogServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RestCatalogServer.class);
  private static final int THREADS = 8;

  private final HttpServer server;
  private final ExecutorService executor;
  private final URI uri;

  private RestCatalogServer(HttpServer server, ExecutorService executor, URI uri) {
    this.server = server;
    this.executor = executor;
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
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 0);
    } catch (IOException e) {
      throw new IOException(
          "Cannot start the REST catalog on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            THREADS,
            r -> {
              Thread thread = new Thread(r, "rest-catalog-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext("/", exchange -> serve(handler, exchange));
    server.start();
    URI uri = URI.create("http://" + host + ":" + server.getAddress().getPort());
    LOG.info("REST catalog serving {} on {}", catalog.name(), uri);
    return new RestCatalogServer(server, executor, uri);
  }

  /** Where clients reach it: {@code http://127.0.0.1:8181}. */
  public URI uri() {
    return uri;
  }

  private static void serve(RestCatalogHandler handler, HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getRawPath();
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      if (method.equals("GET") && path.replaceAll("/+$", "").equals("/v1/config")) {
        send(exchange, 200, RestCatalogHandler.config());
        return;
      }
      Optional<RestRoute.Match> match = RestRoute.match(method, path);
      if (match.isEmpty()) {
        send(
            exchange,
            400,
            RestErrors.of(
                400, "BadRequestException", "No route for request: " + method + " " + path));
        return;
      }
      String body = readBody(exchange.getRequestBody());
      RestCatalogHandler.Response response;
      try {
        response = handler.handle(match.get().route(), match.get().variables(), query, body);
      } catch (RuntimeException e) {
        int status = RestErrors.status(e);
        if (status >= 500) {
          LOG.warn("REST catalog {} {} failed", method, path, e);
        }
        send(exchange, status, method.equals("HEAD") ? null : RestErrors.of(e));
        return;
      }
      send(exchange, response.status(), response.body());
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "REST catalog could not answer {} {}",
          exchange.getRequestMethod(),
          exchange.getRequestURI(),
          e);
      throw e;
    }
  }

  private static void send(HttpExchange exchange, int status, Object body) throws IOException {
    if (body == null || exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    byte[] json = RestJson.mapper().writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, json.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(json);
    }
  }

  private static String readBody(InputStream in) throws IOException {
    byte[] bytes = in.readAllBytes();
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

  @Override
  public void close() {
    server.stop(0);
    executor.shutdown();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
    LOG.info("REST catalog on {} stopped", uri);
  }
}
