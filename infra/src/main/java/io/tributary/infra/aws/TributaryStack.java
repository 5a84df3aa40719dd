package io.tributary.infra.aws;

import java.util.Optional;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.Vpc;
import software.constructs.Construct;

/**
 * One environment of Tributary on AWS: a VPC; the lake on S3 with a Glue database per layer and an
 * Athena workgroup ({@link Lake}); Kafka (an MSK cluster, or an existing one by its bootstrap
 * address; {@link KafkaCluster}); the online store's DynamoDB table ({@link OnlineStoreTable}); the
 * serving Lambda behind an HTTP API ({@link Serving}); EKS for Flink and the platform ({@link
 * FlinkOnEks}) with a role per workload ({@link Workloads}); and the alarms ({@link Alarms}).
 */
public final class TributaryStack extends Stack {
  /** The VPC's addresses; Kafka admits clients from these. */
  static final String CIDR = "10.40.0.0/16";

  private final Lake lake;
  private final Serving serving;
  private final Alarms alarms;

  public TributaryStack(Construct scope, String id, StackProps props, AwsSettings settings) {
    super(scope, id, props);
    Vpc vpc =
        Vpc.Builder.create(this, "Vpc")
            .ipAddresses(IpAddresses.cidr(CIDR))
            .maxAzs(2)
            .natGateways(1)
            .build();
    vpc.addFlowLog(
        "FlowLog",
        FlowLogOptions.builder().destination(FlowLogDestination.toCloudWatchLogs()).build());
    lake = new Lake(this, "Lake", settings);
    Optional<KafkaCluster> kafka = KafkaCluster.unlessExisting(this, "Kafka", settings, vpc);
    OnlineStoreTable store = new OnlineStoreTable(this, "OnlineStore", settings);
    serving = new Serving(this, "Serving", settings, store.table());
    Workloads workloads = new Workloads(this, "Workloads", settings, lake, store.table(), kafka);
    FlinkOnEks flink = new FlinkOnEks(this, "Flink", settings, vpc, workloads);
    alarms = new Alarms(this, "Alarms", settings, kafka, serving.live());
    NagSuppressions.apply(this, serving.function().getRole());

    CfnOutput.Builder.create(this, "Warehouse")
        .description("The Iceberg warehouse of the glue catalog")
        .value(lake.bucket().s3UrlForObject(Lake.WAREHOUSE))
        .build();
    CfnOutput.Builder.create(this, "FlinkState")
        .description("Checkpoints and savepoints of the jobs")
        .value(lake.bucket().s3UrlForObject(Lake.FLINK_STATE))
        .build();
    CfnOutput.Builder.create(this, "ServingUrl")
        .description("The serving API")
        .value(serving.api().getApiEndpoint())
        .build();
    CfnOutput.Builder.create(this, "AthenaWorkGroup").value(lake.workGroup().getName()).build();
    CfnOutput.Builder.create(this, "EksCluster").value(flink.cluster().getRef()).build();
    CfnOutput.Builder.create(this, "FeatureTable").value(store.table().getTableName()).build();
    kafka.ifPresent(
        cluster ->
            CfnOutput.Builder.create(this, "KafkaCluster")
                .description(
                    "aws kafka get-bootstrap-brokers --cluster-arn <this> gives its address")
                .value(cluster.cluster().getAttrArn())
                .build());
  }

  Lake lake() {
    return lake;
  }

  Serving serving() {
    return serving;
  }

  Alarms alarms() {
    return alarms;
  }
}
