package io.tributary.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Requests as the platform's REST clients send them: a JSON body, an optional bearer token. Shared
 * with infra's tests through this module's test-jar.
 */
public final class TestHttp {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private TestHttp() {}

  /** Sends {@code body} (none when null) to {@code path} under {@code base}, without a token. */
  public static HttpResponse<String> send(URI base, String method, String path, String body)
      throws Exception {
    return send(base, method, path, null, body);
  }

  /** As {@link #send(URI, String, String, String)}, with {@code token} as bearer when not null. */
  public static HttpResponse<String> send(
      URI base, String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
