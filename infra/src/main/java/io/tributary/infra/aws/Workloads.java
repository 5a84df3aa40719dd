package io.tributary.infra.aws;

import io.tributary.stream.source.SourceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.s3.Bucket;
import software.constructs.Construct;

/**
 * The roles of what runs on the cluster, each scoped to the resources it names: the Flink jobs (the
 * lake's prefixes and its Glue databases, the state prefix, the online store's table, the Kafka
 * secret) and the platform's control plane (the same lake and store, plus reading the declared
 * sources' Kinesis streams for their bridges). Both are assumed through EKS Pod Identity.
 */
final class Workloads extends Construct {
  static final List<String> GLUE_ACTIONS =
      List.of(
          "glue:GetDatabase",
          "glue:GetDatabases",
          "glue:GetTable",
          "glue:GetTables",
          "glue:CreateTable",
          "glue:UpdateTable",
          "glue:DeleteTable",
          "glue:GetPartitions");
  static final List<String> TABLE_ACTIONS =
      List.of(
          "dynamodb:DescribeTable",
          "dynamodb:GetItem",
          "dynamodb:BatchGetItem",
          "dynamodb:Query",
          "dynamodb:PutItem",
          "dynamodb:UpdateItem",
          "dynamodb:DeleteItem",
          "dynamodb:BatchWriteItem",
          "dynamodb:ConditionCheckItem");
  static final List<String> KINESIS_ACTIONS =
      List.of(
          "kinesis:DescribeStreamSummary",
          "kinesis:ListShards",
          "kinesis:GetShardIterator",
          "kinesis:GetRecords");

  private final Role flinkJobs;
  private final Role platform;

  Workloads(
      Construct scope,
      String id,
      AwsSettings settings,
      Lake lake,
      Table features,
      Optional<KafkaCluster> kafka) {
    super(scope, id);
    flinkJobs = podRole("FlinkJobs", "The Flink jobs of " + settings.name());
    platform = podRole("Platform", "The control plane of " + settings.name());
    for (Role role : List.of(flinkJobs, platform)) {
      lakeAccess(role, lake);
      role.addToPolicy(
          PolicyStatement.Builder.create()
              .actions(TABLE_ACTIONS)
              .resources(List.of(features.getTableArn()))
              .build());
      kafka.ifPresent(
          cluster -> {
            cluster.secret().grantRead(role);
          });
    }
    List<String> streams = new ArrayList<>();
    Stack stack = Stack.of(this);
    for (SourceSpec source : settings.sources()) {
      source
          .kinesis()
          .ifPresent(
              kinesis ->
                  streams.add(
                      "arn:"
                          + stack.getPartition()
                          + ":kinesis:"
                          + kinesis.region().orElse(stack.getRegion())
                          + ":"
                          + stack.getAccount()
                          + ":stream/"
                          + kinesis.stream()));
    }
    if (!streams.isEmpty()) {
      platform.addToPolicy(
          PolicyStatement.Builder.create().actions(KINESIS_ACTIONS).resources(streams).build());
    }
  }

  private Role podRole(String id, String description) {
    Role role =
        Role.Builder.create(this, id)
            .assumedBy(new ServicePrincipal("pods.eks.amazonaws.com"))
            .description(description)
            .build();
    // EKS Pod Identity tags the session it starts
    role.getAssumeRolePolicy()
        .addStatements(
            PolicyStatement.Builder.create()
                .actions(List.of("sts:TagSession"))
                .principals(List.of(new ServicePrincipal("pods.eks.amazonaws.com")))
                .build());
    return role;
  }

  /** Read and write under the lake's prefixes, and the layers' Glue databases and tables. */
  private static void lakeAccess(Role role, Lake lake) {
    Bucket bucket = lake.bucket();
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .actions(List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject"))
            .resources(
                List.of(
                    bucket.arnForObjects(Lake.WAREHOUSE + "*"),
                    bucket.arnForObjects(Lake.FLINK_STATE + "*")))
            .build());
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .actions(List.of("s3:ListBucket", "s3:GetBucketLocation"))
            .resources(List.of(bucket.getBucketArn()))
            .build());
    Stack stack = Stack.of(role);
    String glue =
        "arn:" + stack.getPartition() + ":glue:" + stack.getRegion() + ":" + stack.getAccount();
    List<String> resources = new ArrayList<>();
    resources.add(glue + ":catalog");
    for (String database : lake.databases()) {
      resources.add(glue + ":database/" + database);
      resources.add(glue + ":table/" + database + "/*");
    }
    role.addToPolicy(
        PolicyStatement.Builder.create().actions(GLUE_ACTIONS).resources(resources).build());
  }

  Role flinkJobs() {
    return flinkJobs;
  }

  Role platform() {
    return platform;
  }
}
