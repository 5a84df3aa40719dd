package io.tributary.infra.bench;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.tributary.catalog.LakeCatalog;
import io.tributary.infra.local.Banner;
import io.tributary.infra.local.CoreStack;
import io.tributary.infra.local.DataDir;
import io.tributary.infra.local.EmbeddedKafka;
import io.tributary.infra.local.StackConfig;
import io.tributary.stream.job.FlinkCluster;
import io.tributary.stream.job.JobLauncher;
import io.tributary.stream.job.JobSettings;
import io.tributary.stream.job.StateStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What a benchmark runs on: the platform's {@link CoreStack} (a Kafka broker, a Flink cluster and
 * the lake's catalog) of its own, under a temporary directory; plus the benchmark orders and a way
 * to time a bounded job.
 */
final class BenchStack implements AutoCloseable {
  /**
   * What {@link #produceOrders} published: how many events and bytes, the orders of 20 or more, and
   * the distinct restaurants ordered from; of the events, how many are malformed JSON and how many
   * lack the required {@code order_id} (both none unless bad events were asked for).
   */
  record Produced(
      long events, long bytes, long atLeast20, long restaurants, long malformed, long withoutKey) {
    /** The bad events: what landing must reject. */
    long bad() {
      return malformed + withoutKey;
    }
  }

  private final CoreStack stack;
  private final FlinkCluster cluster;
  private final JobLauncher launcher;

  private BenchStack(CoreStack stack, FlinkCluster cluster, JobLauncher launcher) {
    this.stack = stack;
    this.cluster = cluster;
    this.launcher = launcher;
  }

  static BenchStack start(Path work, int slots) throws IOException, InterruptedException {
    DataDir dataDir = new DataDir(work);
    CoreStack stack = CoreStack.start(StackConfig.embedded(slots), dataDir, Banner.silent());
    try {
      FlinkCluster cluster = stack.cluster();
      JobLauncher launcher =
          new JobLauncher(cluster, new StateStore(dataDir.state()), JobSettings.DEFAULT);
      return new BenchStack(stack, cluster, launcher);
    } catch (RuntimeException | InterruptedException e) { // the stack must not outlive a failure
      try {
        stack.close();
      } catch (Exception suppressed) { // reported with the failure that stopped the start
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  EmbeddedKafka kafka() {
    return stack.kafka();
  }

  FlinkCluster cluster() {
    return cluster;
  }

  LakeCatalog lake() {
    return stack.lake();
  }

  void createTopic(String topic, int partitions) throws Exception {
    try (Admin admin = stack.kafka().admin()) {
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
    return produceOrders(topic, events, from, span, true, out);
  }

  /**
   * As {@link #produceOrders(String, long, Instant, Duration, PrintWriter)}; with {@code
   * stampEventTime} false the records carry the time they are sent, as {@code tributary produce}'s
   * do (a file of history is appended now: stamped years back, retention would remove it).
   */
  Produced produceOrders(
      String topic,
      long events,
      Instant from,
      Duration span,
      boolean stampEventTime,
      PrintWriter out)
      throws Exception {
    return produceOrders(topic, events, from, span, stampEventTime, 0, out);
  }

  /**
   * As {@link #produceOrders(String, long, Instant, Duration, boolean, PrintWriter)}, with every
   * {@code badEvery}-th event bad (none when 0): in turn malformed JSON (an object cut short) and
   * an order without its required {@code order_id}.
   */
  Produced produceOrders(
      String topic,
      long events,
      Instant from,
      Duration span,
      boolean stampEventTime,
      long badEvery,
      PrintWriter out)
      throws Exception {
    requireNonNull(topic, "topic is null");
    Properties properties = stack.kafkaConnection().clientProperties();
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
    long malformed = 0;
    long withoutKey = 0;
    BitSet restaurants = new BitSet();
    long started = System.nanoTime();
    AtomicReference<Exception> failure = new AtomicReference<>();
    try (Producer<byte[], byte[]> producer = new KafkaProducer<>(properties)) {
      for (long i = 0; i < events; i++) {
        String id = new UUID(random.nextLong(), random.nextLong()).toString();
        BigDecimal amount = BigDecimal.valueOf(500 + random.nextInt(5500), 2);
        boolean bad = badEvery > 0 && i % badEvery == badEvery - 1;
        if (!bad && amount.compareTo(BigDecimal.valueOf(20)) >= 0) {
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
        if (!bad) {
          restaurants.set(restaurant);
        }
        String fields =
            "\"customer_id\":\"customer-"
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
        String json = "{\"order_id\":\"" + id + "\"," + fields;
        if (bad) {
          if ((i / badEvery) % 2 == 0) {
            json = json.substring(0, json.length() / 2);
            malformed++;
          } else {
            json = "{" + fields;
            withoutKey++;
          }
        }
        byte[] value = json.getBytes(UTF_8);
        bytes += value.length;
        producer.send(
            new ProducerRecord<>(
                topic,
                null,
                stampEventTime ? eventTime.toEpochMilli() + 2_000 : null,
                id.getBytes(UTF_8),
                value),
            (metadata, e) -> {
              if (e != null) {
                failure.compareAndSet(null, e);
              }
            });
      }
      producer.flush();
    }
    if (failure.get() != null) {
      // a benchmark over events the broker refused would measure fewer than it says
      throw new IllegalStateException(
          "The broker refused events for " + topic + ": " + failure.get().getMessage(),
          failure.get());
    }
    out.printf(
        Locale.ROOT,
        "produced %,d events, %.0f bytes each on average, in %.1f s%s%n",
        events,
        (double) bytes / events,
        (System.nanoTime() - started) / 1e9,
        badEvery > 0
            ? String.format(
                Locale.ROOT,
                "; bad: %,d malformed JSON, %,d without order_id",
                malformed,
                withoutKey)
            : "");
    return new Produced(events, bytes, atLeast20, restaurants.cardinality(), malformed, withoutKey);
  }

  /** The rows the table's current snapshot holds (0 before its first commit). */
  long committedRows(TableIdentifier id) {
    Snapshot snapshot = lake().loadTable(id).currentSnapshot();
    return snapshot == null
        ? 0
        : Long.parseLong(snapshot.summary().getOrDefault("total-records", "0"));
  }

  /** A port free on 127.0.0.1 now, for a server a benchmark starts beside the stack. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Publishes one record, waiting until the broker has it. */
  void publish(String topic, String key, String value) throws Exception {
    Properties properties = stack.kafkaConnection().clientProperties();
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    properties.put(
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    try (Producer<byte[], byte[]> producer = new KafkaProducer<>(properties)) {
      producer
          .send(new ProducerRecord<>(topic, key.getBytes(UTF_8), value.getBytes(UTF_8)))
          .get(30, TimeUnit.SECONDS);
    }
  }

  /**
   * Runs a bounded streaming job built by {@code graph} on the cluster and returns its net runtime,
   * from submission to end (final commit included). Bounded jobs run without periodic checkpoints
   * (see {@code LandingJob.addTo}); each commits once, at its end.
   */
  Duration runBounded(String name, Consumer<StreamExecutionEnvironment> graph)
      throws InterruptedException {
    return launcher.runToEnd(name, graph);
  }

  /**
   * Submits an unbounded job built by {@code graph} to the cluster, without checkpoints, and
   * returns its client, to watch and cancel it.
   */
  JobClient submit(String name, Consumer<StreamExecutionEnvironment> graph)
      throws InterruptedException {
    Configuration configuration = new Configuration();
    configuration.set(PipelineOptions.NAME, name);
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createRemoteEnvironment(
            cluster.restAddress().getHost(),
            cluster.restAddress().getPort(),
            cluster.withJars(configuration));
    graph.accept(env);
    try {
      return env.executeAsync(name);
    } catch (Exception e) { // Flink's executeAsync declares Exception: the cluster refused the job
      if (e instanceof InterruptedException interrupted) {
        throw interrupted;
      }
      throw new IllegalStateException("Cannot submit job " + name + ": " + e.getMessage(), e);
    }
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
    stack.close();
  }
}
