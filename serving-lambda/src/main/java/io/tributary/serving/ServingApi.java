package io.tributary.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.feature.dynamodb.FeatureRead;
import io.tributary.feature.dynamodb.GroupInfo;
import io.tributary.feature.dynamodb.OnlineStore;
import io.tributary.feature.dynamodb.UnknownFeatureGroupException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving API, version 1: feature groups and their values for external consumers, JSON in and
 * out, every refusal a JSON error naming the field that is wrong. The same object answers in AWS
 * Lambda ({@link ServingHandler}) and beside {@code up} (through an HTTP adapter), so both answer
 * byte for byte alike. Documented by {@code /v1/openapi.json}.
 *
 * <ul>
 *   <li>{@code GET /v1/health}, {@code GET /v1/openapi.json}: no key needed;
 *   <li>{@code GET /v1/groups}: the groups the key may read, with their features;
 *   <li>{@code GET /v1/groups/{group}/entities/{id}}: one entity's features;
 *   <li>{@code POST /v1/features}: up to 100 entities' features of one or more groups that share
 *       their entity key.
 * </ul>
 */
public final class ServingApi implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServingApi.class);
  private static final String GROUPS = "/v1/groups";

  private final OnlineStore store;
  private final ApiKeys keys;
  private final KeyCheck keyCheck;
  private final GroupRegistry registry;
  private final PointerCache pointers;
  private final FeatureBatch batch;
  private final Clock clock;
  private final String openApi;

  ServingApi(OnlineStore store, ApiKeys keys, Clock clock, boolean openWithoutKeys) {
    this.store = store;
    this.keys = keys;
    this.clock = clock;
    this.keyCheck = new KeyCheck(keys, clock, openWithoutKeys);
    this.registry = new GroupRegistry(store, clock);
    this.pointers = new PointerCache(store, clock);
    this.batch = new FeatureBatch(store, registry, pointers);
    this.openApi = document();
  }

  /** The API over the store {@code config} names. */
  public static ServingApi create(ServingConfig config) {
    return new ServingApi(
        OnlineStore.connect(config.store()),
        ApiKeys.connect(config.store()),
        Clock.systemUTC(),
        config.openWithoutKeys());
  }

  /** Answers {@code request}; never throws, and never answers a stack trace. */
  public ServingResponse handle(ServingRequest request) {
    try {
      return route(request);
    } catch (ServingException e) {
      return error(e.status(), e.getMessage(), e.field());
    } catch (UnknownFeatureGroupException e) {
      return error(404, e.getMessage(), Optional.empty());
    } catch (RuntimeException e) {
      LOG.error("The serving API failed on {} {}", request.method(), request.path(), e);
      return error(
          500,
          "The serving API failed: " + e.getClass().getSimpleName() + ": " + e.getMessage(),
          Optional.empty());
    }
  }

  private ServingResponse route(ServingRequest request) {
    String path = request.path();
    if (path.equals("/v1/health")) {
      only(request, "GET");
      ObjectNode health = ServingJson.MAPPER.createObjectNode();
      health.put("status", "ok");
      return ok(health);
    }
    if (path.equals("/v1/openapi.json")) {
      only(request, "GET");
      return ServingResponse.json(200, openApi);
    }
    if (path.equals(GROUPS)) {
      only(request, "GET");
      ApiKey key = keyCheck.check(request);
      ObjectNode body = ServingJson.MAPPER.createObjectNode();
      ArrayNode groups = body.putArray("groups");
      registry.all().stream()
          .filter(group -> key.allows(group.group()))
          .forEach(group -> groups.add(ServingJson.group(group)));
      return ok(body);
    }
    if (path.startsWith(GROUPS + "/")) {
      String[] parts = path.substring(GROUPS.length() + 1).split("/", -1);
      if (parts.length == 3 && parts[1].equals("entities") && !parts[2].isEmpty()) {
        only(request, "GET");
        ApiKey key = keyCheck.check(request);
        return entity(key, decode(parts[0]), decode(parts[2]), at(request));
      }
    }
    if (path.equals("/v1/features")) {
      only(request, "POST");
      ApiKey key = keyCheck.check(request);
      return ok(batch.read(key, request.body(), clock.instant()));
    }
    throw new ServingException(
        404,
        "No such resource: "
            + path
            + " (the API has /v1/health, /v1/openapi.json, /v1/groups,"
            + " /v1/groups/{group}/entities/{id}, /v1/features)",
        "path");
  }

  /**
   * The read time: {@code ?at=} (an ISO-8601 instant) evaluates the windows at that time instead of
   * now, as a training set's row at that time has them; the values still reflect every event read,
   * so it is meant for times at or after their newest event.
   */
  private Instant at(ServingRequest request) {
    String at = request.query().get("at");
    if (at == null) {
      return clock.instant();
    }
    try {
      return Instant.parse(at);
    } catch (java.time.format.DateTimeParseException e) {
      throw new ServingException(
          400, "'" + at + "' is not an ISO-8601 instant such as 2026-11-20T14:00:00Z", "query.at");
    }
  }

  private ServingResponse entity(ApiKey key, String groupName, String entity, Instant now) {
    GroupInfo group =
        registry
            .group(groupName)
            .orElseThrow(
                () ->
                    new ServingException(
                        404, "There is no feature group " + groupName, "path.group"));
    if (!key.allows(group.group())) {
      throw new ServingException(
          403, "API key " + key.name() + " may not read group " + group.group(), "path.group");
    }
    Map<String, List<String>> all = Map.of(group.group(), List.of());
    List<FeatureRead> reads =
        store.read(pointers.of(all.keySet()), all, List.of(entity), now).get(group.group());
    ObjectNode body = ServingJson.MAPPER.createObjectNode();
    body.put("group", group.group());
    body.put("entity", entity);
    body.put("read_at", now.toString());
    ObjectNode features = body.putObject("features");
    for (FeatureRead read : reads) {
      features.set(read.feature(), ServingJson.value(read, now));
    }
    return ok(body);
  }

  /**
   * Reads what a first request would, so that its classes are loaded and its connections made:
   * before a SnapStart snapshot, or at a cold start.
   */
  public void prime() {
    handle(new ServingRequest("GET", "/v1/health", Map.of(), Map.of(), ""));
    try {
      registry.all();
      keys.list();
    } catch (RuntimeException e) {
      LOG.warn("Priming could not reach the online store: {}", e.getMessage());
    }
  }

  private static void only(ServingRequest request, String method) {
    if (!request.method().equals(method)) {
      throw new ServingException(
          405,
          request.method() + " is not allowed on " + request.path() + "; use " + method,
          "method");
    }
  }

  private static String decode(String part) {
    return URLDecoder.decode(part, StandardCharsets.UTF_8);
  }

  private static ServingResponse ok(JsonNode body) {
    return ServingResponse.json(200, text(body));
  }

  private static ServingResponse error(int status, String message, Optional<String> field) {
    return ServingResponse.json(status, text(ServingJson.error(status, message, field)));
  }

  private static String text(JsonNode body) {
    try {
      return ServingJson.MAPPER.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write a JSON answer", e);
    }
  }

  private static String document() {
    try (InputStream in = ServingApi.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("The serving API's openapi.json is missing from its jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    store.close();
    keys.close();
  }
}
