package io.tributary.infra.aws;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.msk.CfnBatchScramSecret;
import software.amazon.awscdk.services.msk.CfnCluster;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * The log: an MSK cluster of two brokers in the private subnets, TLS between clients and brokers
 * and among brokers, SASL/SCRAM for clients (the user {@code tributary}, its password in a secret
 * under a key of its own, as MSK requires), broker logs in CloudWatch. Clients set {@code
 * security.protocol=SASL_SSL} and {@code sasl.mechanism=SCRAM-SHA-512} through the platform's Kafka
 * client properties ({@code stream.kafka.KafkaConnection}).
 */
final class KafkaCluster extends Construct {
  static final String SCRAM_PORT = "9096";

  private final CfnCluster cluster;
  private final Secret secret;
  private final Key key;

  KafkaCluster(Construct scope, String id, AwsSettings settings, Vpc vpc) {
    super(scope, id);
    key =
        Key.Builder.create(this, "SecretKey")
            .description("Encrypts the SCRAM secret of " + settings.name() + "'s Kafka")
            .enableKeyRotation(true)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    secret =
        Secret.Builder.create(this, "Scram")
            // MSK only associates secrets whose names start with AmazonMSK_
            .secretName("AmazonMSK_" + settings.name())
            .encryptionKey(key)
            .generateSecretString(
                SecretStringGenerator.builder()
                    .secretStringTemplate("{\"username\":\"tributary\"}")
                    .generateStringKey("password")
                    .excludePunctuation(true)
                    .passwordLength(32)
                    .build())
            .build();
    SecurityGroup brokers =
        SecurityGroup.Builder.create(this, "Brokers")
            .vpc(vpc)
            .description("Kafka clients inside the VPC reach the brokers over SASL/SCRAM and TLS")
            .allowAllOutbound(false)
            .build();
    brokers.addIngressRule(
        Peer.ipv4(TributaryStack.CIDR),
        Port.tcp(Integer.parseInt(SCRAM_PORT)),
        "Kafka over SASL_SSL from inside the VPC");
    LogGroup brokerLogs =
        LogGroup.Builder.create(this, "BrokerLogs")
            .retention(RetentionDays.ONE_MONTH)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    List<String> subnets =
        vpc.selectSubnets(
                SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
            .getSubnetIds();
    cluster =
        CfnCluster.Builder.create(this, "Cluster")
            .clusterName(settings.name())
            .kafkaVersion("3.9.x")
            .numberOfBrokerNodes(subnets.size())
            .brokerNodeGroupInfo(
                CfnCluster.BrokerNodeGroupInfoProperty.builder()
                    .instanceType("kafka.m7g.large")
                    .clientSubnets(subnets)
                    .securityGroups(List.of(brokers.getSecurityGroupId()))
                    .storageInfo(
                        CfnCluster.StorageInfoProperty.builder()
                            .ebsStorageInfo(
                                CfnCluster.EBSStorageInfoProperty.builder().volumeSize(100).build())
                            .build())
                    .build())
            .encryptionInfo(
                CfnCluster.EncryptionInfoProperty.builder()
                    .encryptionInTransit(
                        CfnCluster.EncryptionInTransitProperty.builder()
                            .clientBroker("TLS")
                            .inCluster(true)
                            .build())
                    .build())
            .clientAuthentication(
                CfnCluster.ClientAuthenticationProperty.builder()
                    .sasl(
                        CfnCluster.SaslProperty.builder()
                            .scram(CfnCluster.ScramProperty.builder().enabled(true).build())
                            .build())
                    .unauthenticated(
                        CfnCluster.UnauthenticatedProperty.builder().enabled(false).build())
                    .build())
            .loggingInfo(
                CfnCluster.LoggingInfoProperty.builder()
                    .brokerLogs(
                        CfnCluster.BrokerLogsProperty.builder()
                            .cloudWatchLogs(
                                CfnCluster.CloudWatchLogsProperty.builder()
                                    .enabled(true)
                                    .logGroup(brokerLogs.getLogGroupName())
                                    .build())
                            .build())
                    .build())
            .enhancedMonitoring("PER_TOPIC_PER_PARTITION")
            .tags(Map.of("tributary:environment", settings.name()))
            .build();
    CfnBatchScramSecret.Builder.create(this, "ScramSecret")
        .clusterArn(cluster.getAttrArn())
        .secretArnList(List.of(secret.getSecretArn()))
        .build();
  }

  /** The MSK cluster, when the environment has one of its own. */
  static Optional<KafkaCluster> unlessExisting(
      Construct scope, String id, AwsSettings settings, Vpc vpc) {
    return settings.kafkaBootstrap().isPresent()
        ? Optional.empty()
        : Optional.of(new KafkaCluster(scope, id, settings, vpc));
  }

  String clusterName() {
    return cluster.getClusterName();
  }

  CfnCluster cluster() {
    return cluster;
  }

  Secret secret() {
    return secret;
  }

  Key key() {
    return key;
  }
}
