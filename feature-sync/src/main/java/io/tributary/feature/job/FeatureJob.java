package io.tributary.feature.job;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.lineage.LineageJob;
import io.tributary.feature.dynamodb.FeatureInfo;
import io.tributary.feature.dynamodb.GroupInfo;
import io.tributary.feature.dynamodb.GroupPointer;
import io.tributary.feature.dynamodb.ItemParts;
import io.tributary.feature.dynamodb.OnlineStoreConfig;
import io.tributary.feature.group.FeatureGroupSpec;
import io.tributary.feature.group.FeatureQuery;
import io.tributary.feature.group.FeatureSpec;
import io.tributary.stream.job.JobDefinition;
import io.tributary.stream.job.JobKind;
import io.tributary.stream.job.JobOptions;
import io.tributary.stream.kafka.KafkaConnection;
import io.tributary.stream.source.SourceSpec;
import io.tributary.stream.source.table.SourceTables;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

/**
 * The job of one generation of a feature group: the valid events of its source (every one, from the
 * earliest offset the log holds), filtered and projected by the group's SQL, keyed by entity,
 * folded into each entity's features, and written to the online store with versions that never let
 * an older state replace a newer one.
 *
 * <p>Streaming, it runs until it is stopped (with a savepoint) or replaced by a new generation, and
 * leaves out events later than the group's lateness (counted in its stats). Bounded (a backfill),
 * it reads up to the offsets that are latest when it starts, folds every event however late, and
 * writes each entity once, at its end, at the version its read gives, so it never overwrites what
 * the streaming job wrote from more of the log.
 *
 * <pre>{@code
 * FeatureJob.builder()
 *     .group(restaurantActivity)
 *     .source(orders)
 *     .kafka(KafkaConnection.of("127.0.0.1:9092"))
 *     .store(OnlineStoreConfig.local(URI.create("http://127.0.0.1:8000")))
 *     .build()
 *     .definition(lineage);
 * }</pre>
 */
public final class FeatureJob {
  /** How long an entity's changes gather before its items are written. */
  public static final Duration DEFAULT_COALESCE = Duration.ofMillis(500);

  private final FeatureGroupSpec group;
  private final SourceSpec source;
  private final KafkaConnection kafka;
  private final OnlineStoreConfig store;
  private final int parallelism;
  private final Duration coalesce;
  private final boolean backfill;
  private final Optional<Recompute> recompute;

  /**
   * A bounded recomputation of some entities, each from the events the store says its values
   * reflect, into a generation of its own (what {@code features verify} compares with the store).
   *
   * @param generation the generation its items are written to
   * @param positions per entity, per partition, the offset of the newest of its events to fold
   * @param partitions how many of the source topic's partitions have events (the stream's watermark
   *     waited for each)
   */
  public record Recompute(
      String generation, Map<String, Map<Integer, Long>> positions, int partitions)
      implements java.io.Serializable {
    public Recompute {
      requireNonNull(generation, "generation is null");
      Map<String, Map<Integer, Long>> copy = new HashMap<>();
      positions.forEach((entity, position) -> copy.put(entity, new HashMap<>(position)));
      positions = copy;
    }
  }

  private FeatureJob(Builder builder) {
    this.group = builder.group;
    this.source = builder.source;
    this.kafka = builder.kafka;
    this.store = builder.store;
    this.parallelism = builder.parallelism;
    this.coalesce = builder.coalesce;
    this.backfill = builder.backfill || builder.recompute.isPresent();
    this.recompute = builder.recompute;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The streaming job of a group's generation: {@code feature-<group>-<generation>}. */
  public static String jobName(FeatureGroupSpec group) {
    return "feature-" + group.name() + "-" + group.generation();
  }

  /** The recomputation {@code features verify} runs: {@code feature-verify-<group>}. */
  public static String verifyName(FeatureGroupSpec group) {
    return "feature-verify-" + group.name();
  }

  /** The backfill of a group: {@code feature-backfill-<group>}. */
  public static String backfillName(FeatureGroupSpec group) {
    return "feature-backfill-" + group.name();
  }

  /**
   * The pointer that sends reads of {@code group} to its generation: its features in declared
   * order, each in its item ({@link ItemParts}), nothing building beside it.
   */
  public static GroupPointer pointer(FeatureGroupSpec group) {
    return new GroupPointer(
        group.name(),
        group.generation(),
        Optional.empty(),
        group.features().stream().map(FeatureSpec::name).toList(),
        group.entity(),
        group.maxAge(),
        ItemParts.list(group.definitions()));
  }

  /** The group's registry entry: what a reader may know of it without its YAML. */
  public static GroupInfo info(FeatureGroupSpec group) {
    return new GroupInfo(
        group.name(),
        "stream",
        group.owner(),
        group.description(),
        group.entity(),
        group.features().stream()
            .map(
                feature ->
                    new FeatureInfo(
                        feature.name(),
                        feature.aggregation(),
                        feature.column(),
                        feature.window(),
                        feature.n()))
            .toList(),
        group.generation(),
        group.source());
  }

  /** The Kafka consumer group that commits a job's offsets at each checkpoint, for its lag. */
  public String consumerGroup() {
    return "tributary-" + jobName();
  }

  public String jobName() {
    if (recompute.isPresent()) {
      return verifyName(group);
    }
    return backfill ? backfillName(group) : jobName(group);
  }

  public FeatureGroupSpec group() {
    return group;
  }

  /**
   * How the platform runs this job: it resumes only from state of the same generation, and its lag
   * is that of {@link #consumerGroup()} on the source's topic.
   */
  public JobDefinition definition(LineageJob lineage) {
    return new JobDefinition(
        jobName(),
        backfill ? JobKind.FEATURE_BACKFILL : JobKind.FEATURE,
        Optional.of(group.generation()),
        this::addTo,
        lineage,
        Optional.of(consumerGroup()),
        Optional.of(source.topic()));
  }

  /** Adds the job's operators to {@code env}; the caller executes it. */
  public void addTo(StreamExecutionEnvironment env) {
    StreamTableEnvironment tableEnv =
        StreamTableEnvironment.create(env, EnvironmentSettings.inStreamingMode());
    // a partition with no new events must not hold the watermark, which decides what is late
    tableEnv.getConfig().set("table.exec.source.idle-timeout", "5 s");
    tableEnv.getConfig().set("parallelism.default", Integer.toString(parallelism));
    String table =
        new SourceTables(kafka)
            .registerStream(
                tableEnv,
                source,
                "__" + source.name() + "_feature_" + group.name(),
                consumerGroup(),
                backfill);
    FeatureQuery query =
        recompute.isPresent()
            ? FeatureQuery.withAppendTime(group, source, table)
            : FeatureQuery.of(group, source, table);
    DataStream<Row> rows = tableEnv.toDataStream(tableEnv.sqlQuery(query.sql()));
    if (recompute.isPresent()) {
      // late as the stream judged it, in the order it read the log, before any event is dropped
      rows =
          OnTimeEvents.mark(
                  rows,
                  query,
                  source.maxOutOfOrderness().toMillis(),
                  group.lateness(source).toMillis(),
                  recompute.get().partitions())
              .filter(
                  new ReadBefore(
                      recompute.get().positions(),
                      group.entity().size(),
                      query.partitionIndex(),
                      query.offsetIndex()))
              .name("The events the store's values reflect");
    }
    int[] values = new int[group.features().size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = query.valueIndex(i).orElse(-1);
    }
    int[] entity = new int[group.entity().size()];
    for (int i = 0; i < entity.length; i++) {
      entity[i] = i;
    }
    FeatureInputs inputs =
        new FeatureInputs(
            query.eventTimeIndex(),
            query.partitionIndex(),
            query.offsetIndex(),
            values,
            query.appendTimeIndex().isPresent() ? query.appendTimeIndex().getAsInt() + 1 : -1);
    SingleOutputStreamOperator<FeatureWrite> writes =
        rows.keyBy(new EntitySelector(entity))
            .process(
                new EntityAggregator(
                    group.name(),
                    recompute.map(Recompute::generation).orElse(group.generation()),
                    group.definitions(),
                    inputs,
                    // a recomputation judges lateness as the stream does; a backfill has none
                    backfill && recompute.isEmpty() ? -1 : group.lateness(source).toMillis(),
                    coalesce.toMillis(),
                    backfill))
            .name("Aggregate " + group.name())
            .uid("aggregate")
            .setParallelism(parallelism);
    writes
        .sinkTo(new OnlineStoreSink(store))
        .name("Online store " + store.table())
        .uid("online-store")
        .setParallelism(parallelism);
  }

  /** Keeps an entity's events up to the offsets the store says its values reflect. */
  private static final class ReadBefore
      implements org.apache.flink.api.common.functions.FilterFunction<Row> {
    private static final long serialVersionUID = 1L;
    private final Map<String, Map<Integer, Long>> positions;
    private final EntitySelector entity;
    private final int partitionIndex;
    private final int offsetIndex;

    ReadBefore(
        Map<String, Map<Integer, Long>> positions,
        int entityColumns,
        int partitionIndex,
        int offsetIndex) {
      this.positions = positions;
      int[] columns = new int[entityColumns];
      for (int i = 0; i < columns.length; i++) {
        columns[i] = i;
      }
      this.entity = new EntitySelector(columns);
      this.partitionIndex = partitionIndex;
      this.offsetIndex = offsetIndex;
    }

    @Override
    public boolean filter(Row row) {
      Map<Integer, Long> position = positions.get(entity.getKey(row));
      if (position == null) {
        return false;
      }
      Long last = position.get((Integer) row.getField(partitionIndex));
      return last != null && (Long) row.getField(offsetIndex) <= last;
    }
  }

  /** An entity's key: its key columns' values as the online store spells them. */
  static final class EntitySelector implements KeySelector<Row, String> {
    private static final long serialVersionUID = 1L;
    private final int[] columns;

    EntitySelector(int[] columns) {
      this.columns = columns;
    }

    @Override
    public String getKey(Row row) {
      Object[] values = new Object[columns.length];
      for (int i = 0; i < columns.length; i++) {
        values[i] = row.getField(columns[i]);
      }
      return io.tributary.feature.dynamodb.EntityKeys.of(java.util.Arrays.asList(values));
    }
  }

  /** Builds a {@link FeatureJob}; {@link #build()} checks that every required part is set. */
  public static final class Builder {
    private FeatureGroupSpec group;
    private SourceSpec source;
    private KafkaConnection kafka;
    private OnlineStoreConfig store;
    private int parallelism = 1;
    private Duration coalesce = DEFAULT_COALESCE;
    private boolean backfill;
    private Optional<Recompute> recompute = Optional.empty();

    private Builder() {}

    /**
     * A recomputation of some entities ({@link Recompute}); bounded, with the stream's lateness.
     */
    public Builder recompute(Recompute recompute) {
      this.recompute = Optional.of(recompute);
      return this;
    }

    public Builder group(FeatureGroupSpec group) {
      this.group = group;
      return this;
    }

    public Builder source(SourceSpec source) {
      this.source = source;
      return this;
    }

    public Builder kafka(KafkaConnection kafka) {
      this.kafka = kafka;
      return this;
    }

    public Builder store(OnlineStoreConfig store) {
      this.store = store;
      return this;
    }

    public Builder parallelism(int parallelism) {
      this.parallelism = parallelism;
      return this;
    }

    /** How long an entity's changes gather before its items are written (default 500 ms). */
    public Builder coalesce(Duration coalesce) {
      this.coalesce = requireNonNull(coalesce, "coalesce is null");
      return this;
    }

    /** A backfill: bounded at the log's end when it starts, with no lateness. */
    public Builder backfill(boolean backfill) {
      this.backfill = backfill;
      return this;
    }

    public FeatureJob build() {
      requireNonNull(group, "group is null");
      requireNonNull(source, "source is null");
      requireNonNull(kafka, "kafka is null");
      requireNonNull(store, "store is null");
      JobOptions.PARALLELISM.check(parallelism);
      if (!group.source().equals(source.name())) {
        throw new IllegalArgumentException(
            "Feature group "
                + group.name()
                + " reads "
                + group.source()
                + ", not "
                + source.name());
      }
      return new FeatureJob(this);
    }
  }
}
