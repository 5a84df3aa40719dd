package io.tributary.infra.bench;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.tributary.catalog.error.InvalidValueException;
import io.tributary.infra.local.EmbeddedKafka;
import io.tributary.stream.produce.FileProducer;
import io.tributary.stream.produce.ProduceReport;
import io.tributary.stream.produce.ProgressListener;
import io.tributary.stream.source.SourceSpec;
import io.tributary.stream.source.Sources;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * {@code bench produce}: {@code tributary produce} of the same orders as a JSON-lines, a CSV and a
 * Parquet file, beside a plain Kafka producer sending the same records from memory (no file, no
 * parsing, no validation: the ceiling of this broker with these settings), in one run, on one
 * embedded broker, each run into a fresh topic of the same partitions, with the same producer
 * settings ({@link FileProducer#producerProperties}). Every run's topic is checked to hold exactly
 * the rows. The first round warms the JVM up and is not counted; the order alternates.
 */
public final class ProduceBenchmark {
  /** What to measure with. */
  public record Settings(long rows, int partitions, int rounds, Path examples, Path workDir) {
    public Settings {
      requireNonNull(examples, "examples is null");
      requireNonNull(workDir, "workDir is null");
      if (rows < 1 || partitions < 1 || rounds < 1) {
        throw new InvalidValueException("rows, partitions and rounds must each be at least 1");
      }
    }
  }

  /** The counted rounds of each run. */
  public record Result(long rows, Map<String, Rounds> runs) {}

  private static final String PLAIN = "plain producer (records in memory)";
  private static final List<String> FILES = List.of("jsonl", "csv", "parquet");
  private static final Instant FIRST = Instant.parse("2026-11-20T00:00:00Z");
  private static final String[] DISHES = {"pho", "poke", "ramen", "tacos", "pizza", "curry"};

  private final Settings settings;
  private final PrintWriter out;

  public ProduceBenchmark(Settings settings, PrintWriter out) {
    this.settings = requireNonNull(settings, "settings is null");
    this.out = requireNonNull(out, "out is null");
  }

  public Result run() throws Exception {
    SourceSpec orders = Sources.load(settings.examples().resolve("sources")).get("orders");
    out.printf(
        Locale.ROOT,
        "%s; rows %,d, partitions %d, rounds %d%n",
        BenchStack.machine(),
        settings.rows(),
        settings.partitions(),
        settings.rounds());
    Map<String, Path> files = writeFiles(settings.workDir());
    for (Map.Entry<String, Path> file : files.entrySet()) {
      out.printf(
          Locale.ROOT,
          "file %-8s %,d rows, %.1f MiB%n",
          file.getKey(),
          settings.rows(),
          Files.size(file.getValue()) / 1048576.0);
    }
    List<ProducerRecord<byte[], byte[]>> inMemory = records(files.get("jsonl"));
    Map<String, List<Duration>> times = new java.util.LinkedHashMap<>();
    times.put(PLAIN, new ArrayList<>());
    FILES.forEach(kind -> times.put(kind, new ArrayList<>()));
    try (EmbeddedKafka kafka =
        EmbeddedKafka.start(settings.workDir().resolve("kafka"), "127.0.0.1", 0)) {
      FileProducer producer = new FileProducer(kafka.connection());
      for (int round = 1; round <= settings.rounds(); round++) {
        boolean counted = round > 1 || settings.rounds() == 1;
        List<String> order = new ArrayList<>(times.keySet());
        if (round % 2 == 0) {
          java.util.Collections.reverse(order);
        }
        for (String run : order) {
          String topic = "bench.produce." + round + "." + (run.equals(PLAIN) ? "plain" : run);
          createTopic(kafka, topic);
          Duration took =
              run.equals(PLAIN)
                  ? plain(producer, kafka, topic, inMemory)
                  : produce(producer, renamed(orders, topic), files.get(run));
          long landed = records(kafka, topic);
          if (landed != settings.rows()) {
            throw new IllegalStateException(
                run + " left " + landed + " records in " + topic + ", expected " + settings.rows());
          }
          Rounds.print(
              out,
              round,
              run.equals(PLAIN) ? PLAIN : "tributary produce " + run,
              settings.rows(),
              took);
          if (counted) {
            times.get(run).add(took);
          }
        }
        if (!counted) {
          out.println("         (round 1 warms the JVM up and is not counted)");
        }
      }
    }
    out.printf(Locale.ROOT, "every run's topic holds exactly %,d records%n", settings.rows());
    Map<String, Rounds> rounds = new java.util.LinkedHashMap<>();
    times.forEach((run, list) -> rounds.put(run, new Rounds(list)));
    long n = settings.rows();
    double baseline = rounds.get(PLAIN).medianPerSecond(n);
    out.printf(
        Locale.ROOT, "median of the counted rounds: plain producer %,.0f records/s", baseline);
    for (String kind : FILES) {
      double perSecond = rounds.get(kind).medianPerSecond(n);
      out.printf(Locale.ROOT, " | %s %,.0f (%.2f of plain)", kind, perSecond, perSecond / baseline);
    }
    out.println();
    return new Result(n, rounds);
  }

  private Duration produce(FileProducer producer, SourceSpec source, Path file) throws Exception {
    ProduceReport report = producer.produce(source, List.of(file), new ProgressListener() {});
    if (report.verbatim() != 0) {
      throw new IllegalStateException(report.verbatim() + " rows of " + file + " were not parsed");
    }
    return report.elapsed();
  }

  /** The same records from memory through a producer of the same settings, flushed. */
  private static Duration plain(
      FileProducer settingsOf,
      EmbeddedKafka kafka,
      String topic,
      List<ProducerRecord<byte[], byte[]>> records) {
    AtomicLong failures = new AtomicLong();
    long started = System.nanoTime();
    try (Producer<byte[], byte[]> producer = new KafkaProducer<>(settingsOf.producerProperties())) {
      for (ProducerRecord<byte[], byte[]> record : records) {
        producer.send(
            new ProducerRecord<>(topic, record.key(), record.value()),
            (metadata, e) -> {
              if (e != null) {
                failures.incrementAndGet();
              }
            });
      }
      producer.flush();
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    if (failures.get() > 0) {
      throw new IllegalStateException("The plain producer lost " + failures.get() + " records");
    }
    return took;
  }

  /** The orders as JSON lines, CSV and Parquet, the same rows in each. */
  private Map<String, Path> writeFiles(Path dir) throws IOException {
    Path jsonl = dir.resolve("orders.jsonl");
    Path csv = dir.resolve("orders.csv");
    Path parquet = dir.resolve("orders.parquet");
    MessageType schema =
        Types.buildMessage()
            .required(PrimitiveTypeName.BINARY)
            .as(LogicalTypeAnnotation.stringType())
            .named("order_id")
            .required(PrimitiveTypeName.BINARY)
            .as(LogicalTypeAnnotation.stringType())
            .named("customer_id")
            .required(PrimitiveTypeName.BINARY)
            .as(LogicalTypeAnnotation.stringType())
            .named("restaurant_id")
            .required(PrimitiveTypeName.BINARY)
            .as(LogicalTypeAnnotation.stringType())
            .named("dish")
            .required(PrimitiveTypeName.INT64)
            .as(LogicalTypeAnnotation.decimalType(2, 10))
            .named("amount")
            .required(PrimitiveTypeName.INT64)
            .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS))
            .named("event_time")
            .named("order");
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    try (BufferedWriter json = Files.newBufferedWriter(jsonl, UTF_8);
        BufferedWriter comma = Files.newBufferedWriter(csv, UTF_8);
        ParquetWriter<Group> columns =
            ExampleParquetWriter.builder(new LocalOutputFile(parquet)).withType(schema).build()) {
      comma.write("order_id,customer_id,restaurant_id,dish,amount,event_time\n");
      for (long i = 0; i < settings.rows(); i++) {
        String id = "o-" + i;
        String customer = "c-" + (i % 50_000);
        String restaurant = "r-" + (i % 1_000);
        String dish = DISHES[(int) (i % DISHES.length)];
        long cents = 500 + (i * 7919) % 10_000;
        String amount = BigDecimal.valueOf(cents, 2).toPlainString();
        Instant time = FIRST.plusMillis(i * 37);
        json.write(
            "{\"order_id\":\""
                + id
                + "\",\"customer_id\":\""
                + customer
                + "\",\"restaurant_id\":\""
                + restaurant
                + "\",\"dish\":\""
                + dish
                + "\",\"amount\":"
                + amount
                + ",\"event_time\":\""
                + time
                + "\"}\n");
        comma.write(
            id + "," + customer + "," + restaurant + "," + dish + "," + amount + "," + time + "\n");
        columns.write(
            groups
                .newGroup()
                .append("order_id", id)
                .append("customer_id", customer)
                .append("restaurant_id", restaurant)
                .append("dish", dish)
                .append("amount", cents)
                .append("event_time", time.toEpochMilli()));
      }
    }
    Map<String, Path> files = new java.util.LinkedHashMap<>();
    files.put("jsonl", jsonl);
    files.put("csv", csv);
    files.put("parquet", parquet);
    return files;
  }

  /** The JSON lines as records keyed by order id, as a hand-written producer would send them. */
  private static List<ProducerRecord<byte[], byte[]>> records(Path jsonl) throws IOException {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (var lines = Files.lines(jsonl, UTF_8)) {
      lines.forEach(
          line -> {
            int from = line.indexOf(':') + 2;
            String key = line.substring(from, line.indexOf('"', from));
            records.add(new ProducerRecord<>("", key.getBytes(UTF_8), line.getBytes(UTF_8)));
          });
    }
    return records;
  }

  private void createTopic(EmbeddedKafka kafka, String topic) throws Exception {
    try (Admin admin = kafka.admin()) {
      admin
          .createTopics(
              List.of(new NewTopic(topic, Optional.of(settings.partitions()), Optional.empty())))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  /** The records a topic holds: the sum of its partitions' end offsets. */
  private long records(EmbeddedKafka kafka, String topic) throws Exception {
    try (Admin admin = kafka.admin()) {
      Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
      for (int p = 0; p < settings.partitions(); p++) {
        latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
          .mapToLong(info -> info.offset())
          .sum();
    }
  }

  private static SourceSpec renamed(SourceSpec orders, String topic) {
    return IngestBenchmark.renamed(orders, "bench_produce", topic);
  }
}
