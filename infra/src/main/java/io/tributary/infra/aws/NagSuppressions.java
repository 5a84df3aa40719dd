package io.tributary.infra.aws;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

/**
 * The AwsSolutions findings this stack accepts, each scoped to the exact policies or resources it
 * is about and given its reason, in one place so that a reviewer sees every exception together.
 * Anything else cdk-nag finds fails the synth (and {@code TributaryStackTest}).
 */
final class NagSuppressions {
  private NagSuppressions() {}

  static void apply(Stack stack, IConstruct servingRole) {
    io.github.cdklabs.cdknag.NagSuppressions.addStackSuppressions(
        stack,
        List.of(
            NagPackSuppression.builder()
                .id("AwsSolutions-IAM4")
                .reason(
                    "EKS's cluster and node roles take AWS's managed EKS, CNI and ECR read-only"
                        + " policies, which EKS documents as their required permissions")
                .appliesTo(
                    List.of(
                        managed("AmazonEKSClusterPolicy"),
                        managed("AmazonEKSWorkerNodePolicy"),
                        managed("AmazonEKS_CNI_Policy"),
                        managed("AmazonEC2ContainerRegistryReadOnly")))
                .build(),
            NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason(
                    "Wildcards only below named resources: objects under the lake's warehouse/"
                        + " and flink/ prefixes, the tables of the bronze, silver and gold Glue"
                        + " databases, the serving function's own log group's streams")
                .appliesTo(
                    List.of(
                        regex("^Resource::<LakeWarehouse[0-9A-F]+\\.Arn>/(warehouse|flink)/\\*$"),
                        // the region and account are tokens, or concrete when the CLI gives them
                        regex(
                            "^Resource::arn:<AWS::Partition>:glue:(<AWS::Region>|[a-z0-9-]+)"
                                + ":(<AWS::AccountId>|[0-9]{12}):table/(bronze|silver|gold)/\\*$"),
                        regex("^Resource::<ServingFunctionLogs[0-9A-F]+\\.Arn>:\\*$")))
                .build(),
            NagPackSuppression.builder()
                .id("AwsSolutions-APIG4")
                .reason(
                    "The serving API authorizes every request itself: hashed API keys scoped to"
                        + " feature groups, kept in the online store (docs/serving.md)")
                .build(),
            NagPackSuppression.builder()
                .id("AwsSolutions-SMG4")
                .reason(
                    "The Kafka SCRAM password is rotated by hand (docs/deploy-aws.md): MSK reads"
                        + " it when associated, and clients hold it in their configuration")
                .build()));
    io.github.cdklabs.cdknag.NagSuppressions.addResourceSuppressions(
        servingRole,
        List.of(
            NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("X-Ray's trace writes (the function's active tracing) take no resource")
                .appliesTo(List.of("Resource::*"))
                .build()),
        true);
  }

  private static String managed(String policy) {
    return "Policy::arn:<AWS::Partition>:iam::aws:policy/" + policy;
  }

  private static RegexAppliesTo regex(String pattern) {
    return RegexAppliesTo.builder().regex("/" + pattern + "/g").build();
  }
}
