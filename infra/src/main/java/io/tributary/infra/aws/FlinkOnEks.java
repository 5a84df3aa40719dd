package io.tributary.infra.aws;

import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.eks.CfnAddon;
import software.amazon.awscdk.services.eks.CfnCluster;
import software.amazon.awscdk.services.eks.CfnNodegroup;
import software.amazon.awscdk.services.eks.CfnPodIdentityAssociation;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * Where the Flink jobs and the platform's control plane run: an EKS cluster (its API private to the
 * VPC, every control-plane log on, secrets encrypted under a key of its own) with one managed node
 * group in the private subnets, and EKS Pod Identity, through which the namespace {@code
 * tributary}'s service accounts {@code flink} (the Flink Kubernetes Operator's jobs) and {@code
 * tributary} (the platform: SQL gateway, replays, Kinesis bridges) get the roles of {@link
 * Workloads}. The operator and the jobs go on with {@code tributary k8s render} and Helm
 * (docs/deploy-aws.md); CloudFormation only sees what AWS runs.
 *
 * <p>EKS rather than Managed Service for Apache Flink: the platform submits pipelines, replays,
 * backfills and analysts' SQL to a Flink cluster's REST API at run time (a session cluster), which
 * Managed Flink does not offer, and the operator runs exactly the Flink version the jobs are built
 * for (2.1), where Managed Flink offers 1.20 and 2.2.
 */
final class FlinkOnEks extends Construct {
  static final String NAMESPACE = "tributary";
  static final String FLINK_ACCOUNT = "flink";
  static final String PLATFORM_ACCOUNT = "tributary";

  private final CfnCluster cluster;

  FlinkOnEks(Construct scope, String id, AwsSettings settings, Vpc vpc, Workloads workloads) {
    super(scope, id);
    List<String> subnets =
        vpc.selectSubnets(
                SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
            .getSubnetIds();
    Role clusterRole =
        Role.Builder.create(this, "ClusterRole")
            .assumedBy(new ServicePrincipal("eks.amazonaws.com"))
            .managedPolicies(
                List.of(ManagedPolicy.fromAwsManagedPolicyName("AmazonEKSClusterPolicy")))
            .build();
    Key secrets =
        Key.Builder.create(this, "SecretsKey")
            .description("Encrypts the Kubernetes secrets of " + settings.name())
            .enableKeyRotation(true)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    cluster =
        CfnCluster.Builder.create(this, "Cluster")
            .name(settings.name())
            .version("1.33")
            .roleArn(clusterRole.getRoleArn())
            .resourcesVpcConfig(
                CfnCluster.ResourcesVpcConfigProperty.builder()
                    .subnetIds(subnets)
                    .endpointPrivateAccess(true)
                    .endpointPublicAccess(false)
                    .build())
            .accessConfig(
                CfnCluster.AccessConfigProperty.builder().authenticationMode("API").build())
            .encryptionConfig(
                List.of(
                    CfnCluster.EncryptionConfigProperty.builder()
                        .provider(
                            CfnCluster.ProviderProperty.builder()
                                .keyArn(secrets.getKeyArn())
                                .build())
                        .resources(List.of("secrets"))
                        .build()))
            .logging(
                CfnCluster.LoggingProperty.builder()
                    .clusterLogging(
                        CfnCluster.ClusterLoggingProperty.builder()
                            .enabledTypes(
                                List.of(
                                        "api",
                                        "audit",
                                        "authenticator",
                                        "controllerManager",
                                        "scheduler")
                                    .stream()
                                    .map(
                                        type ->
                                            CfnCluster.LoggingTypeConfigProperty.builder()
                                                .type(type)
                                                .build())
                                    .toList())
                            .build())
                    .build())
            .build();
    Role nodeRole =
        Role.Builder.create(this, "NodeRole")
            .assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
            .managedPolicies(
                List.of(
                    ManagedPolicy.fromAwsManagedPolicyName("AmazonEKSWorkerNodePolicy"),
                    ManagedPolicy.fromAwsManagedPolicyName("AmazonEKS_CNI_Policy"),
                    ManagedPolicy.fromAwsManagedPolicyName("AmazonEC2ContainerRegistryReadOnly")))
            .build();
    CfnNodegroup.Builder.create(this, "Nodes")
        .clusterName(cluster.getRef())
        .nodeRole(nodeRole.getRoleArn())
        .subnets(subnets)
        .amiType("AL2023_ARM_64_STANDARD")
        .instanceTypes(List.of("m7g.xlarge"))
        .scalingConfig(
            CfnNodegroup.ScalingConfigProperty.builder()
                .minSize(2)
                .desiredSize(2)
                .maxSize(6)
                .build())
        .build();
    CfnAddon podIdentity =
        CfnAddon.Builder.create(this, "PodIdentityAgent")
            .clusterName(cluster.getRef())
            .addonName("eks-pod-identity-agent")
            .build();
    associate("FlinkIdentity", FLINK_ACCOUNT, workloads.flinkJobs(), podIdentity);
    associate("PlatformIdentity", PLATFORM_ACCOUNT, workloads.platform(), podIdentity);
  }

  private void associate(String id, String serviceAccount, IRole role, CfnAddon agent) {
    CfnPodIdentityAssociation association =
        CfnPodIdentityAssociation.Builder.create(this, id)
            .clusterName(cluster.getRef())
            .namespace(NAMESPACE)
            .serviceAccount(serviceAccount)
            .roleArn(role.getRoleArn())
            .build();
    association.addResourceDependency(agent);
  }

  CfnCluster cluster() {
    return cluster;
  }
}
