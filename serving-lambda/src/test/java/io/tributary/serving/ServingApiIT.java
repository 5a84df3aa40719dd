package io.tributary.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.feature.aggregate.Aggregation;
import io.tributary.feature.aggregate.FeatureDefinition;
import io.tributary.feature.aggregate.FeatureState;
import io.tributary.feature.dynamodb.FeatureInfo;
import io.tributary.feature.dynamodb.FeatureItem;
import io.tributary.feature.dynamodb.GroupInfo;
import io.tributary.feature.dynamodb.GroupPointer;
import io.tributary.feature.dynamodb.OnlineStore;
import io.tributary.feature.dynamodb.OnlineStoreConfig;
import io.tributary.feature.testkit.DynamoServer;
import io.tributary.serving.testkit.OpenApiResponses;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The serving API over a real local DynamoDB (dynalite) holding items as the feature jobs write
 * them: values, statuses, positions, API keys and their scopes, every refusal with its field, the
 * API Gateway event path; every answer checked against the API's own OpenAPI document.
 */
class ServingApiIT {
  @RegisterExtension static final DynamoServer DYNAMO = new DynamoServer();

  static final Instant T = Instant.parse("2026-11-20T12:00:00Z");
  private static final String TABLE = "serving_it";
  private static final FeatureDefinition ORDERS_1H =
      new FeatureDefinition(
          "orders_1h",
          Aggregation.COUNT,
          Optional.of(Duration.ofHours(1)),
          Duration.ofMinutes(1),
          0);
  private static final FeatureDefinition REVENUE =
      new FeatureDefinition(
          "revenue", Aggregation.SUM, Optional.empty(), FeatureDefinition.LIFETIME_SLICE, 0);
  private static final FeatureDefinition TOP_DISHES =
      new FeatureDefinition(
          "top_dishes",
          Aggregation.TOP_N,
          Optional.of(Duration.ofDays(1)),
          Duration.ofMinutes(24),
          2);

  private static OnlineStoreConfig config;
  private static String alice;
  private static String bob;
  private static OpenApiResponses openApi;

  @BeforeAll
  static void storeWithGroupsAndKeys() throws Exception {
    config = new OnlineStoreConfig(Optional.of(DYNAMO.endpoint()), TABLE, "us-east-1");
    openApi = new OpenApiResponses();
    try (OnlineStore store = OnlineStore.connect(config);
        ApiKeys keys = ApiKeys.connect(config)) {
      store.ensureTable();
      group(
          store,
          "restaurant_activity",
          List.of("restaurant_id"),
          Optional.of(Duration.ofMinutes(30)));
      group(store, "restaurant_quality", List.of("restaurant_id"), Optional.empty());
      group(store, "customer_activity", List.of("customer_id"), Optional.empty());
      group(store, "regional", List.of("region", "restaurant_id"), Optional.empty());
      // r-1: three orders a minute before T, 10 each; pho twice, ramen once
      write(store, "restaurant_activity", "r-1", 3);
      write(store, "restaurant_quality", "r-1", 1);
      write(store, "regional", "eu|r-1", 2);
      alice = keys.add("alice", List.of("restaurant_activity", "regional"));
      bob = keys.add("bob", List.of(ApiKey.ALL_GROUPS));
    }
  }

  @Test
  void oneEntitysFeaturesWithTheirStatusFreshnessAndPosition() throws Exception {
    try (ServingApi api = api(T)) {
      JsonNode body =
          check(
              "GET",
              "/v1/groups/{group}/entities/{id}",
              api.handle(get("/v1/groups/restaurant_activity/entities/r-1", alice)));
      JsonNode orders = body.path("features").path("orders_1h");
      assertThat(orders.path("value").asLong()).isEqualTo(3);
      assertThat(orders.path("status").asText()).isEqualTo("PRESENT");
      assertThat(orders.path("event_time").asText()).isEqualTo(T.minusSeconds(60).toString());
      assertThat(orders.path("age_ms").asLong()).isEqualTo(60_000);
      assertThat(orders.path("position").path("0").asLong()).isEqualTo(3);
      assertThat(orders.path("version").asLong()).isEqualTo(3);
      assertThat(body.path("features").path("revenue").path("value").decimalValue())
          .isEqualByComparingTo("30");
      JsonNode top = body.path("features").path("top_dishes").path("value");
      assertThat(top.get(0).path("value").asText()).isEqualTo("pho");
      assertThat(top.get(0).path("count").asLong()).isEqualTo(2);
      assertThat(top.get(1).path("value").asText()).isEqualTo("ramen");

      JsonNode unknown =
          check(
              "GET",
              "/v1/groups/{group}/entities/{id}",
              api.handle(get("/v1/groups/restaurant_activity/entities/r-404", alice)));
      assertThat(unknown.path("features").path("orders_1h").path("status").asText())
          .isEqualTo("NOT_FOUND");
      assertThat(unknown.path("features").path("orders_1h").path("value").isNull()).isTrue();
    }
    try (ServingApi later = api(T.plus(Duration.ofHours(2)))) {
      JsonNode body =
          check(
              "GET",
              "/v1/groups/{group}/entities/{id}",
              later.handle(get("/v1/groups/restaurant_activity/entities/r-1", alice)));
      JsonNode orders = body.path("features").path("orders_1h");
      assertThat(orders.path("status").asText()).as("past the group's max_age").isEqualTo("STALE");
      assertThat(orders.path("value").asLong()).as("decayed out of its window").isZero();
    }
  }

  @Test
  void aBatchAcrossGroupsThatShareTheirKey() throws Exception {
    try (ServingApi api = api(T)) {
      JsonNode body =
          check(
              "POST",
              "/v1/features",
              api.handle(
                  post(
                      "{\"entities\": [\"r-1\", \"r-404\"], \"features\":"
                          + " [\"restaurant_activity:orders_1h\", \"restaurant_quality\"]}",
                      bob)));
      JsonNode first = body.path("entities").get(0);
      assertThat(first.path("entity").asText()).isEqualTo("r-1");
      assertThat(
              first.path("features").path("restaurant_activity:orders_1h").path("value").asLong())
          .isEqualTo(3);
      assertThat(first.path("features").path("restaurant_quality:orders_1h").path("value").asLong())
          .isEqualTo(1);
      assertThat(first.path("features").size())
          .as("one feature, then all three of the other")
          .isEqualTo(4);
      JsonNode second = body.path("entities").get(1);
      assertThat(
              second.path("features").path("restaurant_activity:orders_1h").path("status").asText())
          .isEqualTo("NOT_FOUND");

      JsonNode regional =
          check(
              "POST",
              "/v1/features",
              api.handle(
                  post(
                      "{\"entities\": [{\"region\": \"eu\", \"restaurant_id\": \"r-1\"}],"
                          + " \"features\": [\"regional:orders_1h\"]}",
                      alice)));
      assertThat(regional.path("entities").get(0).path("key").asText()).isEqualTo("eu|r-1");
      assertThat(
              regional
                  .path("entities")
                  .get(0)
                  .path("features")
                  .path("regional:orders_1h")
                  .path("value")
                  .asLong())
          .isEqualTo(2);
    }
  }

  @Test
  void groupsListWhatTheKeyMayRead() throws Exception {
    try (ServingApi api = api(T)) {
      JsonNode forAlice = check("GET", "/v1/groups", api.handle(get("/v1/groups", alice)));
      List<String> names = new ArrayList<>();
      forAlice.path("groups").forEach(g -> names.add(g.path("name").asText()));
      assertThat(names).containsExactlyInAnyOrder("restaurant_activity", "regional");
      JsonNode activity = forAlice.path("groups").get(names.indexOf("restaurant_activity"));
      assertThat(activity.path("owner").asText()).isEqualTo("growth");
      assertThat(activity.path("features").get(0).path("window").asText()).isEqualTo("1h");
      assertThat(activity.path("features").get(0).path("type").asText()).isEqualTo("integer");
      assertThat(activity.path("features").get(2).path("aggregation").asText()).isEqualTo("top_n");

      JsonNode forBob = check("GET", "/v1/groups", api.handle(get("/v1/groups", bob)));
      assertThat(forBob.path("groups").size()).isEqualTo(4);
      check("GET", "/v1/health", api.handle(get("/v1/health", null)));
      check("GET", "/v1/openapi.json", api.handle(get("/v1/openapi.json", null)));
    }
  }

  @Test
  void refusalsAreJsonErrorsNamingTheField() throws Exception {
    try (ServingApi api = api(T)) {
      refused(api, "GET", "/v1/groups", get("/v1/groups", null), 401, "x-api-key");
      refused(api, "GET", "/v1/groups", get("/v1/groups", "trb_not-a-key"), 401, "x-api-key");
      refused(
          api,
          "GET",
          "/v1/groups/{group}/entities/{id}",
          get("/v1/groups/customer_activity/entities/c-1", alice),
          403,
          "path.group");
      refused(
          api,
          "GET",
          "/v1/groups/{group}/entities/{id}",
          get("/v1/groups/no_such_group/entities/c-1", bob),
          404,
          "path.group");
      refused(api, "POST", "/v1/features", post("{\"entities\": [\"r-1\"", bob), 400, "body");
      refused(api, "POST", "/v1/features", post("[1, 2]", bob), 400, "body");
      StringBuilder many =
          new StringBuilder("{\"features\": [\"restaurant_activity\"], \"entities\": [");
      for (int i = 0; i <= FeatureBatch.MAX_ENTITIES; i++) {
        many.append(i == 0 ? "" : ",").append("\"r-").append(i).append('"');
      }
      refused(api, "POST", "/v1/features", post(many + "]}", bob), 400, "entities");
      refused(
          api,
          "POST",
          "/v1/features",
          post("{\"entities\": [\"r-1\"], \"features\": [\"restaurant_activity\", \"nope\"]}", bob),
          404,
          "features[1]");
      refused(
          api,
          "POST",
          "/v1/features",
          post("{\"entities\": [\"r-1\"], \"features\": [\"restaurant_activity:nope\"]}", bob),
          404,
          "features[0]");
      refused(
          api,
          "POST",
          "/v1/features",
          post("{\"entities\": [\"r-1\"], \"features\": [\"customer_activity\"]}", alice),
          403,
          "features[0]");
      refused(
          api,
          "POST",
          "/v1/features",
          post(
              "{\"entities\": [\"r-1\"], \"features\": [\"restaurant_activity\","
                  + " \"customer_activity\"]}",
              bob),
          400,
          "features");
      refused(
          api,
          "POST",
          "/v1/features",
          post("{\"entities\": [{\"restaurant_id\": \"r-1\"}], \"features\": [\"regional\"]}", bob),
          400,
          "entities[0].region");
      refused(
          api,
          "POST",
          "/v1/features",
          post("{\"entities\": [\"r-1\"], \"features\": [\"regional\"], \"at\": 1}", bob),
          400,
          "at");
      refused(api, "GET", "/v1/features", get("/v1/features", bob), 405, "method");
      ServingResponse missing = api.handle(get("/v2/nothing", bob));
      assertThat(missing.status()).isEqualTo(404);
      assertThat(ServingJson.MAPPER.readTree(missing.body()).path("field").asText())
          .isEqualTo("path");
    }
  }

  @Test
  void withoutAnyKeyServingIsOpenOnlyWhereAllowed() throws Exception {
    OnlineStoreConfig empty =
        new OnlineStoreConfig(Optional.of(DYNAMO.endpoint()), "serving_it_open", "us-east-1");
    try (OnlineStore store = OnlineStore.connect(empty)) {
      store.ensureTable();
      group(store, "restaurant_activity", List.of("restaurant_id"), Optional.empty());
    }
    Clock clock = Clock.fixed(T, ZoneOffset.UTC);
    try (ServingApi open =
            new ServingApi(OnlineStore.connect(empty), ApiKeys.connect(empty), clock, true);
        ServingApi closed =
            new ServingApi(OnlineStore.connect(empty), ApiKeys.connect(empty), clock, false)) {
      JsonNode groups = check("GET", "/v1/groups", open.handle(get("/v1/groups", null)));
      assertThat(groups.path("groups").size()).isEqualTo(1);
      refused(closed, "GET", "/v1/groups", get("/v1/groups", null), 401, "x-api-key");
    }
  }

  @Test
  void anApiGatewayEventGetsTheSameAnswerAsTheApi() throws Exception {
    try (ServingApi api = api(T)) {
      ServingHandler handler = new ServingHandler(api);
      APIGatewayV2HTTPEvent event =
          APIGatewayV2HTTPEvent.builder()
              .withRawPath("/v1/features")
              .withHeaders(Map.of("X-Api-Key", bob, "Content-Type", "application/json"))
              .withBody(
                  java.util.Base64.getEncoder()
                      .encodeToString(
                          "{\"entities\": [\"r-1\"], \"features\": [\"restaurant_activity\"]}"
                              .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
              .withIsBase64Encoded(true)
              .withRequestContext(
                  APIGatewayV2HTTPEvent.RequestContext.builder()
                      .withHttp(
                          APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                              .withMethod("POST")
                              .withPath("/v1/features")
                              .build())
                      .build())
              .build();
      APIGatewayV2HTTPResponse answer = handler.handleRequest(event, null);
      ServingResponse direct =
          api.handle(
              post("{\"entities\": [\"r-1\"], \"features\": [\"restaurant_activity\"]}", bob));
      assertThat(answer.getStatusCode()).isEqualTo(200);
      assertThat(answer.getBody()).isEqualTo(direct.body());
      assertThat(answer.getHeaders()).containsEntry("content-type", "application/json");
    }
  }

  @Test
  void theDocumentRefusesAnAnswerItDoesNotDescribe() {
    assertThatThrownBy(
            () -> check("GET", "/v1/groups", ServingResponse.json(200, "{\"groups\": 1}")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("groups");
    assertThatThrownBy(
            () ->
                check(
                    "GET",
                    "/v1/groups",
                    ServingResponse.json(
                        401, "{\"status\": 401, \"error\": \"Unauthorized\", \"msg\": \"x\"}")))
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> check("GET", "/v1/groups", ServingResponse.json(418, "{}")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("status 418");
  }

  private static void refused(
      ServingApi api,
      String method,
      String template,
      ServingRequest request,
      int status,
      String field)
      throws Exception {
    ServingResponse response = api.handle(request);
    assertThat(response.status())
        .as("%s %s: %s", method, request.path(), response.body())
        .isEqualTo(status);
    JsonNode error = check(method, template, response);
    assertThat(error.path("field").asText()).isEqualTo(field);
    assertThat(error.path("message").asText()).isNotBlank().doesNotContain("Exception");
  }

  private static JsonNode check(String method, String template, ServingResponse response)
      throws Exception {
    return openApi.check(method, template, response);
  }

  private static ServingApi api(Instant now) {
    return new ServingApi(
        OnlineStore.connect(config),
        ApiKeys.connect(config),
        Clock.fixed(now, ZoneOffset.UTC),
        false);
  }

  private static ServingRequest get(String path, String key) {
    return new ServingRequest(
        "GET", path, key == null ? Map.of() : Map.of("X-API-Key", key), Map.of(), "");
  }

  private static ServingRequest post(String body, String key) {
    Map<String, String> headers = new HashMap<>();
    headers.put("content-type", "application/json");
    if (key != null) {
      headers.put("x-api-key", key);
    }
    return new ServingRequest("POST", "/v1/features", headers, Map.of(), body);
  }

  static void group(
      OnlineStore store, String name, List<String> entity, Optional<Duration> maxAge) {
    store.publish(
        new GroupPointer(
            name,
            "g1",
            Optional.empty(),
            List.of("orders_1h", "revenue", "top_dishes"),
            entity,
            maxAge,
            List.of(0, 0, 1)));
    store.register(
        new GroupInfo(
            name,
            "stream",
            Optional.of("growth"),
            Optional.of("test group " + name),
            entity,
            List.of(
                new FeatureInfo(
                    "orders_1h",
                    Aggregation.COUNT,
                    Optional.empty(),
                    Optional.of(Duration.ofHours(1)),
                    0),
                new FeatureInfo(
                    "revenue", Aggregation.SUM, Optional.of("amount"), Optional.empty(), 0),
                new FeatureInfo(
                    "top_dishes",
                    Aggregation.TOP_N,
                    Optional.of("dish"),
                    Optional.of(Duration.ofDays(1)),
                    2)),
            "g1",
            "orders"));
  }

  /** {@code orders} orders a minute before T, 10 each, dishes pho, ramen, pho, ... */
  static void write(OnlineStore store, String group, String entity, int orders) {
    long at = T.minusSeconds(60).toEpochMilli();
    FeatureState count = FeatureState.empty(ORDERS_1H);
    FeatureState revenue = FeatureState.empty(REVENUE);
    FeatureState top = FeatureState.empty(TOP_DISHES);
    for (int i = 0; i < orders; i++) {
      count.add(at, "");
      revenue.add(at, BigDecimal.TEN);
      top.add(at, i % 3 == 1 ? "ramen" : "pho");
    }
    store.write(
        new FeatureItem(
            group,
            "g1",
            entity,
            0,
            List.of(ORDERS_1H, REVENUE),
            List.of(count.encode(), revenue.encode()),
            orders,
            at,
            Map.of(0, (long) orders),
            T.toEpochMilli(),
            Optional.empty()));
    store.write(
        new FeatureItem(
            group,
            "g1",
            entity,
            1,
            List.of(TOP_DISHES),
            List.of(top.encode()),
            orders,
            at,
            Map.of(0, (long) orders),
            T.toEpochMilli(),
            Optional.empty()));
  }
}
