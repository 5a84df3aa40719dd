package io.tributary.feature.job;

import io.tributary.feature.aggregate.Aggregation;
import io.tributary.feature.aggregate.FeatureDefinition;
import io.tributary.feature.aggregate.FeatureState;
import io.tributary.feature.aggregate.TopValue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * A training set's rows for one entity: its on-time events (in arrival order) and the spine's times
 * of it are kept until the input ends; then, spine time by spine time, the events with an event
 * time at or before it are folded into the group's features with the streaming job's own
 * aggregation ({@link FeatureState}), and each feature is evaluated at that time, as a read of the
 * store at that time gives it. Each row also says how many of the entity's events it reflects and
 * their log position (per partition, the offset of the newest), as the store's items do.
 *
 * <p>Events are folded in event-time order (arrival order among equal times), which gives every
 * aggregation the value of folding them in arrival order ({@code last} takes the later arrival of
 * two at the same time either way); only {@code top_n} past its exact range may differ by its error
 * bound.
 */
final class TrainingRows extends KeyedCoProcessFunction<String, Row, Row, Row> {
  private static final long serialVersionUID = 1L;
  private static final byte NULL = 0;
  private static final byte DECIMAL = 1;
  private static final byte TEXT = 2;

  private final List<FeatureDefinition> definitions;
  private final FeatureInputs inputs;
  private transient ListState<byte[]> events;
  private transient ListState<Long> times;
  private transient ValueState<Boolean> scheduled;

  TrainingRows(List<FeatureDefinition> definitions, FeatureInputs inputs) {
    this.definitions = List.copyOf(definitions);
    this.inputs = inputs;
  }

  /**
   * The rows' type: the entity, the time, each feature (BIGINT for counts, DECIMAL(38, 18) for
   * numbers, STRING for {@code last} and {@code top_n}, a JSON array), {@code _events}, {@code
   * _position} and {@code _newest_event}.
   */
  static RowTypeInfo type(
      String entityColumn, String timeColumn, List<FeatureDefinition> definitions) {
    List<TypeInformation<?>> types = new ArrayList<>();
    List<String> names = new ArrayList<>();
    types.add(Types.STRING);
    names.add(entityColumn);
    types.add(Types.INSTANT);
    names.add(timeColumn);
    for (FeatureDefinition definition : definitions) {
      types.add(
          switch (definition.aggregation()) {
            case COUNT, COUNT_DISTINCT -> Types.LONG;
            case SUM, AVG, MIN, MAX -> Types.BIG_DEC;
            case TOP_N, LAST, VALUE -> Types.STRING;
          });
      names.add(definition.name());
    }
    types.add(Types.LONG);
    names.add("_events");
    types.add(Types.STRING);
    names.add("_position");
    types.add(Types.INSTANT);
    names.add("_newest_event");
    return new RowTypeInfo(types.toArray(new TypeInformation<?>[0]), names.toArray(new String[0]));
  }

  @Override
  public void open(OpenContext openContext) {
    events =
        getRuntimeContext()
            .getListState(
                new ListStateDescriptor<>(
                    "events", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    times = getRuntimeContext().getListState(new ListStateDescriptor<>("times", Types.LONG));
    scheduled =
        getRuntimeContext().getState(new ValueStateDescriptor<>("scheduled", Types.BOOLEAN));
  }

  @Override
  public void processElement1(Row event, Context ctx, Collector<Row> out) throws Exception {
    if (inputs.markedLate(event)) {
      return; // the stream left it out
    }
    events.add(encode(event));
    schedule(ctx);
  }

  @Override
  public void processElement2(Row spine, Context ctx, Collector<Row> out) throws Exception {
    Object time = spine.getField(1);
    if (time != null) {
      times.add(FeatureInputs.millis(time));
      schedule(ctx);
    }
  }

  private void schedule(Context ctx) throws IOException {
    if (scheduled.value() == null) {
      scheduled.update(true);
      ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE); // at the end of input
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Row> out) throws Exception {
    List<long[]> order = new ArrayList<>();
    List<Object[]> values = new ArrayList<>();
    for (byte[] bytes : events.get()) {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
      long time = in.readLong();
      int partition = in.readInt();
      long offset = in.readLong();
      Object[] inputs = new Object[definitions.size()];
      for (int i = 0; i < inputs.length; i++) {
        byte type = in.readByte();
        inputs[i] =
            type == NULL
                ? null
                : type == DECIMAL ? new BigDecimal(in.readUTF()) : (Object) in.readUTF();
      }
      order.add(new long[] {time, order.size(), partition, offset});
      values.add(inputs);
    }
    order.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
    List<Long> spine = new ArrayList<>();
    times.get().forEach(spine::add);
    spine.sort(null);
    FeatureState[] states = new FeatureState[definitions.size()];
    for (int i = 0; i < states.length; i++) {
      states[i] = FeatureState.empty(definitions.get(i));
    }
    Map<Integer, Long> position = new TreeMap<>();
    long folded = 0;
    long newest = Long.MIN_VALUE;
    int next = 0;
    for (long at : spine) {
      while (next < order.size() && order.get(next)[0] <= at) {
        long[] event = order.get(next);
        Object[] inputs = values.get((int) event[1]);
        for (int i = 0; i < states.length; i++) {
          states[i].add(event[0], inputs[i]);
        }
        position.merge((int) event[2], event[3], Math::max);
        newest = Math.max(newest, event[0]);
        folded++;
        next++;
      }
      Row row = new Row(definitions.size() + 5);
      row.setField(0, ctx.getCurrentKey());
      row.setField(1, Instant.ofEpochMilli(at));
      for (int i = 0; i < states.length; i++) {
        row.setField(2 + i, folded == 0 ? null : output(definitions.get(i), states[i].valueAt(at)));
      }
      row.setField(2 + states.length, folded);
      row.setField(3 + states.length, folded == 0 ? null : position(position));
      row.setField(4 + states.length, folded == 0 ? null : Instant.ofEpochMilli(newest));
      out.collect(row);
    }
    events.clear();
    times.clear();
  }

  private byte[] encode(Row event) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeLong(FeatureInputs.millis(event.getField(inputs.eventTimeIndex())));
    out.writeInt((Integer) event.getField(inputs.partitionIndex()));
    out.writeLong((Long) event.getField(inputs.offsetIndex()));
    int[] indexes = inputs.valueIndexes();
    for (int index : indexes) {
      Object value = index < 0 ? FeatureInputs.EVENT : FeatureInputs.input(event.getField(index));
      if (value == null) {
        out.writeByte(NULL);
      } else if (value instanceof BigDecimal decimal) {
        out.writeByte(DECIMAL);
        out.writeUTF(decimal.toString());
      } else {
        out.writeByte(TEXT);
        out.writeUTF(value.toString());
      }
    }
    out.flush();
    return bytes.toByteArray();
  }

  /** A value as the training set's column holds it (see {@link #type}). */
  static Object output(FeatureDefinition definition, Object value) {
    if (value == null) {
      return null;
    }
    Aggregation aggregation = definition.aggregation();
    if (aggregation == Aggregation.COUNT || aggregation == Aggregation.COUNT_DISTINCT) {
      return ((Number) value).longValue();
    }
    if (aggregation.numeric()) {
      return ((BigDecimal) value).setScale(18, RoundingMode.HALF_EVEN);
    }
    if (value instanceof List<?> top) {
      StringBuilder json = new StringBuilder("[");
      for (Object item : top) {
        TopValue pair = (TopValue) item;
        if (json.length() > 1) {
          json.append(',');
        }
        json.append("{\"value\":")
            .append(quote(pair.value()))
            .append(",\"count\":")
            .append(pair.count())
            .append('}');
      }
      return json.append(']').toString();
    }
    return value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
  }

  private static String quote(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        default -> {
          if (c < 0x20) {
            quoted.append(String.format("\\u%04x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }

  private static String position(Map<Integer, Long> position) {
    StringBuilder text = new StringBuilder();
    position.forEach(
        (partition, offset) ->
            text.append(text.length() == 0 ? "" : " ")
                .append(partition)
                .append(':')
                .append(offset));
    return text.toString();
  }
}
