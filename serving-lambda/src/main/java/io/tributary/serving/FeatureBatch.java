package io.tributary.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.feature.dynamodb.EntityKeys;
import io.tributary.feature.dynamodb.FeatureRead;
import io.tributary.feature.dynamodb.GroupInfo;
import io.tributary.feature.dynamodb.OnlineStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /v1/features}: {@code {"entities": ["r-1", "r-2"], "features":
 * ["restaurant_activity:orders_1h", "restaurant_daily"]}}. Up to 100 entities; an entity of a group
 * keyed by several columns is an object of column → value; a bare group name means all its
 * features; the groups of one request share their entity key columns. Answered with one
 * BatchGetItem round per 100 keys; an unknown entity is a {@code NOT_FOUND} value, not an error.
 */
final class FeatureBatch {
  static final int MAX_ENTITIES = 100;

  private final OnlineStore store;
  private final GroupRegistry registry;
  private final PointerCache pointers;

  FeatureBatch(OnlineStore store, GroupRegistry registry, PointerCache pointers) {
    this.store = store;
    this.registry = registry;
    this.pointers = pointers;
  }

  ObjectNode read(ApiKey key, String body, Instant now) {
    JsonNode request = parse(body);
    Map<String, List<String>> asked = features(key, request.get("features"));
    List<String> columns = sharedKey(asked);
    JsonNode entities = request.get("entities");
    if (entities == null || !entities.isArray() || entities.isEmpty()) {
      throw ServingException.badRequest(
          "entities", "entities must be a non-empty array of entity keys");
    }
    if (entities.size() > MAX_ENTITIES) {
      throw ServingException.badRequest(
          "entities",
          "A request may ask for at most " + MAX_ENTITIES + " entities, not " + entities.size());
    }
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < entities.size(); i++) {
      keys.add(entityKey(entities.get(i), columns, "entities[" + i + "]"));
    }
    Map<String, List<FeatureRead>> reads =
        store.read(pointers.of(asked.keySet()), asked, keys, now);
    ObjectNode answer = ServingJson.MAPPER.createObjectNode();
    answer.put("read_at", now.toString());
    ArrayNode results = answer.putArray("entities");
    for (int i = 0; i < keys.size(); i++) {
      ObjectNode result = results.addObject();
      result.set("entity", entities.get(i));
      result.put("key", keys.get(i));
      ObjectNode values = result.putObject("features");
      for (Map.Entry<String, List<FeatureRead>> group : reads.entrySet()) {
        int perEntity = group.getValue().size() / keys.size();
        for (int f = 0; f < perEntity; f++) {
          FeatureRead read = group.getValue().get(i * perEntity + f);
          values.set(group.getKey() + ":" + read.feature(), ServingJson.value(read, now));
        }
      }
    }
    return answer;
  }

  private static JsonNode parse(String body) {
    if (body.isBlank()) {
      throw ServingException.badRequest(
          "body", "The request needs a JSON body: {\"entities\": [...], \"features\": [...]}");
    }
    try {
      JsonNode node = ServingJson.MAPPER.readTree(body);
      if (node == null || !node.isObject()) {
        throw ServingException.badRequest("body", "The body must be a JSON object");
      }
      Iterator<String> names = node.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        if (!name.equals("entities") && !name.equals("features")) {
          throw ServingException.badRequest(
              name, "Unknown field " + name + "; a request has entities and features");
        }
      }
      return node;
    } catch (JsonProcessingException e) {
      throw ServingException.badRequest(
          "body",
          "The body is not JSON: "
              + e.getOriginalMessage()
              + " (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ")");
    }
  }

  /** Per group (in the order asked), its features; empty for all of them. */
  private Map<String, List<String>> features(ApiKey key, JsonNode features) {
    if (features == null || !features.isArray() || features.isEmpty()) {
      throw ServingException.badRequest(
          "features", "features must be a non-empty array of \"group:feature\" or \"group\" names");
    }
    Map<String, List<String>> asked = new LinkedHashMap<>();
    Set<String> whole = new HashSet<>();
    for (int i = 0; i < features.size(); i++) {
      String field = "features[" + i + "]";
      JsonNode name = features.get(i);
      if (!name.isTextual() || name.asText().isBlank()) {
        throw ServingException.badRequest(
            field, "A feature is named \"group:feature\" or \"group\"");
      }
      String text = name.asText();
      int colon = text.indexOf(':');
      String groupName = colon < 0 ? text : text.substring(0, colon);
      GroupInfo group =
          registry
              .group(groupName)
              .orElseThrow(
                  () -> new ServingException(404, "There is no feature group " + groupName, field));
      if (!key.allows(group.group())) {
        throw new ServingException(
            403, "API key " + key.name() + " may not read group " + group.group(), field);
      }
      List<String> mine = asked.computeIfAbsent(group.group(), g -> new ArrayList<>());
      if (colon < 0) {
        whole.add(group.group());
        continue;
      }
      String feature = text.substring(colon + 1);
      if (group.feature(feature).isEmpty()
          && registry.fresh(groupName).flatMap(g -> g.feature(feature)).isEmpty()) {
        throw new ServingException(
            404,
            "Feature group "
                + group.group()
                + " has no feature "
                + feature
                + "; its features are "
                + group.features().stream().map(f -> f.name()).toList(),
            field);
      }
      if (!mine.contains(feature)) {
        mine.add(feature);
      }
    }
    // a bare group name asks for all its features, whatever else names some of them
    whole.forEach(group -> asked.put(group, List.of()));
    return asked;
  }

  /** The entity key columns the groups share, or a refusal. */
  private List<String> sharedKey(Map<String, List<String>> asked) {
    List<String> columns = null;
    String first = null;
    for (String name : asked.keySet()) {
      GroupInfo group = registry.group(name).orElseThrow();
      if (columns == null) {
        columns = group.entity();
        first = name;
      } else if (!columns.equals(group.entity())) {
        throw ServingException.badRequest(
            "features",
            "Groups "
                + first
                + " (keyed by "
                + columns
                + ") and "
                + name
                + " (keyed by "
                + group.entity()
                + ") do not share their entity key; ask for them in separate requests");
      }
    }
    return columns;
  }

  private static String entityKey(JsonNode entity, List<String> columns, String field) {
    if (entity.isTextual() || entity.isNumber()) {
      if (columns.size() != 1) {
        throw ServingException.badRequest(
            field,
            "These groups are keyed by "
                + columns
                + ": give each entity as an object of column to value");
      }
      return entity.asText();
    }
    if (entity.isObject()) {
      List<Object> values = new ArrayList<>();
      for (String column : columns) {
        JsonNode value = entity.get(column);
        if (value == null || !(value.isTextual() || value.isNumber())) {
          throw ServingException.badRequest(
              field + "." + column,
              "The entity has no text or number value for key column " + column);
        }
        values.add(value.asText());
      }
      if (entity.size() != columns.size()) {
        throw ServingException.badRequest(
            field, "An entity of these groups has exactly the key columns " + columns);
      }
      return EntityKeys.of(values);
    }
    throw ServingException.badRequest(
        field, "An entity is a key (text or number) or an object of key column to value");
  }
}
