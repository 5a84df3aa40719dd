package io.tributary.feature.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.runtime.typeutils.ExternalTypeInfo;
import org.apache.flink.table.types.DataType;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * Marks the events the stream took as late (a last column, true when late), for a training set and
 * a verification's recomputation, which must leave out what the stream left out. The stream read
 * the log as it was appended; this reads it in the same order, by each record's append time
 * (Kafka's timestamp, the time the event stream carries here), each record once every partition has
 * been read past it. An event is late when it is more than the lateness behind the watermark as it
 * stood then: as the source's, the least over the partitions read of their newest event time less
 * {@code max_out_of_orderness}, none until each partition with events has been read from. One key,
 * so one task sees every partition. (The stream's watermark moves every 200 ms rather than with
 * each event and leaves out a partition idle for 5 s, so an event within that much of the limit may
 * be judged differently: docs/features.md.)
 */
final class OnTimeEvents extends KeyedProcessFunction<Integer, Row, Row> {
  /**
   * {@code events} (the rows of a {@link io.tributary.feature.group.FeatureQuery#withAppendTime}
   * query) with a last column {@code _late}, judged as the stream judged them.
   *
   * @param partitions how many of the topic's partitions have events to read
   */
  static DataStream<Row> mark(
      DataStream<Row> events,
      io.tributary.feature.group.FeatureQuery query,
      long outOfOrdernessMillis,
      long latenessMillis,
      int partitions) {
    int appended = query.appendTimeIndex().orElseThrow();
    // the stream read records as they were appended: their append time, in order per partition
    DataStream<Row> inAppendOrder =
        events.assignTimestampsAndWatermarks(
            WatermarkStrategy.<Row>forBoundedOutOfOrderness(APPEND_DISORDER)
                .withTimestampAssigner(
                    (row, previous) -> FeatureInputs.millis(row.getField(appended))));
    DataType type = ((ExternalTypeInfo<Row>) events.getType()).getDataType();
    List<DataTypes.Field> fields = new ArrayList<>();
    List<String> names = DataType.getFieldNames(type);
    List<DataType> types = DataType.getFieldDataTypes(type);
    for (int i = 0; i < names.size(); i++) {
      fields.add(DataTypes.FIELD(names.get(i), types.get(i)));
    }
    fields.add(DataTypes.FIELD("_late", DataTypes.BOOLEAN()));
    TypeInformation<Row> marked = ExternalTypeInfo.of(DataTypes.ROW(fields));
    return inAppendOrder
        .keyBy(new OneKey())
        .process(
            new OnTimeEvents(
                events.getType(),
                query.eventTimeIndex(),
                query.partitionIndex(),
                outOfOrdernessMillis,
                latenessMillis,
                partitions))
        .returns(marked)
        .name("Late as the stream judged it")
        .setParallelism(1);
  }

  /**
   * How far out of append order a source task may hand records over (several partitions read by one
   * task interleave their fetches).
   */
  private static final Duration APPEND_DISORDER = Duration.ofSeconds(1);

  /** Every record to one task, which sees the whole log in append order. */
  private static final class OneKey implements KeySelector<Row, Integer> {
    private static final long serialVersionUID = 1L;

    @Override
    public Integer getKey(Row row) {
      return 0;
    }
  }

  private static final long serialVersionUID = 1L;

  private final TypeInformation<Row> rowType;
  private final int eventTimeIndex;
  private final int partitionIndex;
  private final long outOfOrdernessMillis;
  private final long latenessMillis;
  private final int partitions;
  private transient MapState<Long, List<Row>> pending;
  private transient MapState<Integer, Long> newest;

  /**
   * @param partitions how many of the topic's partitions have events to read
   */
  OnTimeEvents(
      TypeInformation<Row> rowType,
      int eventTimeIndex,
      int partitionIndex,
      long outOfOrdernessMillis,
      long latenessMillis,
      int partitions) {
    this.rowType = rowType;
    this.eventTimeIndex = eventTimeIndex;
    this.partitionIndex = partitionIndex;
    this.outOfOrdernessMillis = outOfOrdernessMillis;
    this.latenessMillis = latenessMillis;
    this.partitions = partitions;
  }

  @Override
  public void open(OpenContext openContext) {
    pending =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>("pending", Types.LONG, new ListTypeInfo<>(rowType)));
    newest =
        getRuntimeContext().getMapState(new MapStateDescriptor<>("newest", Types.INT, Types.LONG));
  }

  @Override
  public void processElement(Row row, Context ctx, Collector<Row> out) throws Exception {
    long appended = ctx.timestamp();
    List<Row> rows = pending.get(appended);
    if (rows == null) {
      rows = new ArrayList<>();
      ctx.timerService().registerEventTimeTimer(appended);
    }
    rows.add(row);
    pending.put(appended, rows);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Row> out) throws Exception {
    List<Row> rows = pending.get(timestamp);
    pending.remove(timestamp);
    if (rows == null) {
      return;
    }
    for (Row row : rows) {
      long time = FeatureInputs.millis(row.getField(eventTimeIndex));
      int partition = (Integer) row.getField(partitionIndex);
      long watermark = Long.MAX_VALUE;
      int seen = 0;
      for (long max : newest.values()) {
        watermark = Math.min(watermark, max - outOfOrdernessMillis);
        seen++;
      }
      Long max = newest.get(partition);
      newest.put(partition, max == null ? time : Math.max(max, time));
      boolean late = seen >= partitions && time < watermark - latenessMillis;
      out.collect(Row.join(row, Row.of(late)));
    }
  }
}
