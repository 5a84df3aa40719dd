package io.tributary.serving;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.crac.Core;
import org.crac.Resource;

/**
 * The serving Lambda's handler, for API Gateway HTTP API events (payload format 2.0): {@code
 * io.tributary.serving.ServingHandler::handleRequest}. Configured from environment variables only
 * ({@link ServingConfig}). With SnapStart, it primes itself before the snapshot (the CRaC hook
 * {@link #beforeCheckpoint}), so a restored instance answers its first request warm.
 */
public final class ServingHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>, Resource {
  private final ServingApi api;

  /** What Lambda calls: the API over the store the environment names. */
  public ServingHandler() {
    this(ServingApi.create(ServingConfig.fromEnvironment(System.getenv())));
  }

  public ServingHandler(ServingApi api) {
    this.api = api;
    Core.getGlobalContext().register(this);
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    return ServingEvents.response(api.handle(ServingEvents.request(event)));
  }

  @Override
  public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
    api.prime();
  }

  @Override
  public void afterRestore(org.crac.Context<? extends Resource> context) {
    // nothing to do: the SDK's URL connections are opened per request
  }
}
