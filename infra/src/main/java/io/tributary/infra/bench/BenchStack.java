package io.tributary.infra.bench;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.tributary.catalog.LakeCatalog;
import io.tributary.catalog.LakeCatalogConfig;
import io.tributary.infra.local.EmbeddedFlink;
import io.tributary.infra.local.EmbeddedKafka;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The embedded parts a benchmark runs on, of its own and under a temporary directory: a Kafka
 * broker, a Flink cluster and the lake catalog; plus the benchmark orders and a way to time a
 * bounded job.
 */
final class BenchStack implements AutoCloseable {
  /**
   * What {@link #produceOrders} published: how many events and bytes, the orders of 20 or more, and
   * the distinct restaurants ordered from.
   */
  record Produced(long events, long bytes, long atLeast20, long restaurants) {}

  private final EmbeddedKafka kafka;
  private final EmbeddedFlink flink;
  private final LakeCatalog lake;

  private BenchStack(EmbeddedKafka kafka, EmbeddedFlink flink, LakeCatalog lake) {
    this.kafka = kafka;
    this.flink = flink;
    this.lake = lake;
  }

  static BenchStack start(Path work, int slots) {
    EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"), "127.0.0.1", 0);
    EmbeddedFlink flink = null;
    try {
      flink = EmbeddedFlink.start("127.0.0.1", 0, slots, work.resolve("flink"));
      LakeCatalog lake = LakeCatalog.open(LakeCatalogConfig.local(work)).ensureLayers();
      return new BenchStack(kafka, flink, lake);
    } catch (RuntimeException e) {
      try {
        if (flink != null) {
          flink.close();
        }
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      kafka.close();
      throw e;
    }
  }

  EmbeddedKafka kafka() {
    return kafka;
  }

  EmbeddedFlink flink() {
    return flink;
  }

  LakeCatalog lake() {
    return lake;
  }

  void createTopic(String topic, int partitions) throws Exception {
    try (Admin admin = kafka.admin()) {
      admin
          .createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  /**
   * Publishes {@code events} orders of about 200 bytes of JSON, with event times spread evenly over
   * {@code span} from {@code from} (a little out of order), each stamped in Kafka two seconds after
   * its event time.
   */
  Produced produceOrders(String topic, long events, Instant from, Duration span, PrintWriter out)
      throws Exception {
    requireNonNull(topic, "topic is null");
    Properties properties = kafka.connection().clientProperties();
    properties.putAll(
        Map.of(
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.LINGER_MS_CONFIG,
            "20",
            ProducerConfig.BATCH_SIZE_CONFIG,
            Integer.toString(512 * 1024),
            ProducerConfig.COMPRESSION_TYPE_CONFIG,
            "lz4",
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ByteArraySerializer.class.getName(),
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ByteArraySerializer.class.getName()));
    SplittableRandom random = new SplittableRandom(42);
    String[] dishes = {
      "spicy tuna poke bowl", "margherita pizza", "chicken pad thai", "beef pho large"
    };
    long bytes = 0;
    long atLeast20 = 0;
    BitSet restaurants = new BitSet();
    long started = System.nanoTime();
    try (Producer<byte[], byte[]> producer = new KafkaProducer<>(properties)) {
      for (long i = 0; i < events; i++) {
        String id = new UUID(random.nextLong(), random.nextLong()).toString();
        BigDecimal amount = BigDecimal.valueOf(500 + random.nextInt(5500), 2);
        if (amount.compareTo(BigDecimal.valueOf(20)) >= 0) {
          atLeast20++;
        }
        // in order, as events arrive, up to five seconds out of order
        Instant eventTime =
            Instant.ofEpochMilli(
                Math.max(
                    from.toEpochMilli(),
                    from.toEpochMilli() + span.toMillis() * i / events - random.nextLong(5_000)));
        int customer = random.nextInt(1_000_000);
        int restaurant = random.nextInt(10_000);
        restaurants.set(restaurant);
        String json =
            "{\"order_id\":\""
                + id
                + "\",\"customer_id\":\"customer-"
                + String.format(Locale.ROOT, "%06d", customer)
                + "\",\"restaurant_id\":\"restaurant-"
                + String.format(Locale.ROOT, "%04d", restaurant)
                + "\",\"dish\":\""
                + dishes[random.nextInt(dishes.length)]
                + "\",\"amount\":"
                + amount.toPlainString()
                + ",\"event_time\":\""
                + eventTime
                + "\"}";
        byte[] value = json.getBytes(UTF_8);
        bytes += value.length;
        producer.send(
            new ProducerRecord<>(
                topic, null, eventTime.toEpochMilli() + 2_000, id.getBytes(UTF_8), value));
      }
      producer.flush();
    }
    out.printf(
        Locale.ROOT,
        "produced %,d events, %.0f bytes each on average, in %.1f s%n",
        events,
        (double) bytes / events,
        (System.nanoTime() - started) / 1e9);
    return new Produced(events, bytes, atLeast20, restaurants.cardinality());
  }

  /**
   * Runs a bounded streaming job built by {@code graph} on the cluster and returns its net runtime,
   * from submission to end (final commit included). Bounded jobs run without periodic checkpoints
   * (see {@code LandingJob.addTo}); each commits once, at its end.
   */
  Duration runBounded(String name, Consumer<StreamExecutionEnvironment> graph) throws Exception {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createRemoteEnvironment(
            flink.restAddress().getHost(), flink.restAddress().getPort());
    graph.accept(env);
    JobExecutionResult result = env.execute(name);
    return Duration.ofMillis(result.getNetRuntime(TimeUnit.MILLISECONDS));
  }

  /** One line on the machine the figures come from. */
  static String machine() {
    return String.format(
        Locale.ROOT,
        "machine: %d cores, %s %s, max heap %d MiB",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20);
  }

  @Override
  public void close() throws Exception {
    Exception failure = null;
    for (AutoCloseable part : new AutoCloseable[] {lake, flink, kafka}) {
      try {
        part.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
