package io.tributary.feature.dynamodb;

import io.tributary.feature.aggregate.Aggregation;
import io.tributary.feature.aggregate.FeatureDefinition;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * The online store's items, the one place their layout is written down (docs/features.md shows the
 * same). One table, key {@code pk} (S) and {@code sk} (S):
 *
 * <ul>
 *   <li>a feature of an entity: {@code pk = <group>#<generation>#<entity>}, {@code sk = <feature>};
 *       {@code st} (B: the aggregation's state), {@code agg} (S), {@code win} and {@code sl} (N,
 *       milliseconds; no {@code win} for a lifetime feature), {@code n} (N), {@code v} (N: the
 *       version), {@code evt} (N: newest event time, ms), {@code pos} (M: partition → offset),
 *       {@code wt} (N: written at, ms), {@code ttl} (N: epoch seconds, windowed only);
 *   <li>a group's pointer: {@code pk = <group>}, {@code sk = #pointer}; {@code active}, {@code
 *       next} (S), {@code features}, {@code entity} (L of S), {@code parts} (L of N: each feature's
 *       part), {@code max_age} (N, ms);
 *   <li>a job task's stats: {@code pk = <group>#<generation>#}, {@code sk = #stats#<task>}; {@code
 *       events}, {@code late}, {@code entities}, {@code evt}, {@code wt} (N), {@code pos} (M);
 *   <li>a group's registry entry: {@code pk = #groups}, {@code sk = <group>}; {@code kind}, {@code
 *       owner}, {@code description}, {@code generation}, {@code source} (S), {@code entity} (L of
 *       S), {@code features} (L of M: {@code name}, {@code agg}, {@code column} (S), {@code win},
 *       {@code n} (N)), for a table group {@code snap} (N: the snapshot synced) and {@code synced}
 *       (N: when, ms): one partition, so that listing the groups is one query.
 * </ul>
 */
public final class ItemLayout {
  public static final String PK = "pk";
  public static final String SK = "sk";
  public static final String TTL = "ttl";
  static final String POINTER = "#pointer";
  static final String STATS = "#stats#";
  static final String REGISTRY = "#groups";

  private ItemLayout() {}

  /** The partition key of an entity's features in a generation. */
  public static String entityKey(String group, String generation, String entity) {
    return group + "#" + generation + "#" + entity;
  }

  /** The key of an item: its {@code pk} and {@code sk}. */
  public static Map<String, AttributeValue> key(String pk, String sk) {
    return Map.of(PK, text(pk), SK, text(sk));
  }

  /** The key of a group's pointer. */
  public static Map<String, AttributeValue> pointerKey(String group) {
    return key(group, POINTER);
  }

  /** The key of one item (part) of an entity's features in a generation. */
  public static Map<String, AttributeValue> itemKey(
      String group, String generation, String entity, int part) {
    return key(entityKey(group, generation, entity), partKey(part));
  }

  static String statsKey(String group, String generation) {
    return group + "#" + generation + "#";
  }

  /**
   * The conditional put of a feature item: written unless the store holds a higher version of it,
   * so an older state never replaces a newer one, and the same state may be written again.
   */
  public static PutItemRequest put(String table, FeatureItem item) {
    return PutItemRequest.builder()
        .tableName(table)
        .item(item(item))
        .conditionExpression("attribute_not_exists(v) OR v <= :v")
        .expressionAttributeValues(Map.of(":v", number(item.version())))
        .build();
  }

  /**
   * The conditional put of a table group's row: written unless the store holds a higher version (a
   * newer snapshot) and, when {@code keepLater}, unless it holds a row of a later {@code latest_by}
   * ({@code lb}, a text that sorts as the column's values do).
   */
  public static PutItemRequest rowPut(
      String table, FeatureItem item, String latest, boolean keepLater) {
    Map<String, AttributeValue> attributes = item(item);
    attributes.put("lb", text(latest));
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":v", number(item.version()));
    String condition = "(attribute_not_exists(v) OR v <= :v)";
    if (keepLater) {
      condition += " AND (attribute_not_exists(lb) OR lb <= :lb)";
      values.put(":lb", text(latest));
    }
    return PutItemRequest.builder()
        .tableName(table)
        .item(attributes)
        .conditionExpression(condition)
        .expressionAttributeValues(values)
        .build();
  }

  /** The removal of a table group's entity, unless the store holds a newer version of it. */
  public static DeleteItemRequest rowDelete(
      String table, String group, String generation, String entity, long version) {
    return DeleteItemRequest.builder()
        .tableName(table)
        .key(itemKey(group, generation, entity, 0))
        .conditionExpression("attribute_not_exists(v) OR v <= :v")
        .expressionAttributeValues(Map.of(":v", number(version)))
        .build();
  }

  /** The put of a task's stats (each task writes only its own). */
  public static PutItemRequest statsPut(
      String table, String group, String generation, int task, GroupStats stats) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(PK, text(statsKey(group, generation)));
    item.put(SK, text(STATS + task));
    item.put("events", number(stats.events()));
    item.put("late", number(stats.late()));
    item.put("entities", number(stats.entities()));
    item.put("evt", number(stats.newestEventTime()));
    item.put("wt", number(stats.writtenAt()));
    item.put("pos", position(stats.position()));
    item.put("writes", number(stats.writes()));
    return PutItemRequest.builder().tableName(table).item(item).build();
  }

  /** Whether a write failed because the store holds a newer version: done, not failed. */
  public static boolean isRefused(Throwable failure) {
    return failure instanceof ConditionalCheckFailedException;
  }

  /** Whether a write failed for a while only (throttling, a server error, the network): retry. */
  public static boolean isThrottled(Throwable failure) {
    if (failure instanceof DynamoDbException dynamo) {
      return dynamo.isThrottlingException()
          || dynamo.statusCode() >= 500
          || (dynamo.awsErrorDetails() != null
              && List.of(
                      "ProvisionedThroughputExceededException",
                      "RequestLimitExceeded",
                      "ThrottlingException")
                  .contains(dynamo.awsErrorDetails().errorCode()));
    }
    return failure instanceof SdkClientException;
  }

  static Map<String, AttributeValue> item(FeatureItem item) {
    Map<String, AttributeValue> attributes = new HashMap<>();
    attributes.put(PK, text(entityKey(item.group(), item.generation(), item.entity())));
    attributes.put(SK, text(partKey(item.part())));
    Map<String, AttributeValue> features = new HashMap<>();
    for (int i = 0; i < item.definitions().size(); i++) {
      FeatureDefinition definition = item.definitions().get(i);
      Map<String, AttributeValue> feature = new HashMap<>();
      feature.put("st", AttributeValue.fromB(SdkBytes.fromByteArray(item.states().get(i))));
      feature.put("agg", text(definition.aggregation().name()));
      definition.window().ifPresent(w -> feature.put("win", number(w.toMillis())));
      feature.put("sl", number(definition.slice().toMillis()));
      feature.put("n", number(definition.n()));
      features.put(definition.name(), AttributeValue.fromM(feature));
    }
    attributes.put("f", AttributeValue.fromM(features));
    attributes.put("v", number(item.version()));
    attributes.put("evt", number(item.newestEventTime()));
    attributes.put("pos", position(item.position()));
    attributes.put("wt", number(item.writtenAt()));
    item.expiresAt().ifPresent(ttl -> attributes.put(TTL, number(ttl)));
    return attributes;
  }

  /** The sort key of an entity's part {@code part}: {@code #0}, {@code #1}. */
  static String partKey(int part) {
    return "#" + part;
  }

  /** The feature item an item of the table holds. */
  static FeatureItem featureItem(
      String group, String generation, Map<String, AttributeValue> item) {
    String pk = item.get(PK).s();
    String prefix = statsKey(group, generation);
    List<FeatureDefinition> definitions = new java.util.ArrayList<>();
    List<byte[]> states = new java.util.ArrayList<>();
    for (Map.Entry<String, AttributeValue> entry : new TreeMap<>(item.get("f").m()).entrySet()) {
      Map<String, AttributeValue> feature = entry.getValue().m();
      Optional<Duration> window =
          Optional.ofNullable(feature.get("win"))
              .map(w -> Duration.ofMillis(Long.parseLong(w.n())));
      definitions.add(
          new FeatureDefinition(
              entry.getKey(),
              Aggregation.valueOf(feature.get("agg").s()),
              window,
              window.isPresent()
                  ? Duration.ofMillis(longOf(feature, "sl"))
                  : FeatureDefinition.LIFETIME_SLICE,
              (int) longOf(feature, "n")));
      states.add(feature.get("st").b().asByteArray());
    }
    return new FeatureItem(
        group,
        generation,
        pk.substring(prefix.length()),
        Integer.parseInt(item.get(SK).s().substring(1)),
        definitions,
        states,
        longOf(item, "v"),
        longOf(item, "evt"),
        positionOf(item),
        longOf(item, "wt"),
        Optional.ofNullable(item.get(TTL)).map(t -> Long.parseLong(t.n())));
  }

  static GroupStats stats(Map<String, AttributeValue> item) {
    return new GroupStats(
        longOf(item, "events"),
        longOf(item, "late"),
        longOf(item, "entities"),
        longOf(item, "evt"),
        longOf(item, "wt"),
        positionOf(item),
        longOf(item, "writes"));
  }

  static Map<String, AttributeValue> pointer(GroupPointer pointer) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(PK, text(pointer.group()));
    item.put(SK, text(POINTER));
    item.put("active", text(pointer.active()));
    pointer.next().ifPresent(next -> item.put("next", text(next)));
    item.put(
        "features",
        AttributeValue.fromL(pointer.features().stream().map(ItemLayout::text).toList()));
    item.put(
        "entity", AttributeValue.fromL(pointer.entity().stream().map(ItemLayout::text).toList()));
    item.put("parts", AttributeValue.fromL(pointer.parts().stream().map(p -> number(p)).toList()));
    pointer.maxAge().ifPresent(age -> item.put("max_age", number(age.toMillis())));
    return item;
  }

  static GroupPointer pointer(Map<String, AttributeValue> item) {
    return new GroupPointer(
        item.get(PK).s(),
        item.get("active").s(),
        Optional.ofNullable(item.get("next")).map(AttributeValue::s),
        item.get("features").l().stream().map(AttributeValue::s).toList(),
        item.get("entity").l().stream().map(AttributeValue::s).toList(),
        Optional.ofNullable(item.get("max_age")).map(a -> Duration.ofMillis(Long.parseLong(a.n()))),
        item.get("parts").l().stream().map(p -> Integer.parseInt(p.n())).toList());
  }

  static Map<String, AttributeValue> registry(GroupInfo info) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(PK, text(REGISTRY));
    item.put(SK, text(info.group()));
    item.put("kind", text(info.kind()));
    info.owner().ifPresent(owner -> item.put("owner", text(owner)));
    info.description().ifPresent(description -> item.put("description", text(description)));
    item.put("generation", text(info.generation()));
    item.put("source", text(info.source()));
    info.snapshot().ifPresent(snapshot -> item.put("snap", number(snapshot)));
    info.syncedAt().ifPresent(at -> item.put("synced", number(at.toEpochMilli())));
    item.put("entity", AttributeValue.fromL(info.entity().stream().map(ItemLayout::text).toList()));
    item.put(
        "features",
        AttributeValue.fromL(
            info.features().stream()
                .map(
                    feature -> {
                      Map<String, AttributeValue> map = new HashMap<>();
                      map.put("name", text(feature.name()));
                      map.put("agg", text(feature.aggregation().yamlName()));
                      feature.column().ifPresent(column -> map.put("column", text(column)));
                      feature.window().ifPresent(w -> map.put("win", number(w.toMillis())));
                      map.put("n", number(feature.n()));
                      return AttributeValue.fromM(map);
                    })
                .toList()));
    return item;
  }

  static GroupInfo groupInfo(Map<String, AttributeValue> item) {
    return new GroupInfo(
        item.get(SK).s(),
        item.get("kind").s(),
        Optional.ofNullable(item.get("owner")).map(AttributeValue::s),
        Optional.ofNullable(item.get("description")).map(AttributeValue::s),
        item.get("entity").l().stream().map(AttributeValue::s).toList(),
        item.get("features").l().stream()
            .map(AttributeValue::m)
            .map(
                map ->
                    new FeatureInfo(
                        map.get("name").s(),
                        Aggregation.fromYaml(map.get("agg").s())
                            .orElseThrow(
                                () ->
                                    new IllegalStateException(
                                        "The registry entry of group "
                                            + item.get(SK).s()
                                            + " names an unknown aggregation "
                                            + map.get("agg").s())),
                        Optional.ofNullable(map.get("column")).map(AttributeValue::s),
                        Optional.ofNullable(map.get("win"))
                            .map(w -> Duration.ofMillis(Long.parseLong(w.n()))),
                        Integer.parseInt(map.get("n").n())))
            .toList(),
        item.get("generation").s(),
        item.get("source").s(),
        Optional.ofNullable(item.get("snap")).map(n -> Long.parseLong(n.n())),
        Optional.ofNullable(item.get("synced"))
            .map(n -> java.time.Instant.ofEpochMilli(Long.parseLong(n.n()))));
  }

  static AttributeValue text(String value) {
    return AttributeValue.fromS(value);
  }

  static AttributeValue number(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  private static AttributeValue position(Map<Integer, Long> position) {
    Map<String, AttributeValue> map = new HashMap<>();
    position.forEach((partition, offset) -> map.put(partition.toString(), number(offset)));
    return AttributeValue.fromM(map);
  }

  private static Map<Integer, Long> positionOf(Map<String, AttributeValue> item) {
    Map<Integer, Long> position = new TreeMap<>();
    AttributeValue pos = item.get("pos");
    if (pos != null && pos.hasM()) {
      pos.m().forEach((p, o) -> position.put(Integer.parseInt(p), Long.parseLong(o.n())));
    }
    return position;
  }

  private static long longOf(Map<String, AttributeValue> item, String attribute) {
    AttributeValue value = item.get(attribute);
    return value == null ? 0 : Long.parseLong(value.n());
  }
}
