package io.tributary.feature.dynamodb;

import io.tributary.feature.aggregate.FeatureDefinition;
import io.tributary.feature.aggregate.FeatureState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * The reads of {@link OnlineStore}: pointers, then items in BatchGetItem rounds of at most 100 keys
 * (unprocessed keys tried again with backoff), each value evaluated at the time asked.
 */
final class FeatureReader {
  /** BatchGetItem reads at most 100 keys per request. */
  static final int BATCH_GET = 100;

  private final DynamoDbClient client;
  private final String table;

  FeatureReader(DynamoDbClient client, String table) {
    this.client = client;
    this.table = table;
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
  Map<String, List<FeatureRead>> read(
      Map<String, List<String>> features, List<String> entities, Instant at) {
    return read(pointers(features.keySet()), features, entities, at);
  }

  Map<String, List<FeatureRead>> read(
      Map<String, GroupPointer> pointers,
      Map<String, List<String>> features,
      List<String> entities,
      Instant at) {
    Map<String, List<String>> names = new LinkedHashMap<>();
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    for (Map.Entry<String, List<String>> asked : features.entrySet()) {
      String group = asked.getKey();
      GroupPointer pointer = pointers.get(group);
      if (pointer == null) {
        throw new UnknownFeatureGroupException(group);
      }
      List<String> mine = asked.getValue().isEmpty() ? pointer.features() : asked.getValue();
      for (String name : mine) {
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
      names.put(group, mine);
      Set<Integer> parts = new TreeSet<>();
      mine.forEach(name -> parts.add(pointer.partOf(name)));
      for (String entity : new LinkedHashSet<>(entities)) {
        for (int part : parts) {
          keys.add(ItemLayout.itemKey(group, pointer.active(), entity, part));
        }
      }
    }
    Map<String, Map<String, AttributeValue>> items = new HashMap<>();
    for (int from = 0; from < keys.size(); from += BATCH_GET) {
      for (Map<String, AttributeValue> item :
          batchGet(keys.subList(from, Math.min(keys.size(), from + BATCH_GET)))) {
        items.put(item.get(ItemLayout.PK).s() + "\n" + item.get(ItemLayout.SK).s(), item);
      }
    }
    Map<String, List<FeatureRead>> reads = new LinkedHashMap<>();
    names.forEach(
        (group, mine) -> {
          GroupPointer pointer = pointers.get(group);
          List<FeatureRead> values = new ArrayList<>();
          Map<String, FeatureItem> decoded = new HashMap<>();
          for (String entity : entities) {
            for (String name : mine) {
              String key =
                  ItemLayout.entityKey(group, pointer.active(), entity)
                      + "\n"
                      + ItemLayout.partKey(pointer.partOf(name));
              FeatureItem item =
                  decoded.computeIfAbsent(
                      key,
                      k ->
                          items.containsKey(k)
                              ? ItemLayout.featureItem(group, pointer.active(), items.get(k))
                              : null);
              int index = item == null ? -1 : indexOf(item, name);
              values.add(
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
          reads.put(group, values);
        });
    return reads;
  }

  /**
   * The stored items of {@code entities} in one generation, each entity's parts in order; an entity
   * with no item is left out.
   */
  Map<String, List<FeatureItem>> items(
      String group, String generation, List<String> entities, int parts) {
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    for (String entity : new LinkedHashSet<>(entities)) {
      for (int part = 0; part < parts; part++) {
        keys.add(ItemLayout.itemKey(group, generation, entity, part));
      }
    }
    Map<String, List<FeatureItem>> items = new LinkedHashMap<>();
    for (int from = 0; from < keys.size(); from += BATCH_GET) {
      for (Map<String, AttributeValue> item :
          batchGet(keys.subList(from, Math.min(keys.size(), from + BATCH_GET)))) {
        FeatureItem decoded = ItemLayout.featureItem(group, generation, item);
        items.computeIfAbsent(decoded.entity(), e -> new ArrayList<>()).add(decoded);
      }
    }
    items.values().forEach(list -> list.sort(java.util.Comparator.comparingInt(FeatureItem::part)));
    return items;
  }

  /** The pointers of {@code groups} that exist, by group, in one request. */
  Map<String, GroupPointer> pointers(Set<String> groups) {
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    for (String group : groups) {
      keys.add(ItemLayout.pointerKey(group));
    }
    Map<String, GroupPointer> pointers = new HashMap<>();
    try {
      for (int from = 0; from < keys.size(); from += BATCH_GET) {
        for (Map<String, AttributeValue> item :
            batchGet(keys.subList(from, Math.min(keys.size(), from + BATCH_GET)))) {
          GroupPointer pointer = ItemLayout.pointer(item);
          pointers.put(pointer.group(), pointer);
        }
      }
    } catch (ResourceNotFoundException e) {
      return Map.of();
    }
    return pointers;
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
        Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
    for (int attempt = 0; !request.isEmpty(); attempt++) {
      if (attempt > 0) {
        TableAdmin.pause(Math.min(1_000, 20L << Math.min(attempt, 6)));
      }
      Map<String, KeysAndAttributes> batch = request;
      var response = client.batchGetItem(b -> b.requestItems(batch));
      found.addAll(response.responses().getOrDefault(table, List.of()));
      request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
      if (attempt > 20 && !request.isEmpty()) {
        throw new IllegalStateException(
            "DynamoDB left keys unprocessed after 20 tries; the table is throttled");
      }
    }
    return found;
  }
}
