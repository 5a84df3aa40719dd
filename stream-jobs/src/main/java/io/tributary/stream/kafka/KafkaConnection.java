package io.tributary.stream.kafka;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.error.InvalidValueException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * How every client of the platform reaches the log: Kafka's bootstrap servers and the client
 * properties they all set, such as {@code security.protocol}, {@code sasl.*} and {@code ssl.*}, so
 * that a cluster with TLS or SASL (MSK with IAM or SCRAM) needs configuration, not code. Jobs,
 * source tables, producers, admin clients and lineage all take one of these.
 *
 * <pre>{@code
 * KafkaConnection kafka =
 *     new KafkaConnection(
 *         "b-1.msk:9096", Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512"));
 * }</pre>
 *
 * @param bootstrapServers {@code host:port[,host:port...]}
 * @param properties client properties every client sets, {@code bootstrap.servers} excepted
 */
public record KafkaConnection(String bootstrapServers, Map<String, String> properties) {
  public KafkaConnection {
    requireNonNull(bootstrapServers, "bootstrapServers is null");
    requireNonNull(properties, "properties is null");
    if (bootstrapServers.isBlank()) {
      throw new InvalidValueException("Kafka's bootstrap servers are empty; give host:port");
    }
    if (properties.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
      throw new InvalidValueException(
          "Give Kafka's bootstrap servers as such, not as the client property "
              + CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    }
    properties = Map.copyOf(properties);
  }

  /** A cluster reached without client properties of its own (PLAINTEXT), as the embedded one. */
  public static KafkaConnection of(String bootstrapServers) {
    return new KafkaConnection(bootstrapServers, Map.of());
  }

  /**
   * The client properties of a Java properties file ({@code up --kafka-properties}, or a mounted
   * secret on Kubernetes), such as {@code security.protocol=SASL_SSL}.
   *
   * @throws InvalidValueException naming the file when it cannot be read
   */
  public static Map<String, String> readProperties(Path file) {
    Properties read = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      read.load(reader);
    } catch (IOException e) {
      throw new InvalidValueException(
          "Cannot read Kafka's client properties from " + file + ": " + e.getMessage(), e);
    }
    Map<String, String> properties = new TreeMap<>();
    read.stringPropertyNames().forEach(key -> properties.put(key, read.getProperty(key).trim()));
    return properties;
  }

  /** What a producer, consumer or admin client starts from: bootstrap servers and properties. */
  public Properties clientProperties() {
    Properties client = new Properties();
    client.putAll(properties);
    client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return client;
  }

  /**
   * The same for Flink SQL's {@code kafka} connector: {@code properties.bootstrap.servers} and
   * {@code properties.<key>} for each client property, sorted so that DDL reads the same each time.
   */
  public Map<String, String> tableOptions() {
    Map<String, String> options = new TreeMap<>();
    options.put("properties." + CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.forEach((key, value) -> options.put("properties." + key, value));
    return options;
  }

  /** How OpenLineage names this cluster: {@code kafka://} and its first bootstrap server. */
  public String lineageNamespace() {
    return "kafka://" + bootstrapServers.split(",")[0].strip();
  }

  /** Bootstrap servers and property names; the values of secrets are not shown. */
  @Override
  public String toString() {
    if (properties.isEmpty()) {
      return bootstrapServers;
    }
    return bootstrapServers
        + " "
        + new TreeMap<>(properties)
            .entrySet().stream()
                .map(e -> e.getKey() + "=" + (isSecret(e.getKey()) ? "***" : e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
  }

  private static boolean isSecret(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    return lower.contains("password") || lower.contains("jaas") || lower.contains("secret");
  }
}
