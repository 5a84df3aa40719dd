package io.tributary.feature.job;

import io.tributary.feature.aggregate.FeatureDefinition;
import io.tributary.feature.aggregate.FeatureState;
import io.tributary.feature.dynamodb.GroupStats;
import io.tributary.feature.dynamodb.ItemParts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * Folds each entity's events into its features and, at most once per coalescing interval per
 * entity, emits the entity's items with their version. Events later than the lateness behind the
 * watermark are counted and left out (a backfill, which has no lateness, brings them in). Each task
 * also emits its stats (events, late, entities, newest event, position) about once a second.
 *
 * <p>A streaming job coalesces on processing time; a bounded one (a backfill) writes each entity
 * once, at its end of input, when the watermark reaches its maximum.
 */
final class EntityAggregator extends KeyedProcessFunction<String, Row, FeatureWrite>
    implements CheckpointedFunction {
  private static final long serialVersionUID = 1L;
  private static final long STATS_INTERVAL_MS = 1_000;

  private final String group;
  private final String generation;
  private final List<FeatureDefinition> definitions;
  private final FeatureInputs inputs;
  private final long latenessMillis;
  private final long coalesceMillis;
  private final boolean bounded;

  /** The item each feature is written in, and how many items an entity has. */
  private transient int[] parts;

  private transient int partCount;
  private transient ValueState<EntityFeatures> entities;
  private transient ListState<long[]> statsState;
  private transient long events;
  private transient long late;
  private transient long entityCount;
  private transient long writes;

  /**
   * The highest watermark this task has seen, kept in its state: Flink does not checkpoint
   * watermarks, and without it a restart would take events as on time that the job before it took
   * as late, so that what is late would depend on when the job restarted, not on the log.
   */
  private transient long watermark;

  private transient long newest;
  private transient Map<Integer, Long> position;
  private transient long statsWrittenAt;
  private transient long statsTimerAt;

  private transient Counter lateCounter;

  /**
   * @param latenessMillis how far behind the watermark an event still counts; negative for no limit
   *     (a backfill)
   */
  EntityAggregator(
      String group,
      String generation,
      List<FeatureDefinition> definitions,
      FeatureInputs inputs,
      long latenessMillis,
      long coalesceMillis,
      boolean bounded) {
    this.group = group;
    this.generation = generation;
    this.definitions = List.copyOf(definitions);
    this.inputs = inputs;
    this.latenessMillis = latenessMillis;
    this.coalesceMillis = coalesceMillis;
    this.bounded = bounded;
  }

  @Override
  public void open(OpenContext openContext) {
    parts = ItemParts.of(definitions);
    partCount = Arrays.stream(parts).max().orElse(-1) + 1;
    entities =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("entity", EntityFeaturesSerializer.INSTANCE));
    lateCounter = getRuntimeContext().getMetricGroup().counter("tributaryLateEvents");
  }

  @Override
  public void processElement(Row row, Context ctx, Collector<FeatureWrite> out) throws Exception {
    long eventTime = FeatureInputs.millis(row.getField(inputs.eventTimeIndex()));
    int partition = (Integer) row.getField(inputs.partitionIndex());
    long offset = (Long) row.getField(inputs.offsetIndex());
    EntityFeatures entity = entities.value();
    if (entity == null) {
      entity = EntityFeatures.empty(definitions);
      entityCount++;
    }
    events++;
    position.merge(partition, offset, Math::max);
    entity.read(partition, offset);
    watermark = Math.max(watermark, ctx.timerService().currentWatermark());
    boolean isLate =
        inputs.lateIndex() >= 0
            ? inputs.markedLate(row)
            : latenessMillis >= 0
                && watermark != Long.MIN_VALUE
                && eventTime < watermark - latenessMillis;
    if (isLate) {
      late++;
      lateCounter.inc();
    } else {
      int[] values = inputs.valueIndexes();
      for (int i = 0; i < values.length; i++) {
        Object value =
            values[i] < 0 ? FeatureInputs.EVENT : FeatureInputs.input(row.getField(values[i]));
        entity.features[i].add(eventTime, value);
      }
      entity.newestEventTime = Math.max(entity.newestEventTime, eventTime);
      newest = Math.max(newest, eventTime);
      if (!entity.flushScheduled) {
        entity.flushScheduled = true;
        if (bounded) {
          ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        } else {
          ctx.timerService()
              .registerProcessingTimeTimer(
                  ctx.timerService().currentProcessingTime() + coalesceMillis);
        }
      }
    }
    entities.update(entity);
    long now = ctx.timerService().currentProcessingTime();
    emitStatsIfDue(now, out);
    if (!bounded && statsTimerAt == 0) {
      // what came after this event's stats (late events write nothing else) is written by then
      statsTimerAt = now + STATS_INTERVAL_MS;
      ctx.timerService().registerProcessingTimeTimer(statsTimerAt);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<FeatureWrite> out)
      throws Exception {
    if (timestamp == statsTimerAt) {
      statsTimerAt = 0;
      statsWrittenAt = 0;
    }
    EntityFeatures entity = entities.value();
    if (entity == null || !entity.flushScheduled) {
      emitStatsIfDue(ctx.timerService().currentProcessingTime(), out);
      return;
    }
    long now = System.currentTimeMillis();
    entity.flushScheduled = false;
    for (int part = 0; part < partCount; part++) {
      List<FeatureDefinition> held = new ArrayList<>();
      List<byte[]> states = new ArrayList<>();
      Optional<Long> expiresAt = Optional.of(0L);
      for (int i = 0; i < entity.features.length; i++) {
        if (parts[i] != part) {
          continue;
        }
        FeatureState feature = entity.features[i];
        feature.prune(entity.newestEventTime);
        held.add(feature.definition());
        states.add(feature.encode());
        // the item lives as long as its longest-lived feature; a lifetime one keeps it
        Optional<Long> mine = feature.expiresAtMillis().map(millis -> millis / 1000 + 1);
        expiresAt = expiresAt.flatMap(at -> mine.map(m -> Math.max(at, m)));
      }
      out.collect(
          FeatureWrite.item(
              group,
              generation,
              ctx.getCurrentKey(),
              part,
              held,
              states,
              entity.version,
              entity.newestEventTime,
              entity.position,
              now,
              expiresAt));
      writes++;
    }
    entities.update(entity);
    emitStatsIfDue(ctx.timerService().currentProcessingTime(), out);
  }

  /**
   * Each task's stats, about once a second; a backfill's are not written (they are not the job's).
   */
  private void emitStatsIfDue(long now, Collector<FeatureWrite> out) {
    if (bounded || now - statsWrittenAt < STATS_INTERVAL_MS) {
      return;
    }
    statsWrittenAt = now;
    out.collect(
        FeatureWrite.stats(
            group,
            generation,
            getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
            new GroupStats(
                events, late, entityCount, newest, System.currentTimeMillis(), position, writes)));
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    statsState.clear();
    long[] stats = new long[6 + 2 * position.size()];
    stats[0] = events;
    stats[1] = late;
    stats[2] = entityCount;
    stats[3] = newest;
    stats[4] = writes;
    stats[5] = watermark;
    int i = 6;
    for (Map.Entry<Integer, Long> entry : position.entrySet()) {
      stats[i++] = entry.getKey();
      stats[i++] = entry.getValue();
    }
    statsState.add(stats);
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    statsState =
        context
            .getOperatorStateStore()
            .getListState(
                new ListStateDescriptor<>(
                    "stats", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
    position = new TreeMap<>();
    newest = Long.MIN_VALUE;
    watermark = Long.MIN_VALUE;
    // after a rescale a task may get several tasks' stats: their sums are still the job's
    for (long[] stats : statsState.get()) {
      events += stats[0];
      late += stats[1];
      entityCount += stats[2];
      newest = Math.max(newest, stats[3]);
      writes += stats[4];
      watermark = Math.max(watermark, stats[5]);
      for (int i = 6; i + 1 < stats.length; i += 2) {
        position.merge((int) stats[i], stats[i + 1], Math::max);
      }
    }
  }
}
