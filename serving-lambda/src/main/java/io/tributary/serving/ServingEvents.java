package io.tributary.serving;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** API Gateway HTTP API events (payload format 2.0) to serving requests, and answers back. */
public final class ServingEvents {
  private ServingEvents() {}

  public static ServingRequest request(APIGatewayV2HTTPEvent event) {
    String method =
        event.getRequestContext() != null && event.getRequestContext().getHttp() != null
            ? event.getRequestContext().getHttp().getMethod()
            : "GET";
    String path = event.getRawPath() == null ? "/" : event.getRawPath();
    String body = event.getBody();
    if (body != null && event.getIsBase64Encoded()) {
      body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
    }
    return new ServingRequest(
        method,
        path,
        event.getHeaders() == null ? Map.of() : event.getHeaders(),
        event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters(),
        body);
  }

  public static APIGatewayV2HTTPResponse response(ServingResponse response) {
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(response.status())
        .withHeaders(response.headers())
        .withBody(response.body())
        .withIsBase64Encoded(false)
        .build();
  }
}
