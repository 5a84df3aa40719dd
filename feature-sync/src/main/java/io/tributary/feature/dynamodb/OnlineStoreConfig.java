package io.tributary.feature.dynamodb;

import java.net.URI;
import java.util.Optional;

/**
 * Where the online store is.
 *
 * @param endpoint a DynamoDB-compatible endpoint (the local dynalite); empty for AWS's own, with
 *     region and credentials from the SDK's default chains
 * @param table the table that holds every group's items
 * @param region the region for AWS (ignored by dynalite but signed with)
 */
public record OnlineStoreConfig(Optional<URI> endpoint, String table, String region)
    implements java.io.Serializable {
  public static final String DEFAULT_TABLE = "tributary_features";

  public static OnlineStoreConfig local(URI endpoint) {
    return new OnlineStoreConfig(Optional.of(endpoint), DEFAULT_TABLE, "us-east-1");
  }
}
