package io.tributary.infra.aws;

import io.tributary.catalog.Layer;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.athena.CfnWorkGroup;
import software.amazon.awscdk.services.glue.CfnDatabase;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * The lake on S3 with Glue, as Athena reads it: one warehouse bucket (the Iceberg tables under
 * {@code warehouse/}, the Flink jobs' checkpoints and savepoints under {@code flink/}, Athena's
 * results under {@code athena-results/}), a Glue database per layer, and an Athena workgroup whose
 * settings its users cannot override. Buckets are encrypted, closed to the public, reachable over
 * TLS only, versioned, and log their access to a bucket of their own.
 */
final class Lake extends Construct {
  static final String WAREHOUSE = "warehouse/";
  static final String FLINK_STATE = "flink/";
  static final String ATHENA_RESULTS = "athena-results/";

  private final Bucket bucket;
  private final List<String> databases = new ArrayList<>();
  private final CfnWorkGroup workGroup;

  Lake(Construct scope, String id, AwsSettings settings) {
    super(scope, id);
    Bucket accessLogs =
        Bucket.Builder.create(this, "AccessLogs")
            .encryption(BucketEncryption.S3_MANAGED)
            .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
            .enforceSsl(true)
            .versioned(true)
            .objectOwnership(ObjectOwnership.BUCKET_OWNER_PREFERRED)
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();
    bucket =
        Bucket.Builder.create(this, "Warehouse")
            .encryption(BucketEncryption.S3_MANAGED)
            .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
            .enforceSsl(true)
            .versioned(true)
            .serverAccessLogsBucket(accessLogs)
            .serverAccessLogsPrefix("warehouse-bucket/")
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();
    String account = Stack.of(this).getAccount();
    for (Layer layer : Layer.values()) {
      String database = layer.namespaceName();
      CfnDatabase.Builder.create(this, "Database" + database)
          .catalogId(account)
          .databaseInput(
              CfnDatabase.DatabaseInputProperty.builder()
                  .name(database)
                  .description("Tributary's " + database + " layer (" + settings.name() + ")")
                  .locationUri(bucket.s3UrlForObject(WAREHOUSE + database + ".db"))
                  .build())
          .build();
      databases.add(database);
    }
    workGroup =
        CfnWorkGroup.Builder.create(this, "Athena")
            .name(settings.name())
            .description("Analysts' queries of the Tributary lake " + settings.name())
            .state("ENABLED")
            .recursiveDeleteOption(false)
            .workGroupConfiguration(
                CfnWorkGroup.WorkGroupConfigurationProperty.builder()
                    .enforceWorkGroupConfiguration(true)
                    .publishCloudWatchMetricsEnabled(true)
                    .engineVersion(
                        CfnWorkGroup.EngineVersionProperty.builder()
                            .selectedEngineVersion("Athena engine version 3")
                            .build())
                    .resultConfiguration(
                        CfnWorkGroup.ResultConfigurationProperty.builder()
                            .outputLocation(bucket.s3UrlForObject(ATHENA_RESULTS))
                            .encryptionConfiguration(
                                CfnWorkGroup.EncryptionConfigurationProperty.builder()
                                    .encryptionOption("SSE_S3")
                                    .build())
                            .build())
                    .build())
            .build();
  }

  Bucket bucket() {
    return bucket;
  }

  /** The Glue databases: {@code bronze}, {@code silver}, {@code gold}. */
  List<String> databases() {
    return List.copyOf(databases);
  }

  CfnWorkGroup workGroup() {
    return workGroup;
  }
}
