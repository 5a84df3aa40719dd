package io.tributary.infra.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.tributary.serving.ServingHandler;
import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The serving Lambda's handler over plain HTTP beside {@code up}: each request becomes the API
 * Gateway HTTP API event (payload format 2.0) that AWS would send, and the handler's answer goes
 * back as it is, so local and Lambda answers are byte for byte the same JSON. No Lambda emulator
 * runs here; this adapter is the whole of the difference.
 */
public final class ServingEndpoint implements AutoCloseable {
  private static final List<HandlerType> METHODS =
      List.of(
          HandlerType.GET,
          HandlerType.POST,
          HandlerType.PUT,
          HandlerType.DELETE,
          HandlerType.PATCH);

  private final Javalin server;
  private final URI address;

  private ServingEndpoint(Javalin server, URI address) {
    this.server = server;
    this.address = address;
  }

  /** Serves {@code handler} on {@code host:port} (0 picks a free port). */
  public static ServingEndpoint start(ServingHandler handler, String host, int port)
      throws IOException {
    Javalin server = Javalin.create(config -> configure(config, handler));
    try {
      server.start(host, port);
    } catch (RuntimeException e) {
      server.stop();
      throw new IOException(
          "Cannot start the serving API on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    return new ServingEndpoint(server, URI.create("http://" + host + ":" + server.port()));
  }

  private static void configure(JavalinConfig config, ServingHandler handler) {
    QueuedThreadPool threads = new QueuedThreadPool(40, 2);
    threads.setName("tributary-serving");
    threads.setDaemon(true);
    config.jetty.threadPool = threads;
    config.startup.showJavalinBanner = false;
    config.startup.showOldJavalinVersionWarning = false;
    config.startup.startupWatcherEnabled = false;
    config.router.ignoreTrailingSlashes = false;
    config.http.compressionStrategy = io.javalin.compression.CompressionStrategy.NONE;
    for (HandlerType method : METHODS) {
      config.routes.addHttpHandler(method, "/*", ctx -> serve(ctx, handler));
    }
    config.routes.exception(
        io.javalin.router.EndpointNotFound.class, (e, ctx) -> serve(ctx, handler));
  }

  private static void serve(Context ctx, ServingHandler handler) {
    APIGatewayV2HTTPResponse response = handler.handleRequest(event(ctx), null);
    ctx.status(response.getStatusCode());
    if (response.getHeaders() != null) {
      response.getHeaders().forEach(ctx::header);
    }
    ctx.result(response.getBody() == null ? "" : response.getBody());
  }

  /** The event API Gateway would send for this request. */
  static APIGatewayV2HTTPEvent event(Context ctx) {
    Map<String, String> headers = new HashMap<>();
    for (String name : ctx.headerMap().keySet()) {
      headers.put(name.toLowerCase(java.util.Locale.ROOT), ctx.header(name));
    }
    Map<String, String> query = new HashMap<>();
    ctx.queryParamMap().forEach((name, values) -> query.put(name, values.get(0)));
    return APIGatewayV2HTTPEvent.builder()
        .withVersion("2.0")
        .withRouteKey("$default")
        .withRawPath(ctx.path())
        .withRawQueryString(ctx.queryString() == null ? "" : ctx.queryString())
        .withHeaders(headers)
        .withQueryStringParameters(query.isEmpty() ? null : query)
        .withBody(ctx.body().isEmpty() ? null : ctx.body())
        .withIsBase64Encoded(false)
        .withRequestContext(
            APIGatewayV2HTTPEvent.RequestContext.builder()
                .withStage("$default")
                .withHttp(
                    APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                        .withMethod(ctx.method().name())
                        .withPath(ctx.path())
                        .withProtocol("HTTP/1.1")
                        .withSourceIp(ctx.ip())
                        .withUserAgent(ctx.userAgent())
                        .build())
                .build())
        .build();
  }

  public URI address() {
    return address;
  }

  @Override
  public void close() {
    server.stop();
  }
}
