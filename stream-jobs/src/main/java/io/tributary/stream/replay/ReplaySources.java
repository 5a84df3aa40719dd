package io.tributary.stream.replay;

import static java.util.Objects.requireNonNull;

import io.tributary.stream.kafka.KafkaConnection;
import io.tributary.stream.source.ColumnSpec;
import io.tributary.stream.source.SourceSpec;
import io.tributary.stream.source.internal.KafkaRecord;
import io.tributary.stream.source.internal.KafkaRecordDeserializer;
import io.tributary.stream.source.internal.RecordSchema;
import io.tributary.stream.source.table.SourceTables;
import io.tributary.stream.sql.internal.SqlIntervals;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.utils.TypeConversions;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code src.<name>} for a replay of one day: the source's topic read between fixed offsets, kept
 * to the day's valid events by {@link DayEvents}, as a view with the same columns as the live table
 * (declared columns, {@code ds}, {@code _kafka_partition}, {@code _kafka_offset}, {@code
 * _kafka_timestamp}) and the event time as its time attribute, so window functions plan alike.
 */
final class ReplaySources {
  private final KafkaConnection kafka;

  ReplaySources(KafkaConnection kafka) {
    this.kafka = requireNonNull(kafka, "kafka is null");
  }

  void register(
      StreamTableEnvironment tableEnv,
      StreamExecutionEnvironment env,
      List<SourceSpec> sources,
      LocalDate day,
      Map<String, OffsetRange> ranges,
      Function<SourceSpec, Duration> lateness) {
    tableEnv.executeSql("CREATE DATABASE IF NOT EXISTS `" + SourceTables.DATABASE + "`");
    for (SourceSpec source : sources) {
      OffsetRange range = ranges.get(source.name());
      if (range == null) {
        throw new IllegalArgumentException("No offsets to replay source " + source.name());
      }
      RowType rowType = rowType(source);
      DataStream<RowData> rows =
          env.fromSource(
                  kafkaSource(source, range),
                  WatermarkStrategy.noWatermarks(),
                  "Kafka " + source.topic())
              .flatMap(
                  new DayEvents(RecordSchema.of(source), day, lateness.apply(source)),
                  InternalTypeInfo.of(rowType))
              .name("Day " + day + " of " + source.name());
      Schema schema =
          Schema.newBuilder()
              .watermark(
                  source.eventTime(),
                  "`" + source.eventTime() + "` - " + SqlIntervals.of(source.maxOutOfOrderness()))
              .build();
      tableEnv.createTemporaryView(
          "`" + SourceTables.DATABASE + "`.`" + source.name() + "`",
          tableEnv.fromDataStream(rows, schema));
    }
  }

  private KafkaSource<KafkaRecord> kafkaSource(SourceSpec source, OffsetRange range) {
    return KafkaSource.<KafkaRecord>builder()
        .setProperties(kafka.clientProperties())
        .setTopics(source.topic())
        .setClientIdPrefix("tributary-replay-" + source.name())
        // a start offset that retention removed meanwhile must fail the job, not start elsewhere
        .setStartingOffsets(
            OffsetsInitializer.offsets(offsets(source, range.start()), OffsetResetStrategy.NONE))
        .setBounded(OffsetsInitializer.offsets(offsets(source, range.end())))
        .setDeserializer(new KafkaRecordDeserializer())
        .setProperty("isolation.level", "read_committed")
        .build();
  }

  private static Map<TopicPartition, Long> offsets(
      SourceSpec source, Map<Integer, Long> byPartition) {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    byPartition.forEach((p, o) -> offsets.put(new TopicPartition(source.topic(), p), o));
    return offsets;
  }

  /** The columns of {@code src.<name>}, in the order {@link DayEvents} fills them. */
  private static RowType rowType(SourceSpec source) {
    List<DataTypes.Field> fields = new ArrayList<>();
    for (ColumnSpec column : source.columns()) {
      boolean notNull = column.required() || column.name().equalsIgnoreCase(source.eventTime());
      DataType type = TypeConversions.fromLogicalToDataType(column.type().copy(!notNull));
      fields.add(DataTypes.FIELD(column.name(), type));
    }
    fields.add(DataTypes.FIELD("ds", DataTypes.STRING().notNull()));
    fields.add(DataTypes.FIELD("_kafka_partition", DataTypes.INT().notNull()));
    fields.add(DataTypes.FIELD("_kafka_offset", DataTypes.BIGINT().notNull()));
    fields.add(DataTypes.FIELD("_kafka_timestamp", DataTypes.TIMESTAMP_LTZ(3).notNull()));
    return (RowType)
        DataTypes.ROW(fields.toArray(DataTypes.Field[]::new)).notNull().getLogicalType();
  }
}
