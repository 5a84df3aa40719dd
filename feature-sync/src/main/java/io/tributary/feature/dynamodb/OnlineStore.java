package io.tributary.feature.dynamodb;

import static java.util.Objects.requireNonNull;

import io.tributary.feature.aggregate.FeatureDefinition;
import io.tributary.feature.aggregate.FeatureState;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * The online store on DynamoDB: the read API (what the serving Lambda calls), the conditional
 * writes, the group pointers and the jobs' stats. The same code runs against AWS's DynamoDB and
 * against the local dynalite. Thread-safe.
 */
public final class OnlineStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OnlineStore.class);

  /** BatchGetItem reads at most 100 keys per request. */
  static final int BATCH_GET = 100;

  /** BatchWriteItem writes at most 25 items per request. */
  static final int BATCH_WRITE = 25;

  private final OnlineStoreConfig config;
  private final DynamoDbClient client;

  private OnlineStore(OnlineStoreConfig config, DynamoDbClient client) {
    this.config = config;
    this.client = client;
  }

  /** A client of the store; it calls nothing until used. */
  public static OnlineStore connect(OnlineStoreConfig config) {
    requireNonNull(config, "config is null");
    var builder =
        DynamoDbClient.builder()
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(5))
                    .socketTimeout(Duration.ofSeconds(30)))
            .overrideConfiguration(
                ClientOverrideConfiguration.builder()
                    .apiCallTimeout(Duration.ofSeconds(60))
                    .build())
            .region(Region.of(config.region()));
    config.endpoint().ifPresent(endpoint -> local(builder, endpoint));
    return new OnlineStore(config, builder.build());
  }

  /**
   * The asynchronous client the feature jobs write with: Netty, at most {@code maxConcurrency}
   * requests at once.
   */
  public static DynamoDbAsyncClient asyncClient(OnlineStoreConfig config, int maxConcurrency) {
    var builder =
        DynamoDbAsyncClient.builder()
            .httpClientBuilder(
                NettyNioAsyncHttpClient.builder()
                    .maxConcurrency(maxConcurrency)
                    .connectionTimeout(Duration.ofSeconds(5)))
            .region(Region.of(config.region()));
    if (config.endpoint().isPresent()) {
      builder.endpointOverride(config.endpoint().get()).credentialsProvider(localCredentials());
    } else {
      builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
    }
    return builder.build();
  }

  private static void local(
      software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder builder, URI endpoint) {
    builder.endpointOverride(endpoint).credentialsProvider(localCredentials());
  }

  private static StaticCredentialsProvider localCredentials() {
    // a local DynamoDB checks that requests are signed, not by whom
    return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
  }

  public OnlineStoreConfig config() {
    return config;
  }

  /**
   * The features of {@code entities} at {@code at}, in the order asked (entity by entity, the
   * group's features in declared order when {@code features} is empty). The group's pointer is read
   * once, so one read never mixes two generations.
   *
   * @throws UnknownFeatureGroupException when the store has no such group
   * @throws IllegalArgumentException when a feature is not the group's
   */
  public List<FeatureRead> read(
      String group, List<String> entities, List<String> features, Instant at) {
    GroupPointer pointer =
        pointer(group).orElseThrow(() -> new UnknownFeatureGroupException(group));
    List<String> names = features.isEmpty() ? pointer.features() : features;
    for (String name : names) {
      if (!pointer.features().contains(name)) {
        throw new IllegalArgumentException(
            "Feature group "
                + group
                + " has no feature "
                + name
                + "; its features are "
                + pointer.features());
      }
    }
    Set<Integer> parts = new java.util.TreeSet<>();
    names.forEach(name -> parts.add(pointer.partOf(name)));
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    for (String entity : new LinkedHashSet<>(entities)) {
      for (int part : parts) {
        keys.add(
            Map.of(
                ItemLayout.PK,
                ItemLayout.text(ItemLayout.entityKey(group, pointer.active(), entity)),
                ItemLayout.SK,
                ItemLayout.text(ItemLayout.partKey(part))));
      }
    }
    Map<String, FeatureItem> items = new HashMap<>();
    for (int from = 0; from < keys.size(); from += BATCH_GET) {
      for (Map<String, AttributeValue> item :
          batchGet(keys.subList(from, Math.min(keys.size(), from + BATCH_GET)))) {
        FeatureItem read = ItemLayout.featureItem(group, pointer.active(), item);
        items.put(read.entity() + "\n" + read.part(), read);
      }
    }
    List<FeatureRead> reads = new ArrayList<>();
    for (String entity : entities) {
      for (String name : names) {
        FeatureItem item = items.get(entity + "\n" + pointer.partOf(name));
        int index = item == null ? -1 : indexOf(item, name);
        reads.add(
            index < 0
                ? new FeatureRead(
                    entity,
                    name,
                    null,
                    FeatureStatus.NOT_FOUND,
                    Optional.empty(),
                    Map.of(),
                    0,
                    Optional.empty())
                : evaluate(item, index, pointer, at));
      }
    }
    return reads;
  }

  private static int indexOf(FeatureItem item, String feature) {
    for (int i = 0; i < item.definitions().size(); i++) {
      if (item.definitions().get(i).name().equals(feature)) {
        return i;
      }
    }
    return -1;
  }

  private static FeatureRead evaluate(
      FeatureItem item, int index, GroupPointer pointer, Instant at) {
    FeatureDefinition definition = item.definitions().get(index);
    Object value =
        FeatureState.decode(definition, item.states().get(index)).valueAt(at.toEpochMilli());
    Instant newest = Instant.ofEpochMilli(item.newestEventTime());
    boolean stale =
        pointer.maxAge().isPresent() && newest.plus(pointer.maxAge().get()).isBefore(at);
    return new FeatureRead(
        item.entity(),
        definition.name(),
        value,
        stale ? FeatureStatus.STALE : FeatureStatus.PRESENT,
        Optional.of(newest),
        item.position(),
        item.version(),
        Optional.of(Instant.ofEpochMilli(item.writtenAt())));
  }

  private List<Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys) {
    List<Map<String, AttributeValue>> found = new ArrayList<>();
    Map<String, KeysAndAttributes> request =
        Map.of(config.table(), KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
    for (int attempt = 0; !request.isEmpty(); attempt++) {
      if (attempt > 0) {
        pause(Math.min(1_000, 20L << Math.min(attempt, 6)));
      }
      Map<String, KeysAndAttributes> batch = request;
      var response = client.batchGetItem(b -> b.requestItems(batch));
      found.addAll(response.responses().getOrDefault(config.table(), List.of()));
      request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
      if (attempt > 20 && !request.isEmpty()) {
        throw new IllegalStateException(
            "DynamoDB left keys unprocessed after 20 tries; the table is throttled");
      }
    }
    return found;
  }

  /** The tables the endpoint has: a call that shows it answers. */
  public List<String> listTables() {
    return client.listTables().tableNames();
  }

  /**
   * Creates the table when missing and waits until it is active; turns on expiry by {@code ttl}
   * where the server has it (dynalite has not: locally, items stay, which reads do not notice,
   * since they leave out every slice outside the window).
   */
  public void ensureTable() {
    new TableAdmin(client, config.table()).ensureTable();
  }

  /**
   * Removes every item of a generation (its features and its stats): a scan of the table for the
   * generation's key prefix, deleted 25 at a time. Returns how many.
   */
  public long deleteGeneration(String group, String generation) {
    return new TableAdmin(client, config.table()).deleteAll(ItemLayout.statsKey(group, generation));
  }

  /** Up to {@code limit} entities of a generation, for the CLI. */
  public List<String> entities(String group, String generation, int limit) {
    return new TableAdmin(client, config.table())
        .entities(ItemLayout.statsKey(group, generation), limit);
  }

  /** Writes one item unless a higher version is stored; true when written. */
  public boolean write(FeatureItem item) {
    try {
      client.putItem(ItemLayout.put(config.table(), item));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  public Optional<GroupPointer> pointer(String group) {
    try {
      var response =
          client.getItem(
              b ->
                  b.tableName(config.table())
                      .consistentRead(true)
                      .key(
                          Map.of(
                              ItemLayout.PK,
                              ItemLayout.text(group),
                              ItemLayout.SK,
                              ItemLayout.text(ItemLayout.POINTER))));
      return response.hasItem() && !response.item().isEmpty()
          ? Optional.of(ItemLayout.pointer(response.item()))
          : Optional.empty();
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    }
  }

  /** Creates or replaces the group's pointer. */
  public void publish(GroupPointer pointer) {
    client.putItem(b -> b.tableName(config.table()).item(ItemLayout.pointer(pointer)));
  }

  /**
   * Points the group's reads at {@code next} in one conditional write, only if they still read
   * {@code fromGeneration}; false when they do not.
   */
  public boolean switchTo(String group, String fromGeneration, GroupPointer next) {
    try {
      client.putItem(
          b ->
              b.tableName(config.table())
                  .item(ItemLayout.pointer(next))
                  .conditionExpression("active = :from")
                  .expressionAttributeValues(Map.of(":from", ItemLayout.text(fromGeneration))));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  public void deletePointer(String group) {
    client.deleteItem(
        b ->
            b.tableName(config.table())
                .key(
                    Map.of(
                        ItemLayout.PK,
                        ItemLayout.text(group),
                        ItemLayout.SK,
                        ItemLayout.text(ItemLayout.POINTER))));
  }

  /** What a generation's job has done, summed over its tasks. */
  public GroupStats stats(String group, String generation) {
    String key = ItemLayout.statsKey(group, generation);
    var response =
        client.query(
            b ->
                b.tableName(config.table())
                    .consistentRead(true)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", ItemLayout.text(key))));
    long events = 0;
    long late = 0;
    long entities = 0;
    long newest = Long.MIN_VALUE;
    long written = 0;
    long writes = 0;
    Map<Integer, Long> position = new TreeMap<>();
    for (Map<String, AttributeValue> item : response.items()) {
      GroupStats stats = ItemLayout.stats(item);
      events += stats.events();
      late += stats.late();
      entities += stats.entities();
      newest = Math.max(newest, stats.newestEventTime());
      written = Math.max(written, stats.writtenAt());
      writes += stats.writes();
      stats.position().forEach((p, o) -> position.merge(p, o, Math::max));
    }
    return new GroupStats(events, late, entities, newest, written, position, writes);
  }

  /** Writes one task's stats (the job does, through {@link ItemLayout#statsPut}). */
  public void writeStats(String group, String generation, int task, GroupStats stats) {
    client.putItem(ItemLayout.statsPut(config.table(), group, generation, task, stats));
  }

  private static void pause(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for DynamoDB", e);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
