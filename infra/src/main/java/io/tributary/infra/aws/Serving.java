package io.tributary.infra.aws;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The serving API for external consumers: the serving Lambda ({@code
 * io.tributary.serving.ServingHandler}, SnapStart on its published versions, served through the
 * alias {@code live}) behind an API Gateway HTTP API with access logs and a throttle. Its role may
 * read the online store's table and write its own log group, nothing else.
 */
final class Serving extends Construct {
  static final String HANDLER = "io.tributary.serving.ServingHandler::handleRequest";

  private final Function function;
  private final Alias live;
  private final HttpApi api;

  Serving(Construct scope, String id, AwsSettings settings, Table features) {
    super(scope, id);
    LogGroup functionLogs =
        LogGroup.Builder.create(this, "FunctionLogs")
            .retention(RetentionDays.ONE_MONTH)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    Role role =
        Role.Builder.create(this, "Role")
            .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
            .description("The serving Lambda of " + settings.name() + ": reads features")
            .build();
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .actions(List.of("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query"))
            .resources(List.of(features.getTableArn()))
            .build());
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
            .resources(List.of(functionLogs.getLogGroupArn() + ":*"))
            .build());
    function =
        Function.Builder.create(this, "Function")
            .description("Tributary's serving API (" + settings.name() + ")")
            .runtime(Runtime.JAVA_25)
            .architecture(Architecture.ARM_64)
            .handler(HANDLER)
            .code(Code.fromAsset(settings.servingJar().toString()))
            .memorySize(1024)
            .timeout(Duration.seconds(10))
            .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
            .tracing(Tracing.ACTIVE)
            .role(role)
            .logGroup(functionLogs)
            .environment(Map.of("TRIBUTARY_FEATURES_TABLE", settings.featureTable()))
            .build();
    // SnapStart applies to published versions only: the alias below serves the current one
    software.amazon.awscdk.Annotations.of(function)
        .acknowledgeWarning(
            "@aws-cdk/aws-lambda:snapStartRequirePublish", "served through the alias live");
    live =
        Alias.Builder.create(this, "Live")
            .aliasName("live")
            .version(function.getCurrentVersion())
            .build();
    LogGroup accessLogs =
        LogGroup.Builder.create(this, "AccessLogs")
            .retention(RetentionDays.ONE_MONTH)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    api =
        HttpApi.Builder.create(this, "Api")
            .apiName(settings.name() + "-serving")
            .description("Features over REST: GET /v1/groups, /v1/groups/{g}/entities/{e}, ...")
            .defaultIntegration(new HttpLambdaIntegration("Serving", live))
            .createDefaultStage(false)
            .build();
    HttpStage.Builder.create(this, "Stage")
        .httpApi(api)
        .stageName("$default")
        .autoDeploy(true)
        .accessLogSettings(
            new software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings() {
              @Override
              public software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination
                  getDestination() {
                return new LogGroupLogDestination(accessLogs);
              }

              @Override
              public AccessLogFormat getFormat() {
                return AccessLogFormat.clf();
              }
            })
        .throttle(ThrottleSettings.builder().rateLimit(500).burstLimit(1000).build())
        .build();
  }

  Function function() {
    return function;
  }

  Alias live() {
    return live;
  }

  HttpApi api() {
    return api;
  }
}
