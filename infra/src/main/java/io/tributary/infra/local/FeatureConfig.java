package io.tributary.infra.local;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.TributaryException;
import io.tributary.feature.dynamodb.OnlineStoreConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The feature groups a platform runs and where their online store is.
 *
 * @param dirs directories of feature group declarations, one YAML file per group
 * @param dynamodb the store's endpoint: {@code http://host:port} of a DynamoDB-compatible server,
 *     or {@code aws://<region>} for AWS's own DynamoDB (credentials from the SDK's default chain);
 *     empty runs the local dynalite under the data dir
 * @param dynamodbPort the local dynalite's port (0 picks a free one)
 * @param servingPort the serving API's port (0 picks a free one)
 */
public record FeatureConfig(
    List<Path> dirs, Optional<URI> dynamodb, int dynamodbPort, int servingPort) {
  public FeatureConfig {
    dirs = List.copyOf(requireNonNull(dirs, "dirs is null"));
    requireNonNull(dynamodb, "dynamodb is null");
    PlatformOptions.DYNAMODB_PORT.check(dynamodbPort);
    PlatformOptions.SERVING_PORT.check(servingPort);
    dynamodb.ifPresent(FeatureConfig::store);
  }

  /** These groups, with the local DynamoDB and the serving API on free ports. */
  public static FeatureConfig onFreePort(List<Path> dirs) {
    return new FeatureConfig(dirs, Optional.empty(), 0, 0);
  }

  public FeatureConfig withDirs(List<Path> newDirs) {
    return new FeatureConfig(newDirs, dynamodb, dynamodbPort, servingPort);
  }

  /** The store at {@code endpoint}, as {@link #dynamodb} spells it. */
  public static OnlineStoreConfig store(URI endpoint) {
    String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme();
    switch (scheme) {
      case "aws" -> {
        if (endpoint.getHost() == null) {
          throw new TributaryException(
              ErrorCode.INVALID_REQUEST,
              "--dynamodb "
                  + endpoint
                  + " names no region; use aws://<region>, such as"
                  + " aws://eu-west-1");
        }
        return new OnlineStoreConfig(
            Optional.empty(), OnlineStoreConfig.DEFAULT_TABLE, endpoint.getHost());
      }
      case "http", "https" -> {
        return new OnlineStoreConfig(
            Optional.of(endpoint), OnlineStoreConfig.DEFAULT_TABLE, "us-east-1");
      }
      default ->
          throw new TributaryException(
              ErrorCode.INVALID_REQUEST,
              "--dynamodb "
                  + endpoint
                  + " is neither http(s)://host:port of a DynamoDB-compatible"
                  + " server nor aws://<region>");
    }
  }
}
