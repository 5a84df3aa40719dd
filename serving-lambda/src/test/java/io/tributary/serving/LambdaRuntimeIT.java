package io.tributary.serving;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.feature.dynamodb.OnlineStore;
import io.tributary.feature.dynamodb.OnlineStoreConfig;
import io.tributary.feature.testkit.DynamoServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The packaged jar ({@code target/serving-lambda.jar}) run as AWS Lambda runs it: AWS's own runtime
 * client ({@code aws-lambda-java-runtime-interface-client}) in a JVM of its own, against a local
 * implementation of the Lambda Runtime API, given API Gateway HTTP API events as AWS sends them
 * (JSON, payload format 2.0). Each answer must be the one the API gives in this JVM, byte for byte;
 * the jar must carry no Flink, Kafka, Iceberg, Hadoop or Netty.
 */
class LambdaRuntimeIT {
  @RegisterExtension static final DynamoServer DYNAMO = new DynamoServer();

  private static final Path JAR = Path.of("target", "serving-lambda.jar");

  @Test
  void theDeploymentJarCarriesOnlyWhatServingNeeds() throws Exception {
    assertThat(JAR).as("mvn package builds it").exists();
    List<String> forbidden = new ArrayList<>();
    try (ZipFile zip = new ZipFile(JAR.toFile())) {
      zip.stream()
          .map(entry -> entry.getName())
          .filter(
              name ->
                  name.startsWith("org/apache/flink/")
                      || name.startsWith("org/apache/kafka/")
                      || name.startsWith("org/apache/iceberg/")
                      || name.startsWith("org/apache/hadoop/")
                      || name.startsWith("io/netty/")
                      || name.startsWith("io/tributary/feature/job/"))
          .forEach(forbidden::add);
      assertThat(zip.getEntry("io/tributary/serving/ServingHandler.class")).isNotNull();
      assertThat(zip.getEntry("io/tributary/serving/openapi.json")).isNotNull();
    }
    assertThat(forbidden).isEmpty();
    System.out.printf("serving-lambda.jar: %,d bytes%n", Files.size(JAR));
  }

  @Test
  void awsRuntimeClientRunsTheJarAndAnswersAsTheApiDoes() throws Exception {
    String table = "lambda_it";
    OnlineStoreConfig config =
        new OnlineStoreConfig(Optional.of(DYNAMO.endpoint()), table, "us-east-1");
    String key;
    try (OnlineStore store = OnlineStore.connect(config);
        ApiKeys keys = ApiKeys.connect(config)) {
      store.ensureTable();
      ServingApiIT.group(store, "restaurant_activity", List.of("restaurant_id"), Optional.empty());
      ServingApiIT.write(store, "restaurant_activity", "r-1", 3);
      key = keys.add("lambda-it", List.of(ApiKey.ALL_GROUPS));
    }
    try (LocalRuntimeApi runtime = new LocalRuntimeApi();
        ServingApi direct =
            new ServingApi(
                OnlineStore.connect(config), ApiKeys.connect(config), Clock.systemUTC(), false)) {
      long started = System.nanoTime();
      Process lambda = start(runtime, config);
      try {
        List<String[]> cases =
            List.of(
                new String[] {"GET", "/v1/health", null},
                new String[] {"GET", "/v1/groups", null},
                new String[] {"GET", "/v1/groups/restaurant_activity/entities/r-1", null},
                new String[] {
                  "POST",
                  "/v1/features",
                  "{\"entities\": [\"r-1\", \"r-2\"], \"features\": [\"restaurant_activity:revenue\"]}"
                },
                new String[] {"POST", "/v1/features", "{\"entities\": ["},
                new String[] {"DELETE", "/v1/groups", null});
        boolean first = true;
        for (String[] c : cases) {
          String answer = runtime.invoke(event(c[0], c[1], key, c[2])).get(60, SECONDS);
          if (first) {
            System.out.printf(
                "fresh JVM to the first answer through the runtime client: %d ms%n",
                Duration.ofNanos(System.nanoTime() - started).toMillis());
            first = false;
          }
          JsonNode response = ServingJson.MAPPER.readTree(answer);
          ServingResponse expected =
              direct.handle(
                  new ServingRequest(
                      c[0], c[1], Map.of("x-api-key", key), Map.of(), c[2] == null ? "" : c[2]));
          assertThat(response.path("statusCode").asInt())
              .as("%s %s", c[0], c[1])
              .isEqualTo(expected.status());
          String body = response.path("body").asText();
          if (c[1].contains("entities") || c[1].equals("/v1/features")) {
            // values read at two instants: age_ms and read_at differ, nothing else may
            assertThat(withoutClock(body))
                .as("%s %s", c[0], c[1])
                .isEqualTo(withoutClock(expected.body()));
          } else {
            assertThat(body).as("%s %s", c[0], c[1]).isEqualTo(expected.body());
          }
          assertThat(response.path("headers").path("content-type").asText())
              .isEqualTo("application/json");
        }
        assertThat(runtime.initError()).isNotDone();
      } finally {
        lambda.destroyForcibly().waitFor(10, SECONDS);
      }
    }
  }

  private static Process start(LocalRuntimeApi runtime, OnlineStoreConfig config) throws Exception {
    List<String> classPath = new ArrayList<>();
    classPath.add(JAR.toAbsolutePath().toString());
    String testClassPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    for (String entry : testClassPath.split(File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      if (name.startsWith("aws-lambda-java-runtime-interface-client")
          || name.startsWith("aws-lambda-java-serialization")) {
        classPath.add(entry);
      }
    }
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                String.join(File.pathSeparator, classPath),
                "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
                ServingHandler.class.getName() + "::handleRequest")
            .redirectErrorStream(true)
            .redirectOutput(Path.of("target", "lambda-runtime-it.log").toFile());
    Map<String, String> env = builder.environment();
    env.put("AWS_LAMBDA_RUNTIME_API", runtime.address());
    env.put("AWS_LAMBDA_FUNCTION_NAME", "tributary-serving");
    env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
    env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
    env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/tributary-serving");
    env.put("AWS_LAMBDA_LOG_STREAM_NAME", "local");
    env.put("AWS_REGION", config.region());
    env.put(ServingConfig.ENDPOINT, config.endpoint().orElseThrow().toString());
    env.put(ServingConfig.TABLE, config.table());
    return builder.start();
  }

  /** An API Gateway HTTP API event (payload format 2.0) as AWS sends it. */
  private static String event(String method, String path, String key, String body) {
    ObjectNode event = ServingJson.MAPPER.createObjectNode();
    event.put("version", "2.0");
    event.put("routeKey", "$default");
    event.put("rawPath", path);
    event.put("rawQueryString", "");
    ObjectNode headers = event.putObject("headers");
    headers.put("x-api-key", key);
    headers.put("content-type", "application/json");
    headers.put("host", "abc123.execute-api.us-east-1.amazonaws.com");
    ObjectNode context = event.putObject("requestContext");
    context.put("accountId", "000000000000");
    context.put("apiId", "abc123");
    context.put("domainName", "abc123.execute-api.us-east-1.amazonaws.com");
    context.put("requestId", "local-" + System.nanoTime());
    context.put("routeKey", "$default");
    context.put("stage", "$default");
    context.put("timeEpoch", System.currentTimeMillis());
    ObjectNode http = context.putObject("http");
    http.put("method", method);
    http.put("path", path);
    http.put("protocol", "HTTP/1.1");
    http.put("sourceIp", "127.0.0.1");
    http.put("userAgent", "LambdaRuntimeIT");
    if (body != null) {
      event.put("body", body);
    }
    event.put("isBase64Encoded", false);
    return event.toString();
  }

  private static String withoutClock(String body) {
    return body.replaceAll("\"read_at\":\"[^\"]*\"", "\"read_at\":\"-\"")
        .replaceAll("\"age_ms\":\\d+", "\"age_ms\":0");
  }
}
