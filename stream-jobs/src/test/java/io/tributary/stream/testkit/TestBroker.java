package io.tributary.stream.testkit;

import static java.util.Objects.requireNonNull;

import io.tributary.stream.kafka.KafkaConnection;
import io.tributary.stream.source.SourceSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * One real Kafka broker in the test's JVM, Kafka's own test kit in KRaft combined mode (broker and
 * controller in one node), listening on localhost on free ports. Configured as the platform's
 * embedded broker is (one replica of everything, no automatic topics), except that it never removes
 * records by retention: tests publish events stamped days ago, and a test that needs records gone
 * removes them itself.
 */
public final class TestBroker implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static final Map<String, String> BROKER_CONFIG =
      Map.ofEntries(
          Map.entry("auto.create.topics.enable", "false"),
          Map.entry("num.partitions", "1"),
          Map.entry("offsets.topic.replication.factor", "1"),
          Map.entry("offsets.topic.num.partitions", "4"),
          Map.entry("transaction.state.log.replication.factor", "1"),
          Map.entry("transaction.state.log.min.isr", "1"),
          Map.entry("transaction.state.log.num.partitions", "4"),
          Map.entry("share.coordinator.state.topic.replication.factor", "1"),
          Map.entry("share.coordinator.state.topic.min.isr", "1"),
          Map.entry("group.initial.rebalance.delay.ms", "0"),
          // retention would delete the records a test stamps days ago, 30 s after the start
          Map.entry("log.initial.task.delay.ms", Long.toString(Duration.ofDays(1).toMillis())),
          Map.entry(
              "log.retention.check.interval.ms", Long.toString(Duration.ofDays(1).toMillis())));

  private final KafkaClusterTestKit cluster;

  private TestBroker(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  /** Formats a broker's storage under {@code directory}, starts it and waits until it serves. */
  public static TestBroker start(Path directory) throws Exception {
    requireNonNull(directory, "directory is null");
    KafkaClusterTestKit.Builder builder =
        new KafkaClusterTestKit.Builder(
            new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setBaseDirectory(directory)
                .build());
    BROKER_CONFIG.forEach(builder::setConfigProp);
    KafkaClusterTestKit cluster = builder.build();
    try {
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
    } catch (Exception e) { // what started is stopped again
      try {
        cluster.close();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    return new TestBroker(cluster);
  }

  /** How the platform's code reaches this broker. */
  public KafkaConnection connection() {
    return KafkaConnection.of(cluster.bootstrapServers());
  }

  /** {@code host:port} for clients. */
  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** An admin client of this broker; the caller closes it. */
  public Admin admin() {
    Properties properties = new Properties();
    properties.putAll(connection().clientProperties());
    return Admin.create(properties);
  }

  /** Creates {@code topic} with {@code partitions} partitions. */
  public void createTopic(String topic, int partitions) throws Exception {
    create(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())));
  }

  /**
   * Creates each source's topics as the platform does: {@code src.<name>} with its declared
   * partitions and {@code dlq.<name>} with one.
   */
  public void createTopics(List<SourceSpec> sources) throws Exception {
    List<NewTopic> topics = new ArrayList<>();
    for (SourceSpec source : sources) {
      topics.add(new NewTopic(source.topic(), Optional.of(source.partitions()), Optional.empty()));
      topics.add(new NewTopic(source.deadLetterTopic(), Optional.of(1), Optional.empty()));
    }
    create(topics);
  }

  private void create(List<NewTopic> topics) throws Exception {
    try (Admin admin = admin()) {
      admin.createTopics(topics).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
