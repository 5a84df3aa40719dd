package io.tributary.infra.bench;

import static java.util.Objects.requireNonNull;

import io.tributary.feature.aggregate.FeatureDefinition;
import io.tributary.feature.aggregate.FeatureState;
import io.tributary.feature.dynamodb.FeatureItem;
import io.tributary.feature.dynamodb.ItemLayout;
import io.tributary.feature.dynamodb.ItemParts;
import io.tributary.feature.dynamodb.LocalDynamoDb;
import io.tributary.feature.dynamodb.OnlineStore;
import io.tributary.feature.dynamodb.OnlineStoreConfig;
import io.tributary.feature.group.FeatureGroupParser;
import io.tributary.feature.group.FeatureGroupSpec;
import io.tributary.feature.job.FeatureJob;
import io.tributary.infra.local.ServingEndpoint;
import io.tributary.serving.ApiKey;
import io.tributary.serving.ApiKeys;
import io.tributary.serving.ServingApi;
import io.tributary.serving.ServingConfig;
import io.tributary.serving.ServingHandler;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * The serving API's latency and throughput over HTTP (the handler behind {@code up}'s adapter, on a
 * local dynalite holding the example group restaurant_activity for many entities), for one-entity
 * and 50-entity requests at several numbers of concurrent connections, beside the raw DynamoDB
 * reads the same requests make (the pointer's GetItem, then BatchGetItem of the items) from the
 * same SDK client in the same run; then a long run at the highest concurrency counting errors, the
 * deployment jar's size, and a cold start (a fresh JVM on the jar alone to its first answer).
 */
public final class ServingBenchmark {
  private static final String GROUP = "restaurant_activity";

  /** What to measure with. */
  public record Settings(
      int entities,
      List<Integer> connections,
      int seconds,
      int longSeconds,
      Path examples,
      Path dynalite,
      Path lambdaJar,
      Path workDir) {
    public Settings {
      connections = List.copyOf(connections);
      requireNonNull(examples, "examples is null");
      requireNonNull(dynalite, "dynalite is null");
      requireNonNull(lambdaJar, "lambdaJar is null");
      requireNonNull(workDir, "workDir is null");
    }
  }

  private final Settings settings;
  private final PrintWriter out;

  public ServingBenchmark(Settings settings, PrintWriter out) {
    this.settings = settings;
    this.out = out;
  }

  public void run() throws Exception {
    print(
        "%s; %,d entities of %s, %d s per measure, %d s at %d connections%n",
        BenchStack.machine(),
        settings.entities(),
        GROUP,
        settings.seconds(),
        settings.longSeconds(),
        settings.connections().get(settings.connections().size() - 1));
    try (LocalDynamoDb dynamo =
        LocalDynamoDb.start(
            settings.dynalite(),
            settings.workDir().resolve("dynamodb"),
            "127.0.0.1",
            0,
            settings.workDir().resolve("dynamodb.log"))) {
      OnlineStoreConfig config = OnlineStoreConfig.local(dynamo.endpoint());
      FeatureGroupSpec group =
          FeatureGroupParser.parse(
              settings.examples().resolve("features").resolve(GROUP + ".yaml"));
      String key = fill(config, group);
      try (ServingApi api = ServingApi.create(new ServingConfig(config, false));
          ServingEndpoint endpoint =
              ServingEndpoint.start(new ServingHandler(api), "127.0.0.1", 0);
          DynamoDbClient raw = OnlineStore.client(config)) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int batch : List.of(1, 50)) {
          for (int connections : settings.connections()) {
            LoadRun.Measured viaApi =
                LoadRun.measure(
                    connections,
                    settings.seconds(),
                    () -> apiRequest(http, endpoint.address(), key, batch));
            LoadRun.Measured direct =
                LoadRun.measure(
                    connections,
                    settings.seconds(),
                    () -> rawRead(raw, config.table(), group, batch));
            print(
                "%2d entit%s, %2d connections: API p50 %6.2f ms, p99 %6.2f ms, p99.9 %6.2f ms,"
                    + " %,7.0f requests/s, %d errors | raw DynamoDB p50 %6.2f ms, p99 %6.2f ms,"
                    + " %,7.0f reads/s | handler's share of p99 %5.2f ms%n",
                batch,
                batch == 1 ? "y  " : "ies",
                connections,
                viaApi.millis(50),
                viaApi.millis(99),
                viaApi.millis(99.9),
                viaApi.perSecond(),
                viaApi.errors(),
                direct.millis(50),
                direct.millis(99),
                direct.perSecond(),
                viaApi.millis(99) - direct.millis(99));
          }
        }
        int most = settings.connections().get(settings.connections().size() - 1);
        LoadRun.Measured sustained =
            LoadRun.measure(
                most, settings.longSeconds(), () -> apiRequest(http, endpoint.address(), key, 1));
        print(
            "%d s at %d connections, 1 entity: %,d requests, %d errors, p99 %.2f ms, p99.9 %.2f ms,"
                + " max %.2f ms%n",
            settings.longSeconds(),
            most,
            sustained.requests(),
            sustained.errors(),
            sustained.millis(99),
            sustained.millis(99.9),
            sustained.histogram().getMaxValue() / 1_000_000.0);
      }
      coldStart(config, key);
    }
  }

  private void print(String format, Object... args) {
    out.printf(Locale.ROOT, format, args);
    out.flush();
  }

  /** The group's pointer and registry entry, its entities' items, and a key that reads it all. */
  private String fill(OnlineStoreConfig config, FeatureGroupSpec group) {
    try (OnlineStore store = OnlineStore.connect(config);
        ApiKeys keys = ApiKeys.connect(config)) {
      store.ensureTable();
      store.publish(FeatureJob.pointer(group));
      store.register(FeatureJob.info(group));
      List<FeatureDefinition> definitions = group.definitions();
      int[] parts = ItemParts.of(definitions);
      int partCount = java.util.Arrays.stream(parts).max().orElse(0) + 1;
      long now = System.currentTimeMillis();
      List<String> dishes = List.of("pho", "ramen", "pizza", "curry", "tacos");
      for (int e = 0; e < settings.entities(); e++) {
        FeatureState[] states = new FeatureState[definitions.size()];
        for (int f = 0; f < states.length; f++) {
          states[f] = FeatureState.empty(definitions.get(f));
        }
        // twenty orders over the last hour
        for (int o = 0; o < 20; o++) {
          long at = now - o * 180_000L;
          for (int f = 0; f < states.length; f++) {
            Object value =
                switch (definitions.get(f).aggregation()) {
                  case COUNT -> "";
                  case COUNT_DISTINCT -> "c-" + (o % 7);
                  case TOP_N, LAST -> dishes.get(o % dishes.size());
                  default -> BigDecimal.valueOf(1000 + o * 37L, 2);
                };
            states[f].add(at, value);
          }
        }
        for (int part = 0; part < partCount; part++) {
          List<FeatureDefinition> held = new ArrayList<>();
          List<byte[]> encoded = new ArrayList<>();
          for (int f = 0; f < states.length; f++) {
            if (parts[f] == part) {
              held.add(definitions.get(f));
              encoded.add(states[f].encode());
            }
          }
          store.write(
              new FeatureItem(
                  group.name(),
                  group.generation(),
                  entity(e),
                  part,
                  held,
                  encoded,
                  20,
                  now,
                  Map.of(0, 20L * e),
                  now,
                  java.util.Optional.empty()));
        }
      }
      return keys.add("bench-" + System.nanoTime(), List.of(ApiKey.ALL_GROUPS));
    }
  }

  private static String entity(int index) {
    return "r-" + index;
  }

  private boolean apiRequest(HttpClient http, URI base, String key, int batch) throws Exception {
    HttpRequest request;
    if (batch == 1) {
      request =
          HttpRequest.newBuilder(
                  base.resolve("/v1/groups/" + GROUP + "/entities/" + randomEntity()))
              .header("x-api-key", key)
              .GET()
              .build();
    } else {
      StringBuilder body = new StringBuilder("{\"features\": [\"" + GROUP + "\"], \"entities\": [");
      for (int i = 0; i < batch; i++) {
        body.append(i == 0 ? "\"" : ", \"").append(randomEntity()).append('"');
      }
      request =
          HttpRequest.newBuilder(base.resolve("/v1/features"))
              .header("x-api-key", key)
              .header("content-type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body.append("]}").toString()))
              .build();
    }
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    return response.statusCode() == 200 && response.body().contains("PRESENT");
  }

  /** What the API reads for the same request: the pointer, then the entities' items. */
  private boolean rawRead(DynamoDbClient client, String table, FeatureGroupSpec group, int batch) {
    var pointer =
        client.getItem(
            b -> b.tableName(table).consistentRead(true).key(ItemLayout.pointerKey(group.name())));
    if (!pointer.hasItem()) {
      return false;
    }
    int parts =
        ItemParts.list(group.definitions()).stream().mapToInt(Integer::intValue).max().orElse(0)
            + 1;
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    for (int i = 0; i < batch; i++) {
      String entity = randomEntity();
      for (int part = 0; part < parts; part++) {
        Map<String, AttributeValue> k =
            ItemLayout.itemKey(group.name(), group.generation(), entity, part);
        if (!keys.contains(k)) {
          keys.add(k);
        }
      }
    }
    var response =
        client.batchGetItem(
            b ->
                b.requestItems(
                    Map.of(
                        table,
                        KeysAndAttributes.builder().keys(keys).consistentRead(true).build())));
    return !response.responses().getOrDefault(table, List.of()).isEmpty();
  }

  private String randomEntity() {
    return entity(ThreadLocalRandom.current().nextInt(settings.entities()));
  }

  /** A fresh JVM on the deployment jar alone, to its first answer. */
  private void coldStart(OnlineStoreConfig config, String key) throws Exception {
    Path jar = settings.lambdaJar();
    if (!Files.isRegularFile(jar)) {
      print("cold start: not measured, %s is missing (mvn package builds it)%n", jar);
      return;
    }
    print("deployment jar %s: %,d bytes%n", jar.getFileName(), Files.size(jar));
    for (int round = 1; round <= 3; round++) {
      ProcessBuilder builder =
          new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-Xmx256m",
              "-XX:TieredStopAtLevel=1",
              "-cp",
              jar.toAbsolutePath().toString(),
              "io.tributary.serving.FirstAnswer",
              key);
      builder.environment().put(ServingConfig.ENDPOINT, config.endpoint().orElseThrow().toString());
      builder.environment().put(ServingConfig.TABLE, config.table());
      builder.environment().put(ServingConfig.REGION, config.region());
      builder.redirectErrorStream(true);
      long started = System.nanoTime();
      Process process = builder.start();
      String answer = null;
      try (BufferedReader lines =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (line.startsWith("FIRST ")) {
            answer = line;
          }
        }
      }
      process.waitFor(60, TimeUnit.SECONDS);
      long wall = (System.nanoTime() - started) / 1_000_000;
      String[] parts = answer == null ? new String[0] : answer.split(" ");
      print(
          "cold start %d: a fresh JVM (-XX:TieredStopAtLevel=1, as Lambda's Java runtime) on the"
              + " jar alone to its first answer: %s ms since the JVM started (%s ms in building the"
              + " handler and answering; process wall time %d ms), status %s%n",
          round,
          parts.length > 2 ? parts[2] : "?",
          parts.length > 3 ? parts[3] : "?",
          wall,
          parts.length > 1 ? parts[1] : "none");
    }
  }
}
