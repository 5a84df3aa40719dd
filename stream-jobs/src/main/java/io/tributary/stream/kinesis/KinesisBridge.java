package io.tributary.stream.kinesis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.tributary.stream.kafka.KafkaConnection;
import io.tributary.stream.source.KinesisSpec;
import io.tributary.stream.source.SourceSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Moves a source's Kinesis stream into its Kafka topic exactly once: each round reads every shard
 * it may read (see {@link ShardPlan}), then sends the records and the shards' new positions in one
 * Kafka transaction. A crash at any point leaves either the whole round committed or none of it,
 * and the next start (whose {@code initTransactions} aborts the round left open) resumes after the
 * last committed record of each shard: nothing lost, nothing repeated. Any failure takes that same
 * path: the producer is dropped, and the bridge starts again from what Kafka committed.
 *
 * <p>Each record keeps its partition key as the Kafka key (so a key's records stay in order in one
 * partition) and its bytes as the value, which landing then validates like any other event; its
 * shard and sequence number go along as headers ({@code kinesis.shard}, {@code kinesis.sequence}).
 *
 * <p>Written on AWS SDK v2 by hand for two reasons: Flink's Kinesis connector for Flink 2.x is not
 * obtainable here, and Amazon's Kinesis Client Library keeps its checkpoints in DynamoDB leases,
 * which cannot be committed atomically with Kafka records, so it would give at-least-once.
 * Aggregated records of the Kinesis Producer Library are not unpacked: they arrive as one
 * undecodable event each, which landing keeps in dead letters.
 */
public final class KinesisBridge implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KinesisBridge.class);
  private static final int RECORDS_PER_CALL = 1_000;
  private static final Duration IDLE = Duration.ofMillis(200);
  private static final Duration SHARD_REFRESH = Duration.ofSeconds(10);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final Duration PROGRESS = Duration.ofSeconds(30);

  private final SourceSpec source;
  private final KinesisSpec kinesis;
  private final KafkaConnection kafka;
  private final BridgePositions positions;
  private final Clock clock;
  private final Thread thread;
  private final Object wake = new Object();
  private final AtomicLong moved = new AtomicLong();
  private volatile boolean running = true;
  private long reportedAt = System.nanoTime();
  private long reported;

  private KinesisBridge(SourceSpec source, KafkaConnection kafka, Clock clock) {
    this.source = source;
    this.kinesis = source.kinesis().orElseThrow();
    this.kafka = kafka;
    this.positions = new BridgePositions(kafka, source.kinesisPositionsTopic());
    this.clock = clock;
    this.thread = new Thread(this::run, "kinesis-bridge-" + source.name());
    this.thread.setDaemon(true);
  }

  /**
   * Starts the bridge of {@code source} (which declares {@code kinesis:}) in a thread of its own.
   * Its topic must exist; its position topic is created if missing.
   */
  public static KinesisBridge start(SourceSpec source, KafkaConnection kafka)
      throws InterruptedException {
    requireNonNull(source, "source is null");
    requireNonNull(kafka, "kafka is null");
    if (source.kinesis().isEmpty()) {
      throw new IllegalArgumentException("Source " + source.name() + " declares no kinesis");
    }
    KinesisBridge bridge = new KinesisBridge(source, kafka, Clock.systemUTC());
    bridge.positions.ensureTopic();
    bridge.thread.start();
    return bridge;
  }

  private void run() {
    Duration backoff = Duration.ofSeconds(1);
    while (running) {
      long movedBefore = moved.get();
      try (KinesisClient client = KinesisShards.client(kinesis);
          KafkaProducer<byte[], byte[]> producer = producer()) {
        producer.initTransactions();
        new Session(client, producer).run();
        return;
      } catch (ProducerFencedException | AuthorizationException e) {
        LOG.error(
            "The Kinesis bridge of source {} stops: {} (is another bridge running for it?)",
            source.name(),
            e.getMessage());
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) { // Kafka, Kinesis or the network: start again from Kafka
        if (!running) {
          return;
        }
        if (moved.get() > movedBefore) { // it worked for a while: a fresh failure, a short wait
          backoff = Duration.ofSeconds(1);
        }
        LOG.warn(
            "The Kinesis bridge of source {} (stream {}{}) starts again from its committed"
                + " positions in {} s: {}",
            source.name(),
            kinesis.stream(),
            kinesis.endpoint().map(uri -> " at " + uri).orElse(""),
            backoff.toSeconds(),
            e.getMessage());
        if (!pause(backoff)) {
          return;
        }
        backoff =
            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                ? MAX_BACKOFF
                : backoff.multipliedBy(2);
      }
    }
  }

  private KafkaProducer<byte[], byte[]> producer() {
    Properties properties = kafka.clientProperties();
    properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tributary-kinesis-" + source.name());
    properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    properties.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "60000");
    return new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** One life of the bridge: from the committed positions until it stops or fails. */
  private final class Session {
    private final KinesisClient client;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Map<String, ShardPosition> committed = new HashMap<>();
    private final Map<String, String> iterators = new HashMap<>();
    private Instant startedAt;
    private List<ShardPlan.Shard> shards = List.of();
    private long listedAt = Long.MIN_VALUE;
    private boolean relist = true;

    Session(KinesisClient client, KafkaProducer<byte[], byte[]> producer) {
      this.client = client;
      this.producer = producer;
    }

    void run() throws InterruptedException {
      BridgePositions.Committed read = positions.read();
      committed.putAll(read.shards());
      if (read.startedAt().isPresent()) {
        startedAt = read.startedAt().get();
      } else {
        startedAt = clock.instant();
        producer.beginTransaction();
        producer.send(positions.startRecord(startedAt));
        producer.commitTransaction();
      }
      LOG.debug(
          "The Kinesis bridge of source {} reads stream {} into {} from {} committed shard"
              + " positions",
          source.name(),
          kinesis.stream(),
          source.topic(),
          committed.size());
      while (running) {
        if (relist || System.nanoTime() - listedAt > SHARD_REFRESH.toNanos()) {
          shards = listShards();
          listedAt = System.nanoTime();
          relist = false;
        }
        List<ShardPlan.Shard> readable = ShardPlan.readable(shards, committed);
        report(readable.size(), shards.size());
        if (!round(readable) && !pause(IDLE)) {
          return;
        }
      }
    }

    /** Reads each shard once and commits what it read; whether anything was read. */
    private boolean round(List<ShardPlan.Shard> readable) {
      List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
      Map<String, ShardPosition> advanced = new LinkedHashMap<>();
      Map<String, Optional<String>> nextIterators = new HashMap<>();
      for (ShardPlan.Shard shard : readable) {
        GetRecordsResponse response = getRecords(shard);
        if (response == null) {
          continue;
        }
        ShardPosition position = committed.getOrDefault(shard.id(), ShardPosition.NONE);
        for (Record record : response.records()) {
          records.add(toKafka(shard.id(), record));
          position = position.after(record.sequenceNumber());
        }
        if (response.nextShardIterator() == null) {
          position = position.asFinished();
        }
        if (!position.equals(committed.getOrDefault(shard.id(), ShardPosition.NONE))) {
          advanced.put(shard.id(), position);
        }
        nextIterators.put(shard.id(), Optional.ofNullable(response.nextShardIterator()));
      }
      if (!advanced.isEmpty()) {
        producer.beginTransaction();
        records.forEach(producer::send);
        advanced.forEach((shard, position) -> producer.send(positions.record(shard, position)));
        producer.commitTransaction();
        moved.addAndGet(records.size());
        committed.putAll(advanced);
        advanced.forEach(
            (shard, position) -> {
              if (position.finished()) {
                LOG.info(
                    "Kinesis shard {} of stream {} is finished; its children are read next",
                    shard,
                    kinesis.stream());
                relist = true;
              }
            });
      }
      // only once committed: after a failed commit the session ends and iterators start again
      nextIterators.forEach(
          (shard, next) -> {
            if (next.isPresent()) {
              iterators.put(shard, next.get());
            } else {
              iterators.remove(shard);
            }
          });
      return !records.isEmpty();
    }

    /** One GetRecords call on {@code shard}; null when Kinesis asks the bridge to slow down. */
    private GetRecordsResponse getRecords(ShardPlan.Shard shard) {
      String iterator = iterators.computeIfAbsent(shard.id(), id -> firstIterator(shard));
      try {
        return client.getRecords(r -> r.shardIterator(iterator).limit(RECORDS_PER_CALL));
      } catch (ExpiredIteratorException e) {
        // an iterator lives five minutes: take a new one at the committed position
        iterators.remove(shard.id());
        return null;
      } catch (ProvisionedThroughputExceededException e) {
        return null;
      }
    }

    private String firstIterator(ShardPlan.Shard shard) {
      ShardPosition position = committed.getOrDefault(shard.id(), ShardPosition.NONE);
      GetShardIteratorRequest.Builder request =
          GetShardIteratorRequest.builder().streamName(kinesis.stream()).shardId(shard.id());
      if (position.sequence().isPresent()) {
        request
            .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
            .startingSequenceNumber(position.sequence().get());
      } else if (kinesis.start() == KinesisSpec.Start.TRIM_HORIZON
          || ShardPlan.isChild(shard, shards, committed)) {
        request.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
      } else {
        request.shardIteratorType(ShardIteratorType.AT_TIMESTAMP).timestamp(startedAt);
      }
      return client.getShardIterator(request.build()).shardIterator();
    }

    private List<ShardPlan.Shard> listShards() {
      List<ShardPlan.Shard> listed = KinesisShards.list(client, kinesis, source.name());
      if (!listed.equals(shards)) {
        LOG.info("Kinesis stream {} has {} shards", kinesis.stream(), listed.size());
      }
      return listed;
    }
  }

  /** Every 30 s that moved records, how many, so that a long catch-up shows its progress. */
  private void report(int reading, int listed) {
    if (System.nanoTime() - reportedAt < PROGRESS.toNanos() || moved.get() == reported) {
      return;
    }
    LOG.info(
        "The Kinesis bridge of source {} has moved {} records into {} (reading {} of {} shards)",
        source.name(),
        moved.get(),
        source.topic(),
        reading,
        listed);
    reported = moved.get();
    reportedAt = System.nanoTime();
  }

  private ProducerRecord<byte[], byte[]> toKafka(String shard, Record record) {
    ProducerRecord<byte[], byte[]> kafkaRecord =
        new ProducerRecord<>(
            source.topic(), record.partitionKey().getBytes(UTF_8), record.data().asByteArray());
    kafkaRecord.headers().add("kinesis.shard", shard.getBytes(UTF_8));
    kafkaRecord.headers().add("kinesis.sequence", record.sequenceNumber().getBytes(UTF_8));
    return kafkaRecord;
  }

  /** Waits {@code duration} or until closed; whether the bridge still runs. */
  private boolean pause(Duration duration) {
    synchronized (wake) {
      if (running) {
        try {
          wake.wait(duration.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return running;
  }

  /** Stops after the round in progress (committed or aborted whole) and waits for it. */
  @Override
  public void close() throws InterruptedException {
    running = false;
    synchronized (wake) {
      wake.notifyAll();
    }
    thread.join(TimeUnit.SECONDS.toMillis(60));
  }
}
