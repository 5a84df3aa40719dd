package io.tributary.serving;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * A cold start, timed: in a fresh JVM on the deployment jar alone, the handler built from the
 * environment as Lambda builds it, then one request ({@code GET /v1/groups} with the key given as
 * the first argument). Prints {@code FIRST <status> <ms from JVM start> <ms in the handler>};
 * {@code bench serving} runs it.
 */
public final class FirstAnswer {
  private FirstAnswer() {}

  public static void main(String[] args) {
    long before = System.nanoTime();
    ServingHandler handler = new ServingHandler();
    APIGatewayV2HTTPEvent event =
        APIGatewayV2HTTPEvent.builder()
            .withRawPath("/v1/groups")
            .withHeaders(Map.of("x-api-key", args.length > 0 ? args[0] : ""))
            .withRequestContext(
                APIGatewayV2HTTPEvent.RequestContext.builder()
                    .withHttp(
                        APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                            .withMethod("GET")
                            .withPath("/v1/groups")
                            .build())
                    .build())
            .build();
    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
    long inHandler = (System.nanoTime() - before) / 1_000_000;
    long sinceStart =
        System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    System.out.println("FIRST " + response.getStatusCode() + " " + sinceStart + " " + inHandler);
  }
}
