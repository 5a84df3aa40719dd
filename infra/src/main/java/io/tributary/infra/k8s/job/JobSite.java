package io.tributary.infra.k8s.job;

import io.tributary.catalog.LakeCatalogConfig;
import io.tributary.feature.dynamodb.OnlineStoreConfig;
import io.tributary.stream.kafka.KafkaConnection;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Where a job runs when Kubernetes runs it: the endpoints of the profile it was rendered from, as
 * {@code tributary.<key>} entries of its Flink configuration, by the profile's own keys ({@code
 * tributary.kafka}, {@code tributary.warehouse}, ...). {@code tributary k8s render} writes them;
 * {@link JobEntry} reads nothing else to know where it runs.
 *
 * @param kafka the log
 * @param lake the lake's catalog (Glue: the jobs open it directly)
 * @param store the online store, for feature jobs
 */
public record JobSite(KafkaConnection kafka, LakeCatalogConfig lake, OnlineStoreConfig store) {
  public static final String PREFIX = "tributary.";

  static final ConfigOption<String> KAFKA = option("kafka");
  static final ConfigOption<String> KAFKA_PROPERTIES = option("kafka-properties");
  static final ConfigOption<String> CATALOG = option("catalog");
  static final ConfigOption<String> WAREHOUSE = option("warehouse");
  static final ConfigOption<String> AWS_REGION = option("aws-region");
  static final ConfigOption<String> AWS_ENDPOINT = option("aws-endpoint");
  static final ConfigOption<String> DYNAMODB_ENDPOINT = option("dynamodb-endpoint");
  static final ConfigOption<String> DYNAMODB_REGION = option("dynamodb-region");
  static final ConfigOption<String> DYNAMODB_TABLE = option("dynamodb-table");

  /**
   * The Flink configuration entries that say where the jobs run: what the render writes into every
   * manifest. {@code kafkaPropertiesFile} is where the pod mounts the client properties (a secret).
   */
  public static Map<String, String> entries(
      String kafkaServers,
      Optional<String> kafkaPropertiesFile,
      LakeCatalogConfig lake,
      OnlineStoreConfig store) {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put(KAFKA.key(), kafkaServers);
    kafkaPropertiesFile.ifPresent(file -> entries.put(KAFKA_PROPERTIES.key(), file));
    entries.put(CATALOG.key(), lake.backend().configName());
    entries.put(WAREHOUSE.key(), lake.properties().get("warehouse"));
    lake.awsRegion().ifPresent(region -> entries.put(AWS_REGION.key(), region));
    lake.awsEndpoint().ifPresent(uri -> entries.put(AWS_ENDPOINT.key(), uri.toString()));
    store.endpoint().ifPresent(uri -> entries.put(DYNAMODB_ENDPOINT.key(), uri.toString()));
    entries.put(DYNAMODB_REGION.key(), store.region());
    entries.put(DYNAMODB_TABLE.key(), store.table());
    return entries;
  }

  /**
   * Reads the site from a job's configuration.
   *
   * @throws IllegalArgumentException naming the missing entry, or a catalog the jobs cannot open on
   *     their own
   */
  public static JobSite of(ReadableConfig configuration) {
    String servers = required(configuration, KAFKA);
    Map<String, String> properties =
        configuration
            .getOptional(KAFKA_PROPERTIES)
            .map(file -> KafkaConnection.readProperties(Path.of(file)))
            .orElse(Map.of());
    String catalog = required(configuration, CATALOG);
    if (!catalog.equals("glue")) {
      throw new IllegalArgumentException(
          "Jobs on Kubernetes open the lake's catalog themselves; "
              + CATALOG.key()
              + " is "
              + catalog
              + ", and only glue is a catalog they can open without the platform");
    }
    LakeCatalogConfig lake =
        LakeCatalogConfig.glue(
            required(configuration, WAREHOUSE),
            required(configuration, AWS_REGION),
            configuration.getOptional(AWS_ENDPOINT).map(URI::create));
    OnlineStoreConfig store =
        new OnlineStoreConfig(
            configuration.getOptional(DYNAMODB_ENDPOINT).map(URI::create),
            configuration.getOptional(DYNAMODB_TABLE).orElse(OnlineStoreConfig.DEFAULT_TABLE),
            configuration.getOptional(DYNAMODB_REGION).orElse(lake.awsRegion().orElseThrow()));
    return new JobSite(new KafkaConnection(servers, properties), lake, store);
  }

  private static String required(ReadableConfig configuration, ConfigOption<String> option) {
    return configuration
        .getOptional(option)
        .filter(value -> !value.isBlank())
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "The job's Flink configuration has no "
                        + option.key()
                        + "; render the manifests again with `tributary k8s render`"));
  }

  private static ConfigOption<String> option(String key) {
    return ConfigOptions.key(PREFIX + key).stringType().noDefaultValue();
  }
}
