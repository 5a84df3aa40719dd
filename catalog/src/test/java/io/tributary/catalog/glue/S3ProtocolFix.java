package io.tributary.catalog.glue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A pass-through in front of {@link MotoServer} that mends the one answer in which moto 5.2.1
 * departs from S3's protocol: it completes a multipart upload with a {@code
 * <CompleteMultipartUploadResponse>} document, where S3 answers {@code
 * <CompleteMultipartUploadResult>}. The AWS SDK v1 inside Flink's S3 file system, which writes
 * every checkpoint's metadata by a multipart upload, fails on moto's shape (a NullPointerException
 * parsing it); through this, the real client and the real server speak S3 as AWS does. Every other
 * request and answer passes byte for byte.
 *
 * <p>Written by hand: it is a test stand-in's fix, a few lines on the JDK's own HTTP server and
 * client, and no library proxies one element name.
 */
public final class S3ProtocolFix implements AutoCloseable {
  private static final Set<String> NOT_FORWARDED =
      Set.of("host", "content-length", "connection", "expect", "transfer-encoding", "upgrade");

  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(8);
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final URI target;

  private S3ProtocolFix(URI target) throws IOException {
    this.target = target;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::forward);
    server.setExecutor(threads);
    server.start();
  }

  /** Starts the pass-through to {@code moto} on a free port of 127.0.0.1. */
  public static S3ProtocolFix in(MotoServer moto) throws IOException {
    return new S3ProtocolFix(moto.endpoint());
  }

  /** Where clients go instead of moto's own address. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      HttpRequest.Builder request =
          HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
              .method(
                  exchange.getRequestMethod(),
                  body.length == 0
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(body));
      for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
        if (!NOT_FORWARDED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
          header.getValue().forEach(value -> request.header(header.getKey(), value));
        }
      }
      HttpResponse<byte[]> response;
      try {
        response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("Interrupted forwarding to " + target, e);
      }
      byte[] answer = response.body();
      if (exchange.getRequestMethod().equals("POST")
          && exchange.getRequestURI().getQuery() != null
          && exchange.getRequestURI().getQuery().contains("uploadId=")) {
        answer =
            new String(answer, StandardCharsets.UTF_8)
                .replace("CompleteMultipartUploadResponse", "CompleteMultipartUploadResult")
                .getBytes(StandardCharsets.UTF_8);
      }
      response
          .headers()
          .map()
          .forEach(
              (name, values) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                boolean head = exchange.getRequestMethod().equals("HEAD");
                if (!lower.equals("transfer-encoding")
                    && !lower.equals("connection")
                    && !lower.equals(":status")
                    && (head || !lower.equals("content-length"))) {
                  exchange.getResponseHeaders().put(name, values);
                }
              });
      boolean empty = answer.length == 0 || exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(response.statusCode(), empty ? -1 : answer.length);
      if (!empty) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(answer);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
