package io.tributary.feature.dynamodb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** The online store's table itself: its creation, and scans that remove or list a key prefix. */
final class TableAdmin {
  private static final Logger LOG = LoggerFactory.getLogger(TableAdmin.class);

  private final DynamoDbClient client;
  private final String table;

  TableAdmin(DynamoDbClient client, String table) {
    this.client = client;
    this.table = table;
  }

  /**
   * Creates the table when missing and waits until it is active; turns on expiry by {@code ttl}
   * where the server has it (dynalite has not: locally, items stay, which reads do not notice,
   * since they leave out every slice outside the window).
   */
  void ensureTable() {
    try {
      client.createTable(
          b ->
              b.tableName(table)
                  .billingMode(BillingMode.PAY_PER_REQUEST)
                  .attributeDefinitions(
                      AttributeDefinition.builder()
                          .attributeName(ItemLayout.PK)
                          .attributeType(ScalarAttributeType.S)
                          .build(),
                      AttributeDefinition.builder()
                          .attributeName(ItemLayout.SK)
                          .attributeType(ScalarAttributeType.S)
                          .build())
                  .keySchema(
                      KeySchemaElement.builder()
                          .attributeName(ItemLayout.PK)
                          .keyType(KeyType.HASH)
                          .build(),
                      KeySchemaElement.builder()
                          .attributeName(ItemLayout.SK)
                          .keyType(KeyType.RANGE)
                          .build()));
      LOG.info("Created table {} of the online store", table);
    } catch (ResourceInUseException e) {
      LOG.debug("Table {} exists", table);
    }
    awaitActive();
    try {
      client.updateTimeToLive(
          b ->
              b.tableName(table)
                  .timeToLiveSpecification(t -> t.attributeName(ItemLayout.TTL).enabled(true)));
    } catch (DynamoDbException e) {
      // already on (AWS says so with a ValidationException), or not implemented (dynalite)
      LOG.info("Expiry by {} not turned on for {}: {}", ItemLayout.TTL, table, e.getMessage());
    }
  }

  private void awaitActive() {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (true) {
      TableStatus status = client.describeTable(b -> b.tableName(table)).table().tableStatus();
      if (status == TableStatus.ACTIVE) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "Table " + table + " is still " + status + " after 2 minutes");
      }
      pause(200);
    }
  }

  /**
   * Removes every item of a generation (its features and its stats): a scan of the table for the
   * generation's key prefix, deleted 25 at a time. Returns how many.
   */
  long deleteAll(String prefix) {
    long deleted = 0;
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    for (Map<String, AttributeValue> item : scan(prefix)) {
      keys.add(
          Map.of(ItemLayout.PK, item.get(ItemLayout.PK), ItemLayout.SK, item.get(ItemLayout.SK)));
      if (keys.size() == OnlineStore.BATCH_WRITE) {
        deleted += delete(keys);
        keys.clear();
      }
    }
    return deleted + (keys.isEmpty() ? 0 : delete(keys));
  }

  private long delete(List<Map<String, AttributeValue>> keys) {
    List<WriteRequest> requests = new ArrayList<>();
    keys.forEach(
        key ->
            requests.add(
                WriteRequest.builder()
                    .deleteRequest(DeleteRequest.builder().key(key).build())
                    .build()));
    Map<String, List<WriteRequest>> pending = Map.of(table, requests);
    for (int attempt = 0; !pending.isEmpty(); attempt++) {
      if (attempt > 0) {
        pause(Math.min(1_000, 20L << Math.min(attempt, 6)));
      }
      Map<String, List<WriteRequest>> batch = pending;
      var response = client.batchWriteItem(b -> b.requestItems(batch));
      pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
      pending = pending.values().stream().allMatch(List::isEmpty) ? Map.of() : pending;
    }
    return keys.size();
  }

  /** Up to {@code limit} entities of a generation, for the CLI. */
  List<String> entities(String prefix, int limit) {
    Set<String> entities = new LinkedHashSet<>();
    for (Map<String, AttributeValue> item : scan(prefix)) {
      String pk = item.get(ItemLayout.PK).s();
      if (pk.length() > prefix.length()) {
        entities.add(pk.substring(prefix.length()));
        if (entities.size() >= limit) {
          break;
        }
      }
    }
    return List.copyOf(entities);
  }

  private List<Map<String, AttributeValue>> scan(String prefix) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> from = start;
      ScanResponse response =
          client.scan(
              ScanRequest.builder()
                  .tableName(table)
                  .projectionExpression("pk, sk")
                  .filterExpression("begins_with(pk, :prefix)")
                  .expressionAttributeValues(Map.of(":prefix", ItemLayout.text(prefix)))
                  .exclusiveStartKey(from)
                  .build());
      items.addAll(response.items());
      start =
          response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
              ? new LinkedHashMap<>(response.lastEvaluatedKey())
              : null;
    } while (start != null);
    return items;
  }

  static void pause(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for DynamoDB", e);
    }
  }
}
