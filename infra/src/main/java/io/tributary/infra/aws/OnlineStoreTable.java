package io.tributary.infra.aws;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.constructs.Construct;

/**
 * The online store: the one DynamoDB table of every feature group's items, in the layout the
 * platform writes ({@code feature.dynamodb.ItemLayout}: string keys {@code pk} and {@code sk},
 * expiry by {@code ttl}), paid per request, with point-in-time recovery.
 */
final class OnlineStoreTable extends Construct {
  private final Table table;

  OnlineStoreTable(Construct scope, String id, AwsSettings settings) {
    super(scope, id);
    table =
        Table.Builder.create(this, "Features")
            .tableName(settings.featureTable())
            .partitionKey(Attribute.builder().name("pk").type(AttributeType.STRING).build())
            .sortKey(Attribute.builder().name("sk").type(AttributeType.STRING).build())
            .billingMode(BillingMode.PAY_PER_REQUEST)
            .timeToLiveAttribute("ttl")
            .pointInTimeRecoverySpecification(
                PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build())
            .encryption(TableEncryption.AWS_MANAGED)
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();
  }

  Table table() {
    return table;
  }
}
