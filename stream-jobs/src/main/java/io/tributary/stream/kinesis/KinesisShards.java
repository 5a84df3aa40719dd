package io.tributary.stream.kinesis;

import io.tributary.stream.source.KinesisSpec;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

/** The bridge's view of a Kinesis stream: the client a declaration describes, and its shards. */
final class KinesisShards {
  private KinesisShards() {}

  /** The Kinesis client a declaration describes: its region, its endpoint, its credentials. */
  static KinesisClient client(KinesisSpec kinesis) {
    KinesisClientBuilder builder =
        KinesisClient.builder().httpClient(UrlConnectionHttpClient.create());
    kinesis.region().ifPresent(region -> builder.region(Region.of(region)));
    if (kinesis.region().isEmpty() && kinesis.isLocal()) {
      builder.region(Region.US_EAST_1);
    }
    kinesis.endpoint().ifPresent(builder::endpointOverride);
    builder.credentialsProvider(
        kinesis.isLocal()
            ? StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))
            : DefaultCredentialsProvider.builder().build());
    return builder.build();
  }

  /** Every shard the stream lists, open and closed, with its parents. */
  static List<ShardPlan.Shard> list(KinesisClient client, KinesisSpec kinesis, String source) {
    List<ShardPlan.Shard> listed = new ArrayList<>();
    String token = null;
    try {
      do {
        ListShardsRequest request =
            token == null
                ? ListShardsRequest.builder().streamName(kinesis.stream()).build()
                : ListShardsRequest.builder().nextToken(token).build();
        ListShardsResponse response = client.listShards(request);
        response
            .shards()
            .forEach(
                shard -> {
                  List<String> parents = new ArrayList<>();
                  if (shard.parentShardId() != null) {
                    parents.add(shard.parentShardId());
                  }
                  if (shard.adjacentParentShardId() != null) {
                    parents.add(shard.adjacentParentShardId());
                  }
                  listed.add(new ShardPlan.Shard(shard.shardId(), parents));
                });
        token = response.nextToken();
      } while (token != null);
    } catch (ResourceNotFoundException e) {
      throw new IllegalStateException(
          "Kinesis stream "
              + kinesis.stream()
              + " of source "
              + source
              + " does not exist"
              + kinesis.endpoint().map(uri -> " at " + uri).orElse(""),
          e);
    }
    return listed;
  }
}
