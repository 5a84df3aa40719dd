package io.tributary.stream.produce;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.error.ErrorCode;
import io.tributary.stream.kafka.KafkaConnection;
import io.tributary.stream.source.SourceFormat;
import io.tributary.stream.source.SourceSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes every row of JSON-lines, CSV and Parquet files to a source's topic, keyed by the
 * source's key column: how a batch file becomes a stream. Everything that can be checked before the
 * first record is sent (files exist and are readable, Parquet footers, the topic exists) is checked
 * first, so a refused run publishes nothing.
 */
public final class FileProducer {
  private static final Logger LOG = LoggerFactory.getLogger(FileProducer.class);
  private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(15);

  private final KafkaConnection kafka;

  public FileProducer(KafkaConnection kafka) {
    this.kafka = requireNonNull(kafka, "kafka is null");
  }

  public ProduceReport produce(SourceSpec source, List<Path> files, ProgressListener progress)
      throws ProduceException, InterruptedException {
    requireNonNull(source, "source is null");
    requireNonNull(progress, "progress is null");
    if (files.isEmpty()) {
      throw new ProduceException(
          ErrorCode.INVALID_REQUEST,
          "Cannot produce to source " + source.name() + ": no files given");
    }
    List<FileFormat> formats = checkFiles(source, files);
    checkTopic(source);

    long totalBytes = 0;
    for (Path file : files) {
      totalBytes += size(file);
    }
    WireEncoder encoder = new WireEncoder(source);
    AtomicReference<Exception> firstFailure = new AtomicReference<>();
    AtomicLong failures = new AtomicLong();
    long records = 0;
    long verbatim = 0;
    long bytesBefore = 0;
    long started = System.nanoTime();
    progress.started(totalBytes);
    try (Producer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties())) {
      for (int f = 0; f < files.size(); f++) {
        Path file = files.get(f);
        // lines that go to a JSON source as they are need only their key read
        Optional<String> keyOnly =
            source.format() == SourceFormat.JSON && formats.get(f) == FileFormat.JSON_LINES
                ? Optional.of(source.key())
                : Optional.empty();
        try (RowReader reader = RowReader.open(file, formats.get(f), keyOnly)) {
          Optional<FileRow> row;
          while ((row = reader.next()).isPresent()) {
            if (Thread.interrupted()) {
              throw new InterruptedException("produce interrupted after " + records + " records");
            }
            WireEncoder.Encoded encoded = encoder.encode(row.get(), formats.get(f));
            if (row.get() instanceof FileRow.Verbatim) {
              verbatim++;
            }
            producer.send(
                new ProducerRecord<>(source.topic(), encoded.key(), encoded.value()),
                (metadata, exception) -> {
                  if (exception != null) {
                    failures.incrementAndGet();
                    firstFailure.compareAndSet(null, exception);
                  }
                });
            records++;
            if ((records & 1023) == 0) {
              progress.advanced(bytesBefore + reader.bytesRead(), records);
            }
          }
        } catch (IOException e) {
          throw new ProduceException(
              ErrorCode.INVALID_REQUEST,
              "Cannot produce to source "
                  + source.name()
                  + ": file "
                  + file
                  + " stopped being readable after "
                  + records
                  + " records: "
                  + e.getMessage(),
              e);
        }
        bytesBefore += size(file);
        progress.advanced(bytesBefore, records);
      }
      producer.flush();
    }
    if (failures.get() > 0) {
      throw new ProduceException(
          ErrorCode.EXTERNAL_FAILURE,
          "Cannot produce to source "
              + source.name()
              + ": Kafka did not acknowledge "
              + failures.get()
              + " of "
              + records
              + " records; first error: "
              + firstFailure.get().getMessage(),
          firstFailure.get());
    }
    ProduceReport report =
        new ProduceReport(
            files.size(), records, verbatim, Duration.ofNanos(System.nanoTime() - started));
    LOG.info(
        "Produced {} records ({} verbatim) from {} files to {} in {} ms",
        report.records(),
        report.verbatim(),
        report.files(),
        source.topic(),
        report.elapsed().toMillis());
    progress.finished(report);
    return report;
  }

  private static List<FileFormat> checkFiles(SourceSpec source, List<Path> files)
      throws ProduceException {
    List<FileFormat> formats = new ArrayList<>();
    for (Path file : files) {
      String prefix = "Cannot produce to source " + source.name() + ": file " + file;
      if (!Files.exists(file)) {
        throw new ProduceException(ErrorCode.INVALID_REQUEST, prefix + " does not exist");
      }
      if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
        throw new ProduceException(ErrorCode.INVALID_REQUEST, prefix + " is not a readable file");
      }
      FileFormat format =
          FileFormat.of(file)
              .orElseThrow(
                  () ->
                      new ProduceException(
                          ErrorCode.INVALID_REQUEST,
                          prefix
                              + ": cannot tell its format; name it .jsonl, .json, .csv or .parquet"));
      if (format == FileFormat.PARQUET) {
        try {
          ParquetRowReader.checkReadable(file);
        } catch (IOException e) {
          throw new ProduceException(
              ErrorCode.INVALID_REQUEST, prefix + " is " + e.getMessage(), e);
        }
      }
      formats.add(format);
    }
    return formats;
  }

  private void checkTopic(SourceSpec source) throws ProduceException, InterruptedException {
    Properties properties = kafka.clientProperties();
    properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) KAFKA_TIMEOUT.toMillis());
    properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) KAFKA_TIMEOUT.toMillis());
    try (Admin admin = Admin.create(properties)) {
      admin
          .describeTopics(List.of(source.topic()))
          .allTopicNames()
          .get(KAFKA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw new ProduceException(
            ErrorCode.NOT_FOUND,
            "Cannot produce to source "
                + source.name()
                + ": topic "
                + source.topic()
                + " does not exist; it is created when `tributary up` starts with this source");
      }
      throw unreachable(source, e.getCause());
    } catch (TimeoutException e) {
      throw unreachable(source, e);
    }
  }

  private ProduceException unreachable(SourceSpec source, Throwable cause) {
    return new ProduceException(
        ErrorCode.UNAVAILABLE,
        "Cannot produce to source "
            + source.name()
            + ": Kafka at "
            + kafka.bootstrapServers()
            + " did not answer within "
            + KAFKA_TIMEOUT.toSeconds()
            + " s (is `tributary up` running?)",
        cause);
  }

  /**
   * The producer settings every {@code produce} sends with (acks from all replicas, idempotence,
   * batching, lz4): what {@code bench produce}'s plain producer sends with too, to compare like
   * with like.
   */
  public Properties producerProperties() {
    Properties properties = kafka.clientProperties();
    properties.putAll(
        Map.of(
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            "true",
            ProducerConfig.LINGER_MS_CONFIG,
            "10",
            ProducerConfig.BATCH_SIZE_CONFIG,
            Integer.toString(256 * 1024),
            ProducerConfig.COMPRESSION_TYPE_CONFIG,
            "lz4",
            ProducerConfig.MAX_BLOCK_MS_CONFIG,
            Long.toString(KAFKA_TIMEOUT.toMillis()),
            ProducerConfig.CLIENT_ID_CONFIG,
            "tributary-produce",
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ByteArraySerializer.class.getName(),
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ByteArraySerializer.class.getName()));
    return properties;
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }
}
