package io.tributary.gateway.api;

/** What answers the requests of one {@link Route}, given the API's resources. */
@FunctionalInterface
interface RouteHandler {
  ApiResponse handle(ApiResources resources, ApiRequest request) throws Exception;
}
