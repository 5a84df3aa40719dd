package io.tributary.feature.dynamodb;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * The online store on DynamoDB: the read API (what the serving Lambda calls), the conditional
 * writes, the group pointers and the jobs' stats. The same code runs against AWS's DynamoDB and
 * against the local dynalite. Thread-safe.
 */
public final class OnlineStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OnlineStore.class);

  /** BatchWriteItem writes at most 25 items per request. */
  static final int BATCH_WRITE = 25;

  private final OnlineStoreConfig config;
  private final DynamoDbClient client;
  private final FeatureReader reader;

  private OnlineStore(OnlineStoreConfig config, DynamoDbClient client) {
    this.config = config;
    this.client = client;
    this.reader = new FeatureReader(client, config.table());
  }

  /** A client of the store; it calls nothing until used. */
  public static OnlineStore connect(OnlineStoreConfig config) {
    requireNonNull(config, "config is null");
    return new OnlineStore(config, client(config));
  }

  /**
   * The synchronous client every reader of the store uses (url-connection: no Netty, no Apache HTTP
   * client, which keeps the serving Lambda small and quick to start).
   */
  public static DynamoDbClient client(OnlineStoreConfig config) {
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
            .region(Region.of(config.region()))
            .credentialsProvider(config.credentials());
    config.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
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
    Map<String, List<String>> asked = new LinkedHashMap<>();
    asked.put(group, features);
    return read(asked, entities, at).get(group);
  }

  /**
   * The features of several groups for the same entities at {@code at}: per group (in the order
   * asked), its reads as {@link #read(String, List, List, Instant)} gives them. The groups'
   * pointers are read in one request, then every item in one BatchGetItem round per 100 keys.
   *
   * @param features per group, the features asked (empty: all of them, in declared order)
   * @throws UnknownFeatureGroupException when the store has no such group
   * @throws IllegalArgumentException when a feature is not its group's
   */
  public Map<String, List<FeatureRead>> read(
      Map<String, List<String>> features, List<String> entities, Instant at) {
    return reader.read(features, entities, at);
  }

  /**
   * As {@link #read(Map, List, Instant)}, with the groups' pointers as the caller read them (a
   * server may keep them for a moment: an old generation's items outlive a switch by a grace
   * period, so a pointer kept for less than that still reads a whole generation).
   */
  public Map<String, List<FeatureRead>> read(
      Map<String, GroupPointer> pointers,
      Map<String, List<String>> features,
      List<String> entities,
      Instant at) {
    return reader.read(pointers, features, entities, at);
  }

  /**
   * The stored items of {@code entities} in a generation of {@code parts} items per entity, by
   * entity (parts in order); an entity with no item is left out. What {@code features verify}
   * compares.
   */
  public Map<String, List<FeatureItem>> items(
      String group, String generation, List<String> entities, int parts) {
    return reader.items(group, generation, entities, parts);
  }

  /** The pointers of {@code groups} that exist, by group, in one BatchGetItem round. */
  public Map<String, GroupPointer> pointers(Set<String> groups) {
    return reader.pointers(groups);
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

  /** The registry entry of {@code group}, if it has one. */
  public Optional<GroupInfo> group(String group) {
    try {
      var response =
          client.getItem(
              b ->
                  b.tableName(config.table())
                      .consistentRead(true)
                      .key(ItemLayout.key(ItemLayout.REGISTRY, group)));
      return response.hasItem() && !response.item().isEmpty()
          ? Optional.of(ItemLayout.groupInfo(response.item()))
          : Optional.empty();
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    }
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

  /**
   * Writes a table group's row (one item per entity, so a reader sees one snapshot's row whole)
   * unless the store holds a newer version or, when {@code keepLater}, a row of a later {@code
   * latest}; true when written.
   */
  public boolean writeRow(FeatureItem item, String latest, boolean keepLater) {
    try {
      client.putItem(ItemLayout.rowPut(config.table(), item, latest, keepLater));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  /**
   * Removes a table group's entity unless the store holds a newer version of it; true when removed
   * (or already gone).
   */
  public boolean deleteRow(String group, String generation, String entity, long version) {
    try {
      client.deleteItem(ItemLayout.rowDelete(config.table(), group, generation, entity, version));
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
                      .key(ItemLayout.pointerKey(group)));
      return response.hasItem() && !response.item().isEmpty()
          ? Optional.of(ItemLayout.pointer(response.item()))
          : Optional.empty();
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    }
  }

  /** Creates or replaces the group's registry entry (what {@link #groups()} lists). */
  public void register(GroupInfo info) {
    client.putItem(b -> b.tableName(config.table()).item(ItemLayout.registry(info)));
  }

  /** Removes the group's registry entry. */
  public void unregister(String group) {
    client.deleteItem(
        b -> b.tableName(config.table()).key(ItemLayout.key(ItemLayout.REGISTRY, group)));
  }

  /** Every group the store has a registry entry of, by name: one query of one partition. */
  public List<GroupInfo> groups() {
    List<GroupInfo> groups = new ArrayList<>();
    try {
      client
          .queryPaginator(
              b ->
                  b.tableName(config.table())
                      .consistentRead(true)
                      .keyConditionExpression("pk = :pk")
                      .expressionAttributeValues(
                          Map.of(":pk", ItemLayout.text(ItemLayout.REGISTRY))))
          .items()
          .forEach(item -> groups.add(ItemLayout.groupInfo(item)));
    } catch (ResourceNotFoundException e) {
      return List.of();
    }
    return groups;
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
    client.deleteItem(b -> b.tableName(config.table()).key(ItemLayout.pointerKey(group)));
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

  @Override
  public void close() {
    client.close();
  }
}
