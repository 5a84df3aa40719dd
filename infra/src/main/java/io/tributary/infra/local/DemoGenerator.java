package io.tributary.infra.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.tributary.stream.kafka.KafkaConnection;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes demo orders and clicks (the example sources) at a steady rate, so a newcomer sees
 * bronze fill within seconds. About one event in a hundred is malformed on purpose, in the ways
 * landing must catch (bad amount, missing event time, not JSON), so the rejects table has something
 * to show.
 */
final class DemoGenerator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DemoGenerator.class);
  private static final List<String> DISHES =
      List.of("pho", "ramen", "burrito", "pad thai", "margherita", "falafel", "bibimbap", "poke");
  private static final List<String> PAGES =
      List.of("/", "/menu", "/restaurants", "/cart", "/checkout", "/orders", "/help");

  private final Producer<byte[], byte[]> producer;
  private final Thread thread;
  private final int ratePerSource;
  private final SplittableRandom random = new SplittableRandom();
  private final AtomicLong sent = new AtomicLong();
  private final String runId = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
  private volatile boolean running = true;
  private long sequence;

  private DemoGenerator(KafkaConnection kafka, int ratePerSource) {
    this.ratePerSource = ratePerSource;
    Properties properties = kafka.clientProperties();
    properties.putAll(
        Map.of(
            ProducerConfig.CLIENT_ID_CONFIG,
            "tributary-demo",
            ProducerConfig.LINGER_MS_CONFIG,
            "50",
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ByteArraySerializer.class.getName(),
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ByteArraySerializer.class.getName()));
    this.producer = new KafkaProducer<>(properties);
    this.thread = new Thread(this::run, "tributary-demo-generator");
    this.thread.setDaemon(true);
  }

  static DemoGenerator start(KafkaConnection kafka, int ratePerSource) {
    requireNonNull(kafka, "kafka is null");
    DemoGenerator generator = new DemoGenerator(kafka, ratePerSource);
    generator.thread.start();
    LOG.info("Demo generator started: {} orders/s and {} clicks/s", ratePerSource, ratePerSource);
    return generator;
  }

  long sent() {
    return sent.get();
  }

  private void run() {
    long intervalNanos = TimeUnit.SECONDS.toNanos(1) / ratePerSource;
    long next = System.nanoTime();
    while (running) {
      sequence++;
      send("src.orders", order());
      send("src.clicks", click());
      next += intervalNanos;
      long wait = next - System.nanoTime();
      if (wait > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void send(String topic, String[] keyAndValue) {
    byte[] key = keyAndValue[0] == null ? null : keyAndValue[0].getBytes(UTF_8);
    producer.send(
        new ProducerRecord<>(topic, key, keyAndValue[1].getBytes(UTF_8)),
        (metadata, error) -> {
          if (error == null) {
            sent.incrementAndGet();
          } else if (running) {
            LOG.warn("Demo event to {} was not acknowledged", topic, error);
          }
        });
  }

  private String[] order() {
    String id = "o-" + runId + "-" + sequence;
    String eventTime = eventTime();
    BigDecimal amount = BigDecimal.valueOf(random.nextInt(500, 6000), 2);
    String customer = "c-" + random.nextInt(1, 200);
    String restaurant = "r-" + random.nextInt(1, 20);
    String dish = DISHES.get(random.nextInt(DISHES.size()));
    return switch ((int) (sequence % 100)) {
      case 17 ->
          new String[] {id, order(id, customer, restaurant, dish, "\"a lot\"", quote(eventTime))};
      case 53 ->
          new String[] {id, order(id, customer, restaurant, dish, amount.toPlainString(), null)};
      case 89 -> new String[] {id, "{\"order_id\": \"" + id + "\", \"amount\": 12.5"};
      default ->
          new String[] {
            id, order(id, customer, restaurant, dish, amount.toPlainString(), quote(eventTime))
          };
    };
  }

  private static String order(
      String id, String customer, String restaurant, String dish, String amount, String eventTime) {
    return "{\"order_id\":\""
        + id
        + "\",\"customer_id\":\""
        + customer
        + "\",\"restaurant_id\":\""
        + restaurant
        + "\",\"dish\":\""
        + dish
        + "\",\"amount\":"
        + amount
        + (eventTime == null ? "" : ",\"event_time\":" + eventTime)
        + "}";
  }

  private String[] click() {
    String user = "u-" + random.nextInt(1, 500);
    String page = PAGES.get(random.nextInt(PAGES.size()));
    return new String[] {
      user,
      "{\"user_id\":\""
          + user
          + "\",\"page\":\""
          + page
          + "\",\"event_time\":"
          + quote(eventTime())
          + "}"
    };
  }

  /** Now, minus up to three seconds: a little out of order, as real events are. */
  private String eventTime() {
    return Instant.ofEpochMilli(System.currentTimeMillis() - random.nextInt(3000)).toString();
  }

  private static String quote(String text) {
    return "\"" + text + "\"";
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(TimeUnit.SECONDS.toMillis(5));
    producer.close(java.time.Duration.ofSeconds(5));
    LOG.info("Demo generator stopped after {} events", sent.get());
  }
}
