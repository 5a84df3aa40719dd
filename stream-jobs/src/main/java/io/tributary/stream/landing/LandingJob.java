package io.tributary.stream.landing;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.LakeCatalog;
import io.tributary.catalog.lineage.LineageJob;
import io.tributary.stream.job.JobDefinition;
import io.tributary.stream.job.JobKind;
import io.tributary.stream.job.JobOptions;
import io.tributary.stream.kafka.KafkaConnection;
import io.tributary.stream.sink.BoundedAppendSink;
import io.tributary.stream.source.SourceSpec;
import io.tributary.stream.source.internal.KafkaRecord;
import io.tributary.stream.source.internal.KafkaRecordDeserializer;
import io.tributary.stream.source.internal.RecordSchema;
import java.util.Optional;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.DistributionMode;
import org.apache.iceberg.flink.sink.FlinkSink;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The landing job of one source: Kafka topic → validation → {@code lake.bronze.<name>}, with
 * rejected records to {@code lake.bronze.<name>_rejects} and topic {@code dlq.<name>}.
 *
 * <p>Exactly-once: Kafka offsets live in Flink checkpoints, Iceberg commits happen when a
 * checkpoint completes (the committer skips checkpoints it already committed), and the dead-letter
 * topic is written transactionally. A restart from a checkpoint or savepoint therefore lands each
 * event once. Without any state the job resumes from the offsets it last committed to Kafka, or
 * from the earliest offset on first start.
 *
 * <pre>{@code
 * LandingJob.builder()
 *     .source(orders)
 *     .kafka(KafkaConnection.of("127.0.0.1:9092"))
 *     .lake(lake)
 *     .build()
 *     .addTo(env);
 * }</pre>
 */
public final class LandingJob {
  private final SourceSpec source;
  private final KafkaConnection kafka;
  private final LakeCatalog lake;
  private final int parallelism;
  private final Optional<OffsetsInitializer> stoppingOffsets;

  private LandingJob(Builder builder) {
    this.source = builder.source;
    this.kafka = builder.kafka;
    this.lake = builder.lake;
    this.parallelism = builder.parallelism;
    this.stoppingOffsets = Optional.ofNullable(builder.stoppingOffsets);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The Flink job name: {@code landing-<source>}. */
  public static String jobName(SourceSpec source) {
    return "landing-" + source.name();
  }

  public String jobName() {
    return jobName(source);
  }

  /** The Kafka consumer group that commits the landing job's offsets at each checkpoint. */
  public static String consumerGroup(SourceSpec source) {
    return "tributary-" + jobName(source);
  }

  public SourceSpec source() {
    return source;
  }

  /**
   * How the platform runs this landing job: under {@link #jobName()}, committing its offsets as
   * {@link #consumerGroup(SourceSpec)} (so its lag can be told), recorded in lineage as {@code
   * lineage} says ({@code JobLineage.landing}).
   */
  public JobDefinition definition(LineageJob lineage) {
    return new JobDefinition(
        jobName(),
        JobKind.LANDING,
        Optional.empty(),
        this::addTo,
        lineage,
        Optional.of(consumerGroup(source)),
        Optional.of(source.topic()));
  }

  /** Creates the bronze tables if missing and adds the whole landing pipeline to {@code env}. */
  public void addTo(StreamExecutionEnvironment env) {
    if (stoppingOffsets.isPresent() && env.getCheckpointConfig().isCheckpointingEnabled()) {
      // Iceberg's FlinkSink (1.11) files what every writer flushes at its end of input under one
      // checkpoint id. A checkpoint that reaches the committer after one writer has finished and
      // before the others have moves those files into its state; the committer's own end of input
      // then files the last writers' files under the same id, replacing them
      // (IcebergFilesCommitter.writeToManifestUptoLatestCheckpoint), and the rows are never
      // committed. Turning off checkpoints after tasks finish did not prevent it (BoundedLandingIT
      // still lost rows). Unbounded landing never ends its input, so only bounded runs are
      // exposed; without periodic checkpoints they commit once, at their end, with every file.
      throw new IllegalStateException(
          "Cannot run the bounded landing job of "
              + source.name()
              + " with periodic checkpoints: Iceberg's FlinkSink can lose the last files of a"
              + " writer that finishes before the others when a checkpoint comes in between."
              + " Run it without checkpointing; it commits everything once, at its end");
    }
    BronzeTables.ensure(lake, source);
    SingleOutputStreamOperator<RowData> valid = validated(env);
    // bounded memory however many days one checkpoint's events fall into (a file of history);
    // the uids are those of the FlinkSink this replaced, so older savepoints still restore
    BoundedAppendSink.append(
        valid,
        lake.tableLoader(BronzeTables.bronze(source)),
        (RowType) BronzeTables.bronzeSchema(source).toPhysicalRowDataType().getLogicalType(),
        parallelism,
        "bronze");

    if (source.current().isPresent()) {
      addCurrentTo(valid);
    }

    DataStream<DeadLetter> rejected = valid.getSideOutput(ValidateFunction.REJECTED);
    RowType rejectsType =
        (RowType) BronzeTables.rejectsSchema().toPhysicalRowDataType().getLogicalType();
    SingleOutputStreamOperator<RowData> rejectRows =
        rejected
            .map(new DeadLetterRows())
            .returns(InternalTypeInfo.of(rejectsType))
            .name("Reject rows " + source.name())
            .uid("reject-rows")
            .setParallelism(parallelism);
    FlinkSink.forRowData(rejectRows)
        .tableLoader(lake.tableLoader(BronzeTables.rejects(source)))
        .resolvedSchema(BronzeTables.rejectsSchema())
        .distributionMode(DistributionMode.NONE)
        .writeParallelism(parallelism)
        .uidPrefix("rejects")
        .append();

    rejected
        .sinkTo(deadLetterSink())
        .name("Dead letters " + source.deadLetterTopic())
        .uid("dead-letters")
        .setParallelism(parallelism);
  }

  /**
   * The current-only table: valid events keyed by the declared key, reduced to the newest per key,
   * written with Iceberg's upsert writer (an equality delete of the key, then the row).
   */
  private void addCurrentTo(DataStream<RowData> valid) {
    RowType bronzeType =
        (RowType) BronzeTables.bronzeSchema(source).toPhysicalRowDataType().getLogicalType();
    SingleOutputStreamOperator<RowData> latest =
        valid
            .keyBy(LatestPerKey.keyOf(source))
            .process(new LatestPerKey(source), InternalTypeInfo.of(bronzeType))
            .name("Latest per key " + source.name())
            .uid("latest-per-key")
            .setParallelism(parallelism);
    FlinkSink.forRowData(latest)
        .tableLoader(lake.tableLoader(BronzeTables.current(source).orElseThrow()))
        .resolvedSchema(BronzeTables.bronzeSchema(source))
        .equalityFieldColumns(source.current().orElseThrow().key())
        .upsert(true)
        .distributionMode(DistributionMode.NONE)
        .writeParallelism(parallelism)
        .uidPrefix("current")
        .append();
  }

  /**
   * Adds source → validation → discard: the same reading and parsing work as {@link #addTo} without
   * writing anything. The ingest benchmark's ceiling.
   */
  public void addParseOnlyTo(StreamExecutionEnvironment env) {
    SingleOutputStreamOperator<RowData> valid = validated(env);
    valid.sinkTo(new DiscardingSink<>()).name("Discard").setParallelism(parallelism);
    valid
        .getSideOutput(ValidateFunction.REJECTED)
        .sinkTo(new DiscardingSink<>())
        .name("Discard rejects")
        .setParallelism(parallelism);
  }

  private SingleOutputStreamOperator<RowData> validated(StreamExecutionEnvironment env) {
    // validation and the writers never keep a record after passing it on
    env.getConfig().enableObjectReuse();
    DataStream<KafkaRecord> records =
        env.fromSource(kafkaSource(), WatermarkStrategy.noWatermarks(), "Kafka " + source.topic())
            .uid("kafka-source")
            .setParallelism(parallelism);
    RowType bronzeType =
        (RowType) BronzeTables.bronzeSchema(source).toPhysicalRowDataType().getLogicalType();
    return records
        .process(new ValidateFunction(RecordSchema.of(source)), InternalTypeInfo.of(bronzeType))
        .name("Validate " + source.name())
        .uid("validate")
        .setParallelism(parallelism);
  }

  private KafkaSource<KafkaRecord> kafkaSource() {
    KafkaSourceBuilder<KafkaRecord> builder =
        KafkaSource.<KafkaRecord>builder()
            .setProperties(kafka.clientProperties())
            .setTopics(source.topic())
            .setGroupId(consumerGroup(source))
            .setClientIdPrefix("tributary-" + jobName())
            .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
            .setDeserializer(new KafkaRecordDeserializer())
            .setProperty("isolation.level", "read_committed")
            .setProperty("commit.offsets.on.checkpoint", "true")
            .setProperty("partition.discovery.interval.ms", "60000");
    stoppingOffsets.ifPresent(builder::setBounded);
    return builder.build();
  }

  private KafkaSink<DeadLetter> deadLetterSink() {
    return KafkaSink.<DeadLetter>builder()
        .setKafkaProducerConfig(kafka.clientProperties())
        .setRecordSerializer(new DeadLetterSerializer(source.deadLetterTopic()))
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix("tributary-dlq-" + source.name())
        // below the broker's transaction.max.timeout.ms (15 min by default)
        .setProperty("transaction.timeout.ms", "600000")
        .build();
  }

  /** Builds a {@link LandingJob}; {@link #build()} checks that every required part is set. */
  public static final class Builder {
    private SourceSpec source;
    private KafkaConnection kafka;
    private LakeCatalog lake;
    private int parallelism = 1;
    private OffsetsInitializer stoppingOffsets;

    private Builder() {}

    public Builder source(SourceSpec source) {
      this.source = source;
      return this;
    }

    public Builder kafka(KafkaConnection kafka) {
      this.kafka = kafka;
      return this;
    }

    public Builder lake(LakeCatalog lake) {
      this.lake = lake;
      return this;
    }

    public Builder parallelism(int parallelism) {
      this.parallelism = parallelism;
      return this;
    }

    /**
     * Makes the job bounded: it finishes when every partition reaches these offsets, and commits
     * once, at its end. A bounded job must run without periodic checkpoints (see {@link #addTo}).
     */
    public Builder stopAt(OffsetsInitializer stoppingOffsets) {
      this.stoppingOffsets = stoppingOffsets;
      return this;
    }

    public LandingJob build() {
      requireNonNull(source, "source is null");
      requireNonNull(kafka, "kafka is null");
      requireNonNull(lake, "lake is null");
      JobOptions.PARALLELISM.check(parallelism);
      return new LandingJob(this);
    }
  }
}
