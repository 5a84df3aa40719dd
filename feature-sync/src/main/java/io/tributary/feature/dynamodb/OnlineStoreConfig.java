package io.tributary.feature.dynamodb;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Where the online store is: a DynamoDB-compatible endpoint (the local dynalite), or AWS's own
 * DynamoDB in a region, with credentials from the SDK's default chain; and the table that holds
 * every group's items. Serializable, since the feature jobs' sinks carry it to their tasks (hence a
 * class with a nullable field rather than a record of an Optional).
 */
public final class OnlineStoreConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String DEFAULT_TABLE = "tributary_features";

  private final URI endpoint;
  private final String table;
  private final String region;

  /**
   * @param endpoint a DynamoDB-compatible endpoint; empty for AWS's own
   * @param table the table of every group's items
   * @param region the region for AWS (a local server ignores it, but requests are signed with it)
   */
  public OnlineStoreConfig(Optional<URI> endpoint, String table, String region) {
    this.endpoint = requireNonNull(endpoint, "endpoint is null").orElse(null);
    this.table = requireNonNull(table, "table is null");
    this.region = requireNonNull(region, "region is null");
  }

  /** The local store at {@code endpoint}, with the default table. */
  public static OnlineStoreConfig local(URI endpoint) {
    return new OnlineStoreConfig(Optional.of(endpoint), DEFAULT_TABLE, "us-east-1");
  }

  public Optional<URI> endpoint() {
    return Optional.ofNullable(endpoint);
  }

  /**
   * The credentials requests are signed with: the SDK's default chain for AWS; for a local endpoint
   * fixed ones, since a local DynamoDB checks that requests are signed, not by whom.
   */
  public AwsCredentialsProvider credentials() {
    return endpoint == null
        ? DefaultCredentialsProvider.builder().build()
        : StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
  }

  public String table() {
    return table;
  }

  public String region() {
    return region;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OnlineStoreConfig other
        && Objects.equals(endpoint, other.endpoint)
        && table.equals(other.table)
        && region.equals(other.region);
  }

  @Override
  public int hashCode() {
    return Objects.hash(endpoint, table, region);
  }

  @Override
  public String toString() {
    return (endpoint == null ? "dynamodb://" + region : endpoint.toString()) + "/" + table;
  }
}
