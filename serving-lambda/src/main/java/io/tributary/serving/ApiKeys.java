package io.tributary.serving;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.tributary.feature.dynamodb.ItemLayout;
import io.tributary.feature.dynamodb.OnlineStore;
import io.tributary.feature.dynamodb.OnlineStoreConfig;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * The serving API's keys, kept in the online store's table (one partition, {@code pk = #apikeys},
 * {@code sk = <sha256 of the key>}; {@code name} (S), {@code groups} (L of S), {@code created} (N,
 * ms)), so that the Lambda needs no file. A key is shown once, when added; the store keeps only its
 * SHA-256.
 */
public final class ApiKeys implements AutoCloseable {
  static final String PARTITION = "#apikeys";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final DynamoDbClient client;
  private final String table;

  private ApiKeys(DynamoDbClient client, String table) {
    this.client = client;
    this.table = table;
  }

  public static ApiKeys connect(OnlineStoreConfig config) {
    return new ApiKeys(OnlineStore.client(config), config.table());
  }

  /**
   * Adds a key for {@code name}, allowed to read {@code groups} ({@code *} for all), and returns
   * the key: the only time it is shown.
   *
   * @throws IllegalArgumentException when the name is malformed or taken, or no group is given
   */
  public String add(String name, List<String> groups) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "Key name '"
              + name
              + "' must be 1 to 64 letters, digits or _ . @ -, starting with a"
              + " letter or digit");
    }
    if (groups.isEmpty()) {
      throw new IllegalArgumentException(
          "Key " + name + " needs at least one group (or * for every group)");
    }
    if (list().stream().anyMatch(key -> key.name().equals(name))) {
      throw new IllegalArgumentException(
          "A key named " + name + " exists; revoke it first to replace it");
    }
    byte[] secret = new byte[24];
    RANDOM.nextBytes(secret);
    String key = "trb_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    Map<String, AttributeValue> item = new HashMap<>(ItemLayout.key(PARTITION, sha256(key)));
    item.put("name", AttributeValue.fromS(name));
    item.put("groups", AttributeValue.fromL(groups.stream().map(AttributeValue::fromS).toList()));
    item.put("created", AttributeValue.fromN(Long.toString(System.currentTimeMillis())));
    client.putItem(b -> b.tableName(table).item(item));
    return key;
  }

  /** Every key, by name, without the keys themselves. */
  public List<ApiKey> list() {
    List<ApiKey> keys = new ArrayList<>();
    try {
      client
          .queryPaginator(
              b ->
                  b.tableName(table)
                      .consistentRead(true)
                      .keyConditionExpression("pk = :pk")
                      .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(PARTITION))))
          .items()
          .forEach(
              item ->
                  keys.add(
                      new ApiKey(
                          item.get("name").s(),
                          item.get(ItemLayout.SK).s(),
                          item.get("groups").l().stream().map(AttributeValue::s).toList(),
                          Instant.ofEpochMilli(Long.parseLong(item.get("created").n())))));
    } catch (ResourceNotFoundException e) {
      return List.of();
    }
    keys.sort(java.util.Comparator.comparing(ApiKey::name));
    return keys;
  }

  /**
   * Revokes the key called {@code name}.
   *
   * @return false when there is no such key
   */
  public boolean revoke(String name) {
    boolean found = false;
    for (ApiKey key : list()) {
      if (key.name().equals(name)) {
        client.deleteItem(b -> b.tableName(table).key(ItemLayout.key(PARTITION, key.sha256())));
        found = true;
      }
    }
    return found;
  }

  /** The SHA-256 of {@code key}, hex: what the store keeps of it. */
  static String sha256(String key) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("This JVM has no SHA-256", e);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
