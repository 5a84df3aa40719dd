package io.tributary.serving;

import io.tributary.feature.dynamodb.OnlineStoreConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;

/**
 * How the serving Lambda is configured: environment variables only, so that the same jar runs in
 * AWS Lambda and beside {@code up}.
 *
 * <ul>
 *   <li>{@code TRIBUTARY_FEATURES_TABLE}: the online store's table (default {@code
 *       tributary_features});
 *   <li>{@code TRIBUTARY_DYNAMODB_ENDPOINT}: a DynamoDB-compatible endpoint (the local dynalite);
 *       unset for AWS's DynamoDB, with credentials from the SDK's default chain;
 *   <li>{@code AWS_REGION}: the region (Lambda sets it; default {@code us-east-1});
 *   <li>{@code TRIBUTARY_SERVING_OPEN}: {@code true} to answer without API keys while none is
 *       defined (what {@code up} does on 127.0.0.1); a Lambda never sets it, and refuses every
 *       request without a valid key.
 * </ul>
 *
 * @param store the online store
 * @param openWithoutKeys whether requests need no key while no key is defined
 */
public record ServingConfig(OnlineStoreConfig store, boolean openWithoutKeys) {
  public static final String TABLE = "TRIBUTARY_FEATURES_TABLE";
  public static final String ENDPOINT = "TRIBUTARY_DYNAMODB_ENDPOINT";
  public static final String REGION = "AWS_REGION";
  public static final String OPEN = "TRIBUTARY_SERVING_OPEN";

  /**
   * @throws IllegalArgumentException naming the variable that is wrong
   */
  public static ServingConfig fromEnvironment(Map<String, String> environment) {
    Optional<URI> endpoint = Optional.empty();
    String given = environment.get(ENDPOINT);
    if (given != null && !given.isBlank()) {
      try {
        URI uri = new URI(given.trim());
        if (uri.getScheme() == null || uri.getHost() == null) {
          throw new URISyntaxException(given, "not an absolute http(s) URL");
        }
        endpoint = Optional.of(uri);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(
            ENDPOINT + " is '" + given + "', which is not a URL such as http://127.0.0.1:8000");
      }
    }
    String open = environment.getOrDefault(OPEN, "false").trim();
    if (!open.equals("true") && !open.equals("false")) {
      throw new IllegalArgumentException(OPEN + " is '" + open + "'; use true or false");
    }
    return new ServingConfig(
        new OnlineStoreConfig(
            endpoint,
            environment.getOrDefault(TABLE, OnlineStoreConfig.DEFAULT_TABLE),
            environment.getOrDefault(REGION, "us-east-1")),
        open.equals("true"));
  }
}
