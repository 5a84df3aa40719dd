package io.tributary.infra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.catalog.error.ErrorCode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** The CLI's side of the platform API: JSON in and out, a refusal becomes a one-line error. */
final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final Optional<String> token;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  ApiClient(URI base, Optional<String> token) {
    this.base = base;
    this.token = token;
  }

  /** The platform's API, with the token of {@code TRIBUTARY_TOKEN} when it is set. */
  static ApiClient of(URI base) {
    return new ApiClient(
        base, Optional.ofNullable(System.getenv("TRIBUTARY_TOKEN")).filter(t -> !t.isBlank()));
  }

  JsonNode get(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET(), path);
  }

  JsonNode post(String path, JsonNode body) {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString())),
        path);
  }

  /** The response body; for a 409 deployment refusal the body too (it says what happened). */
  JsonNode postAllowingConflict(String path, JsonNode body) {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString())),
        path,
        409);
  }

  private JsonNode send(HttpRequest.Builder request, String path, int... alsoFine) {
    token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
    // a deployment waits for Flink to restore state: minutes, not seconds
    request.timeout(Duration.ofMinutes(10));
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new CliException(
          ErrorCode.UNAVAILABLE,
          "The platform API at " + base + " does not answer; is `bin/tributary up` running?",
          e);
    } catch (IOException e) {
      throw new CliException(
          ErrorCode.UNAVAILABLE, "Cannot call the platform API at " + base + path + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ErrorCode.INTERNAL, "Interrupted while calling " + base + path, e);
    }
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new CliException(
          ErrorCode.EXTERNAL_FAILURE,
          "The platform API answered "
              + response.statusCode()
              + " without JSON: "
              + response.body());
    }
    int status = response.statusCode();
    boolean fine = status / 100 == 2;
    for (int code : alsoFine) {
      fine |= status == code;
    }
    if (!fine) {
      throw new CliException(codeOf(status), body.path("message").asText("HTTP " + status));
    }
    return body;
  }

  /** The platform API's refusals, read back as the codes it rendered them from. */
  private static ErrorCode codeOf(int status) {
    return switch (status) {
      case 400 -> ErrorCode.INVALID_REQUEST;
      case 401, 403 -> ErrorCode.FORBIDDEN;
      case 404 -> ErrorCode.NOT_FOUND;
      case 409 -> ErrorCode.CONFLICT;
      case 503 -> ErrorCode.UNAVAILABLE;
      default -> ErrorCode.EXTERNAL_FAILURE;
    };
  }
}
