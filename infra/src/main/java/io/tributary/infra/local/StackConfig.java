package io.tributary.infra.local;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.LakeCatalogConfig;
import io.tributary.stream.kafka.KafkaConnection;
import java.net.URI;
import java.util.Optional;

/**
 * What the {@link CoreStack} needs: where its servers bind, how big the embedded Flink is, and the
 * parts that may live elsewhere instead (a Flink cluster, the catalog's database).
 *
 * @param host the address every server binds to and advertises
 * @param kafkaPort Kafka client port (0 picks a free port)
 * @param flinkPort Flink REST and web UI port (0 picks a free port)
 * @param catalogPort Iceberg REST catalog port (0 picks a free port)
 * @param taskSlots task slots of the embedded task manager
 * @param flinkCluster a Flink cluster of its own to run every job on, instead of the embedded one
 * @param kafka a Kafka of its own, instead of the embedded broker
 * @param catalogDatabase a database of its own for the catalog's store, instead of SQLite
 * @param lakeCatalog a catalog of its own (glue) that everything uses directly, instead of the
 *     local store and its REST server
 */
public record StackConfig(
    String host,
    int kafkaPort,
    int flinkPort,
    int catalogPort,
    int taskSlots,
    Optional<URI> flinkCluster,
    Optional<KafkaConnection> kafka,
    Optional<CatalogDatabase> catalogDatabase,
    Optional<LakeCatalogConfig> lakeCatalog) {
  public StackConfig {
    requireNonNull(host, "host is null");
    requireNonNull(flinkCluster, "flinkCluster is null");
    requireNonNull(kafka, "kafka is null");
    requireNonNull(catalogDatabase, "catalogDatabase is null");
    requireNonNull(lakeCatalog, "lakeCatalog is null");
  }

  /** Everything embedded, on free ports of 127.0.0.1: what benchmarks and tests start. */
  public static StackConfig embedded(int taskSlots) {
    return new StackConfig(
        "127.0.0.1",
        0,
        0,
        0,
        taskSlots,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }
}
