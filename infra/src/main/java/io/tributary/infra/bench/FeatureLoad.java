package io.tributary.infra.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.tributary.feature.dynamodb.FeatureStatus;
import io.tributary.feature.dynamodb.OnlineStore;
import io.tributary.stream.kafka.KafkaConnection;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The orders the features benchmark produces: all at once over a number of restaurants, or paced at
 * a rate with probes, orders of restaurants of their own whose arrival in the online store is timed
 * from the moment Kafka acknowledged them.
 */
final class FeatureLoad {
  private static final String[] DISHES = {"poke bowl", "margherita", "pad thai", "pho"};

  private final KafkaConnection kafka;
  private final SplittableRandom random = new SplittableRandom(14);

  /** The median time from a probe's acknowledgement to the job's write of it, ms. */
  volatile long lastWriteLag;

  FeatureLoad(KafkaConnection kafka) {
    this.kafka = kafka;
  }

  /** {@code events} orders over {@code entities} restaurants, event times now, in order. */
  void bulk(String topic, long events, int entities) throws Exception {
    try (Producer<byte[], byte[]> producer = producer()) {
      AtomicReference<Exception> failure = new AtomicReference<>();
      long now = System.currentTimeMillis();
      for (long i = 0; i < events; i++) {
        send(producer, topic, "r-" + random.nextInt(entities), now - events + i, failure);
      }
      producer.flush();
      if (failure.get() != null) {
        throw new IllegalStateException("The broker refused orders: " + failure.get().getMessage());
      }
    }
  }

  /**
   * Orders at {@code rate} per second for {@code seconds} over {@code entities} restaurants, and
   * every {@code probeEveryMillis} one probe (a restaurant of its own); returns each probe's time
   * from Kafka's acknowledgement to its count being readable in the store, in milliseconds.
   */
  List<Long> paced(
      String topic,
      int rate,
      int seconds,
      int entities,
      long probeEveryMillis,
      OnlineStore store,
      String group)
      throws Exception {
    Map<String, Long> acked = new ConcurrentHashMap<>();
    Map<String, Long> ackedWall = new ConcurrentHashMap<>();
    Map<String, Long> seen = new ConcurrentHashMap<>();
    AtomicReference<Exception> failure = new AtomicReference<>();
    Map<String, Long> written = new ConcurrentHashMap<>();
    Thread poller = new Thread(() -> poll(store, group, acked, seen, written), "freshness-poller");
    poller.setDaemon(true);
    poller.start();
    int probes = 0;
    try (Producer<byte[], byte[]> producer = producer()) {
      long start = System.nanoTime();
      long tickNanos = TimeUnit.MILLISECONDS.toNanos(10);
      int perTick = Math.max(1, rate / 100);
      long nextProbe = 0;
      for (long tick = 0; tick < seconds * 100L; tick++) {
        long due = start + tick * tickNanos;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait); // pacing the producer, not waiting for a result
        }
        long now = System.currentTimeMillis();
        for (int i = 0; i < perTick; i++) {
          send(producer, topic, "r-" + random.nextInt(entities), now, failure);
        }
        if (tick * 10 >= nextProbe) {
          String probe = "probe-" + probes++;
          byte[] value = order(probe, now).getBytes(UTF_8);
          producer.send(
              new ProducerRecord<>(topic, probe.getBytes(UTF_8), value),
              (metadata, e) -> {
                if (e == null) {
                  acked.put(probe, System.nanoTime());
                  ackedWall.put(probe, System.currentTimeMillis());
                } else {
                  failure.compareAndSet(null, e);
                }
              });
          nextProbe += probeEveryMillis;
        }
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("The broker refused orders: " + failure.get().getMessage());
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (seen.size() < probes && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(50);
    }
    poller.interrupt();
    List<Long> latencies = new ArrayList<>();
    seen.forEach(
        (probe, at) ->
            latencies.add(TimeUnit.NANOSECONDS.toMillis(at - acked.getOrDefault(probe, at))));
    List<Long> toWrite = new ArrayList<>();
    written.forEach((probe, at) -> toWrite.add(at - ackedWall.getOrDefault(probe, at)));
    toWrite.sort(null);
    if (!toWrite.isEmpty()) {
      lastWriteLag = toWrite.get(toWrite.size() / 2);
    }
    if (latencies.size() < probes) {
      throw new IllegalStateException(
          (probes - latencies.size()) + " of " + probes + " probes never reached the store");
    }
    return latencies;
  }

  /**
   * Reads every probe acknowledged and not yet seen, every 20 ms, until interrupted (more often
   * would take a part of the local store's few hundred requests a second from the job).
   */
  private static void poll(
      OnlineStore store,
      String group,
      Map<String, Long> acked,
      Map<String, Long> seen,
      Map<String, Long> written) {
    while (!Thread.currentThread().isInterrupted()) {
      List<String> pending = acked.keySet().stream().filter(p -> !seen.containsKey(p)).toList();
      if (!pending.isEmpty()) {
        store
            .read(group, pending, List.of("orders_total"), Instant.now())
            .forEach(
                read -> {
                  if (read.status() != FeatureStatus.NOT_FOUND) {
                    seen.putIfAbsent(read.entity(), System.nanoTime());
                    read.writtenAt()
                        .ifPresent(w -> written.putIfAbsent(read.entity(), w.toEpochMilli()));
                  }
                });
      }
      try {
        TimeUnit.MILLISECONDS.sleep(20);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void send(
      Producer<byte[], byte[]> producer,
      String topic,
      String restaurant,
      long eventTime,
      AtomicReference<Exception> failure) {
    producer.send(
        new ProducerRecord<>(
            topic, restaurant.getBytes(UTF_8), order(restaurant, eventTime).getBytes(UTF_8)),
        (metadata, e) -> {
          if (e != null) {
            failure.compareAndSet(null, e);
          }
        });
  }

  private String order(String restaurant, long eventTime) {
    return "{\"order_id\":\"o-"
        + random.nextLong()
        + "\",\"customer_id\":\"c-"
        + random.nextInt(100_000)
        + "\",\"restaurant_id\":\""
        + restaurant
        + "\",\"dish\":\""
        + DISHES[random.nextInt(DISHES.length)]
        + "\",\"amount\":"
        + BigDecimal.valueOf(500 + random.nextInt(5_000), 2).toPlainString()
        + ",\"event_time\":\""
        + Instant.ofEpochMilli(eventTime)
        + "\"}";
  }

  private Producer<byte[], byte[]> producer() {
    Properties properties = kafka.clientProperties();
    properties.putAll(
        Map.of(
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.LINGER_MS_CONFIG, "1",
            ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024),
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    return new KafkaProducer<>(properties);
  }
}
