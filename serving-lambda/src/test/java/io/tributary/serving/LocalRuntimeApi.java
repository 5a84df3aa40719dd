package io.tributary.serving;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local implementation of the AWS Lambda Runtime API (version 2018-06-01, as documented: {@code
 * GET /runtime/invocation/next} hands out the next event with its request id and deadline, {@code
 * POST /runtime/invocation/{id}/response} and {@code .../error} take its outcome, {@code POST
 * /runtime/init/error} an initialisation failure), so that AWS's own runtime client can run a
 * function's jar here as Lambda would. No Lambda emulator is available to this build; this is the
 * protocol's server side, small enough to write (the JDK's HTTP server, nothing else).
 */
final class LocalRuntimeApi implements AutoCloseable {
  private static final String BASE = "/2018-06-01/runtime/";

  private final HttpServer server;
  private final BlockingQueue<String[]> events = new LinkedBlockingQueue<>();
  private final Map<String, CompletableFuture<String>> outcomes = new ConcurrentHashMap<>();
  private final CompletableFuture<String> initError = new CompletableFuture<>();
  private final AtomicLong ids = new AtomicLong();

  LocalRuntimeApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(BASE, this::serve);
    server.start();
  }

  /** {@code host:port}, what {@code AWS_LAMBDA_RUNTIME_API} says. */
  String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** Queues {@code event} (JSON) for the function; the future completes with its response. */
  CompletableFuture<String> invoke(String event) {
    String id = "req-" + ids.incrementAndGet();
    CompletableFuture<String> outcome = new CompletableFuture<>();
    outcomes.put(id, outcome);
    events.add(new String[] {id, event});
    return outcome;
  }

  /** Completes with the error the function reported at start, if it did. */
  CompletableFuture<String> initError() {
    return initError;
  }

  private void serve(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath().substring(BASE.length());
    String method = exchange.getRequestMethod();
    try {
      if (method.equals("GET") && path.equals("invocation/next")) {
        String[] next = events.poll(5, TimeUnit.MINUTES);
        if (next == null) {
          reply(exchange, 500, "{\"errorMessage\":\"no invocation\"}");
          return;
        }
        exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", next[0]);
        exchange
            .getResponseHeaders()
            .add("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 30_000));
        exchange
            .getResponseHeaders()
            .add(
                "Lambda-Runtime-Invoked-Function-Arn",
                "arn:aws:lambda:us-east-1:000000000000:function:tributary-serving");
        exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=1-local");
        reply(exchange, 200, next[1]);
        return;
      }
      String body = new String(exchange.getRequestBody().readAllBytes(), UTF_8);
      if (method.equals("POST") && path.equals("init/error")) {
        initError.complete(body);
        reply(exchange, 202, "{\"status\":\"OK\"}");
        return;
      }
      if (method.equals("POST") && path.startsWith("invocation/")) {
        String[] parts = path.split("/");
        CompletableFuture<String> outcome = outcomes.get(parts[1]);
        if (outcome != null && parts.length == 3) {
          if (parts[2].equals("response")) {
            outcome.complete(body);
          } else {
            outcome.completeExceptionally(new IllegalStateException("function error: " + body));
          }
          reply(exchange, 202, "{\"status\":\"OK\"}");
          return;
        }
      }
      reply(exchange, 404, "{\"errorMessage\":\"unknown path " + path + "\"}");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reply(exchange, 500, "{\"errorMessage\":\"interrupted\"}");
    }
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
