package io.tributary.infra.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.stream.testkit.Examples;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/**
 * The whole CDK app synthesized as {@code cdk synth} would (the example sources plus one on
 * Kinesis), its resources checked kind by kind, and cdk-nag's AwsSolutions rules run over it.
 */
class TributaryStackTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static Stack stack;
  private static JsonNode resources;

  @BeforeAll
  static void synthesize() throws IOException {
    stack = synth(Map.of("alarm-email", "oncall@example.com"));
    resources = JSON.valueToTree(Template.fromStack(stack).toJSON()).get("Resources");
  }

  private static Stack synth(Map<String, String> extra) throws IOException {
    Path sources = Files.createDirectories(dir.resolve("sources-" + extra.hashCode()));
    for (String name : List.of("orders.yaml", "clicks.yaml")) {
      Files.copy(Examples.SOURCES.resolve(name), sources.resolve(name));
    }
    Files.writeString(
        sources.resolve("payments.yaml"),
        """
        name: payments
        key: payment_id
        event_time: at
        kinesis: {stream: payments-stream, region: eu-west-1}
        columns:
          - {name: payment_id, type: STRING, required: true}
          - {name: at, type: "TIMESTAMP_LTZ(3)", required: true}
        """);
    Path jar = dir.resolve("serving-lambda.jar");
    if (!Files.exists(jar)) {
      try (OutputStream out = Files.newOutputStream(jar);
          ZipOutputStream zip = new ZipOutputStream(out)) {
        zip.putNextEntry(new ZipEntry("io/tributary/serving/ServingHandler.class"));
        zip.closeEntry();
      }
    }
    Map<String, Object> context = new HashMap<>();
    context.put("environment", "tributary-test");
    context.put("sources", sources.toString());
    context.put("serving-jar", jar.toString());
    context.putAll(extra);
    App app =
        App.Builder.create()
            .context(context)
            .outdir(dir.resolve("cdk.out-" + extra.hashCode()).toString())
            .build();
    // a concrete account and region, as the CLI gives them: ARNs then hold them, not tokens
    TributaryApp.app(
        app, dir, Environment.builder().account("123456789012").region("eu-central-1").build());
    return (Stack) app.getNode().findChild("tributary-test");
  }

  private static List<JsonNode> ofType(String type) {
    List<JsonNode> found = new ArrayList<>();
    resources.forEach(
        resource -> {
          if (resource.path("Type").asText().equals(type)) {
            found.add(resource.path("Properties"));
          }
        });
    return found;
  }

  @Test
  void everyResourceKindIsThere() {
    Map<String, Integer> expected =
        Map.ofEntries(
            Map.entry("AWS::S3::Bucket", 2),
            Map.entry("AWS::Glue::Database", 3),
            Map.entry("AWS::Athena::WorkGroup", 1),
            Map.entry("AWS::MSK::Cluster", 1),
            Map.entry("AWS::DynamoDB::Table", 1),
            Map.entry("AWS::Lambda::Function", 1),
            Map.entry("AWS::Lambda::Alias", 1),
            Map.entry("AWS::ApiGatewayV2::Api", 1),
            Map.entry("AWS::ApiGatewayV2::Stage", 1),
            Map.entry("AWS::EKS::Cluster", 1),
            Map.entry("AWS::EKS::Nodegroup", 1),
            Map.entry("AWS::EKS::PodIdentityAssociation", 2),
            Map.entry("AWS::SNS::Topic", 1));
    expected.forEach((type, count) -> assertThat(ofType(type)).as(type).hasSize(count));
    assertThat(ofType("AWS::Glue::Database"))
        .extracting(db -> db.at("/DatabaseInput/Name").asText())
        .containsExactlyInAnyOrder("bronze", "silver", "gold");
    JsonNode athena = ofType("AWS::Athena::WorkGroup").get(0).path("WorkGroupConfiguration");
    assertThat(athena.path("EnforceWorkGroupConfiguration").asBoolean()).isTrue();
    assertThat(athena.at("/ResultConfiguration/EncryptionConfiguration/EncryptionOption").asText())
        .isEqualTo("SSE_S3");
    assertThat(athena.at("/EngineVersion/SelectedEngineVersion").asText())
        .isEqualTo("Athena engine version 3");
  }

  @Test
  void bucketsAreEncryptedClosedToThePublicAndTlsOnly() {
    for (JsonNode bucket : ofType("AWS::S3::Bucket")) {
      assertThat(
              bucket
                  .at("/BucketEncryption/ServerSideEncryptionConfiguration/0")
                  .at("/ServerSideEncryptionByDefault/SSEAlgorithm")
                  .asText())
          .isEqualTo("AES256");
      JsonNode block = bucket.path("PublicAccessBlockConfiguration");
      for (String flag :
          List.of(
              "BlockPublicAcls",
              "BlockPublicPolicy",
              "IgnorePublicAcls",
              "RestrictPublicBuckets")) {
        assertThat(block.path(flag).asBoolean()).as(flag).isTrue();
      }
      assertThat(bucket.at("/VersioningConfiguration/Status").asText()).isEqualTo("Enabled");
    }
    List<JsonNode> policies = ofType("AWS::S3::BucketPolicy");
    assertThat(policies).hasSize(2);
    for (JsonNode policy : policies) {
      assertThat(policy.at("/PolicyDocument/Statement").toString())
          .contains("\"aws:SecureTransport\":\"false\"")
          .contains("\"Effect\":\"Deny\"");
    }
  }

  @Test
  void theOnlineStoreExpiresItemsAndRecoversToAPointInTime() {
    JsonNode table = ofType("AWS::DynamoDB::Table").get(0);
    assertThat(table.path("TableName").asText()).isEqualTo("tributary_test_features");
    assertThat(table.at("/TimeToLiveSpecification/AttributeName").asText()).isEqualTo("ttl");
    assertThat(table.at("/TimeToLiveSpecification/Enabled").asBoolean()).isTrue();
    assertThat(table.at("/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled").asBoolean())
        .isTrue();
    assertThat(table.at("/SSESpecification/SSEEnabled").asBoolean()).isTrue();
    assertThat(table.path("KeySchema").toString()).contains("\"pk\"").contains("\"sk\"");
  }

  @Test
  void theServingFunctionStartsFromASnapshotBehindTheHttpApi() {
    JsonNode function = ofType("AWS::Lambda::Function").get(0);
    assertThat(function.at("/SnapStart/ApplyOn").asText()).isEqualTo("PublishedVersions");
    assertThat(function.path("Handler").asText()).isEqualTo(Serving.HANDLER);
    assertThat(function.path("Runtime").asText()).isEqualTo("java25");
    assertThat(function.at("/Environment/Variables/TRIBUTARY_FEATURES_TABLE").asText())
        .isEqualTo("tributary_test_features");
    assertThat(ofType("AWS::Lambda::Alias").get(0).path("Name").asText()).isEqualTo("live");
    // the API invokes the alias (a published version, so SnapStart applies), not $LATEST
    JsonNode integration = ofType("AWS::ApiGatewayV2::Integration").get(0);
    assertThat(integration.path("IntegrationUri").toString()).contains("ServingLive");
    JsonNode stage = ofType("AWS::ApiGatewayV2::Stage").get(0);
    assertThat(stage.at("/AccessLogSettings/DestinationArn").isMissingNode()).isFalse();
    assertThat(stage.at("/DefaultRouteSettings/ThrottlingRateLimit").asInt()).isEqualTo(500);
  }

  @Test
  void everyPolicyNamesItsResources() {
    List<JsonNode> statements = new ArrayList<>();
    ofType("AWS::IAM::Policy")
        .forEach(policy -> policy.at("/PolicyDocument/Statement").forEach(statements::add));
    assertThat(statements).isNotEmpty();
    for (JsonNode statement : statements) {
      if (statement.path("Action").toString().contains("xray:")) {
        continue; // X-Ray's trace writes cannot be scoped to a resource (the function's tracing)
      }
      assertThat(statement.path("Resource").toString())
          .as("resources of %s", statement.path("Action"))
          .isNotEqualTo("\"*\"");
    }
    String all = statements.toString();
    // the serving function reads the store; only the platform's roles write it
    JsonNode servingPolicy =
        ofType("AWS::IAM::Policy").stream()
            .filter(p -> p.path("PolicyName").asText().startsWith("ServingRole"))
            .findFirst()
            .orElseThrow();
    assertThat(servingPolicy.toString())
        .contains("dynamodb:GetItem")
        .doesNotContain("dynamodb:PutItem");
    assertThat(all).contains(":stream/payments-stream").contains("eu-west-1");
    assertThat(all).contains("warehouse/*").contains("flink/*");
    assertThat(all).contains(":table/bronze/*").contains(":database/gold");
  }

  @Test
  void alarmsCoverCheckpointsLagReplaysAndTheServingFunction() {
    List<JsonNode> alarms = ofType("AWS::CloudWatch::Alarm");
    Set<String> metrics = new TreeSet<>();
    for (JsonNode alarm : alarms) {
      metrics.add(alarm.path("MetricName").asText());
      assertThat(alarm.path("AlarmActions")).as("actions of %s", alarm).isNotEmpty();
    }
    assertThat(metrics)
        .containsExactly(
            "CheckpointAgeSeconds", "Duration", "Errors", "ReplayFailed", "SumOffsetLag");
    // a checkpoint and a lag alarm per source, three for replays and serving
    assertThat(alarms).hasSize(3 * 2 + 3);
    JsonNode latency =
        alarms.stream()
            .filter(a -> a.path("MetricName").asText().equals("Duration"))
            .findFirst()
            .orElseThrow();
    assertThat(latency.path("ExtendedStatistic").asText()).isEqualTo("p99");
    JsonNode checkpoints =
        alarms.stream()
            .filter(a -> a.path("MetricName").asText().equals("CheckpointAgeSeconds"))
            .findFirst()
            .orElseThrow();
    assertThat(checkpoints.path("TreatMissingData").asText()).isEqualTo("breaching");
    assertThat(ofType("AWS::SNS::Subscription").get(0).path("Endpoint").asText())
        .isEqualTo("oncall@example.com");
  }

  @Test
  void awsSolutionsRulesPassWithEveryExceptionGivenItsReason() {
    List<SynthesisMessage> errors =
        Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
    List<SynthesisMessage> warnings =
        Annotations.fromStack(stack).findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));
    assertThat(errors).as(describe(errors)).isEmpty();
    assertThat(warnings).as(describe(warnings)).isEmpty();
    // nor anything else the CDK warns of
    List<SynthesisMessage> others = Annotations.fromStack(stack).findWarning("*", Match.anyValue());
    assertThat(others).as(describe(others)).isEmpty();
  }

  @Test
  void anExistingKafkaClusterReplacesMsk() throws IOException {
    Stack existing = synth(Map.of("kafka-bootstrap", "b-1.kafka.internal:9096"));
    Template template = Template.fromStack(existing);
    template.resourceCountIs("AWS::MSK::Cluster", 0);
    template.resourceCountIs("AWS::CloudWatch::Alarm", 3 + 3);
  }

  @Test
  void aBadEnvironmentNameIsRefusedWithTheRule() {
    assertThatThrownBy(() -> synth(Map.of("environment", "Prod_1")))
        .hasMessageContaining("Context value environment is 'Prod_1'");
  }

  private static String describe(List<SynthesisMessage> messages) {
    return messages.stream()
        .map(m -> m.getId() + ": " + m.getEntry().getData())
        .toList()
        .toString();
  }
}
