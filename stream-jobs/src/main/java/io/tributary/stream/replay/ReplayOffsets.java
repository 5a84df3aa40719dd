package io.tributary.stream.replay;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.error.ErrorCode;
import io.tributary.stream.kafka.KafkaConnection;
import io.tributary.stream.source.SourceSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Which Kafka offsets can hold the events of one day: the rule a replay bounds its reads by.
 *
 * <p>Per partition, a replay of day D reads from the first record whose Kafka timestamp is at or
 * after D 00:00 UTC minus {@link #EARLY_MARGIN}, to the end of the partition when the replay
 * starts. Kafka timestamps are when records were produced, so this covers the day's events produced
 * on time, late, or much later (a file produced next week); only events stamped in Kafka more than
 * the margin before their own event time (a producer's clock running behind) are missed. Of what is
 * read, only events whose event time falls on D count.
 *
 * <p>When records were removed from the beginning of a partition and its first remaining record is
 * stamped after that start, records of the day may be gone: {@link Bounds#gap()} says so, and a
 * replay refuses rather than write a partial day. The exception is a topic whose only deletion is
 * time-based retention ({@code retention.bytes} = -1) that reaches no further back than the start:
 * retention removes only records older than {@code now - retention.ms}, so none of the day's. (A
 * deletion by hand, {@code kafka-delete-records}, within that window goes unnoticed.)
 */
final class ReplayOffsets {
  /** How long before its day starts an event of the day may have been stamped in Kafka. */
  public static final Duration EARLY_MARGIN = Duration.ofHours(1);

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** The offsets to read for a source, and whether retention took part of what is needed. */
  public record Bounds(String topic, Instant readFrom, OffsetRange range, Optional<Gap> gap) {}

  /**
   * The log of a partition starts after the time a replay needs; of several such partitions, the
   * one whose log starts latest.
   *
   * @param empty whether no record remains in it
   * @param earliestAvailable the timestamp of its first remaining record, when there is one; from
   *     then on the whole topic is available
   */
  public record Gap(
      int partition, long logStart, boolean empty, Optional<Instant> earliestAvailable) {}

  private final KafkaConnection kafka;
  private final Clock clock;

  public ReplayOffsets(KafkaConnection kafka, Clock clock) {
    this.kafka = requireNonNull(kafka, "kafka is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** The first instant whose records a replay of {@code day} reads. */
  public static Instant readFrom(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant().minus(EARLY_MARGIN);
  }

  /** The bounds of each source's topic for a replay of {@code day}, keyed by source name. */
  public Map<String, Bounds> plan(List<SourceSpec> sources, LocalDate day)
      throws InterruptedException {
    Instant from = readFrom(day);
    Map<String, Bounds> bounds = new LinkedHashMap<>();
    try (Admin admin = Admin.create(adminProperties())) {
      for (SourceSpec source : sources) {
        bounds.put(source.name(), bounds(admin, source.topic(), from));
      }
    } catch (ExecutionException e) {
      throw new ReplayException(
          ErrorCode.UNAVAILABLE,
          "Cannot read the offsets of the sources' topics from Kafka at "
              + kafka.bootstrapServers()
              + ": "
              + e.getCause().getMessage(),
          e.getCause());
    } catch (TimeoutException e) {
      throw new ReplayException(
          ErrorCode.UNAVAILABLE,
          "Cannot read the offsets of the sources' topics from Kafka at "
              + kafka.bootstrapServers()
              + ": no answer within "
              + TIMEOUT.toSeconds()
              + " s (is `tributary up` running?)",
          e);
    }
    return bounds;
  }

  private Bounds bounds(Admin admin, String topic, Instant from)
      throws ExecutionException, InterruptedException, TimeoutException {
    List<TopicPartition> partitions =
        admin
            .describeTopics(List.of(topic))
            .allTopicNames()
            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .get(topic)
            .partitions()
            .stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    Map<TopicPartition, ListOffsetsResultInfo> earliest =
        list(admin, partitions, OffsetSpec.earliest());
    Map<TopicPartition, ListOffsetsResultInfo> latest =
        list(admin, partitions, OffsetSpec.latest());
    Map<TopicPartition, ListOffsetsResultInfo> atStart =
        list(admin, partitions, OffsetSpec.forTimestamp(from.toEpochMilli()));
    boolean retentionSparesTheDay = retentionSpares(admin, topic, from);
    Map<Integer, Long> start = new HashMap<>();
    Map<Integer, Long> end = new HashMap<>();
    Optional<Gap> gap = Optional.empty();
    for (TopicPartition partition : partitions) {
      long logStart = earliest.get(partition).offset();
      long logEnd = latest.get(partition).offset();
      long first = atStart.get(partition).offset();
      long startOffset = first < 0 ? logEnd : first;
      start.put(partition.partition(), startOffset);
      end.put(partition.partition(), logEnd);
      boolean truncated =
          logStart > 0 && (startOffset == logStart || logStart == logEnd) && !retentionSparesTheDay;
      if (truncated) {
        Gap found =
            new Gap(
                partition.partition(),
                logStart,
                logStart == logEnd,
                firstTimestamp(partition, logStart, logEnd));
        // the partition whose remaining log starts latest is the one that decides
        if (gap.isEmpty() || later(found, gap.get())) {
          gap = Optional.of(found);
        }
      }
    }
    return new Bounds(topic, from, new OffsetRange(start, end), gap);
  }

  /**
   * Whether the topic's deletion can only have removed records older than {@code from}: it is
   * deleted by time alone, and its retention does not reach back to {@code from}.
   */
  private boolean retentionSpares(Admin admin, String topic, Instant from)
      throws ExecutionException, InterruptedException, TimeoutException {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Config config =
        admin
            .describeConfigs(List.of(resource))
            .all()
            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .get(resource);
    long retentionMs = Long.parseLong(config.get(TopicConfig.RETENTION_MS_CONFIG).value());
    long retentionBytes = Long.parseLong(config.get(TopicConfig.RETENTION_BYTES_CONFIG).value());
    boolean deletes = config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value().contains("delete");
    return deletes
        && retentionBytes < 0
        && retentionMs >= 0
        && !from.isBefore(clock.instant().minusMillis(retentionMs));
  }

  private static boolean later(Gap a, Gap b) {
    Instant max = Instant.MAX;
    return a.earliestAvailable().orElse(max).isAfter(b.earliestAvailable().orElse(max));
  }

  private static Map<TopicPartition, ListOffsetsResultInfo> list(
      Admin admin, List<TopicPartition> partitions, OffsetSpec spec)
      throws ExecutionException, InterruptedException, TimeoutException {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(p -> request.put(p, spec));
    return admin
        .listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
        .all()
        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The Kafka timestamp of the record at {@code offset}, read with a consumer. */
  private Optional<Instant> firstTimestamp(TopicPartition partition, long offset, long end) {
    if (offset >= end) {
      return Optional.empty();
    }
    Properties properties = kafka.clientProperties();
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
    properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
      consumer.assign(List.of(partition));
      consumer.seek(partition, offset);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          return Optional.of(Instant.ofEpochMilli(record.timestamp()));
        }
      }
    }
    return Optional.empty();
  }

  private Properties adminProperties() {
    Properties properties = kafka.clientProperties();
    properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    return properties;
  }
}
