package io.tributary.stream.replay;

import static java.util.Objects.requireNonNull;

import io.tributary.stream.source.internal.EventDays;
import io.tributary.stream.source.internal.KafkaRecord;
import io.tributary.stream.source.internal.RecordSchema;
import io.tributary.stream.source.internal.RecordValidator;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.util.Collector;

/**
 * Turns a source's Kafka records into the rows of one day, with the validator landing uses
 * (rejected records are skipped; landing keeps them), and counts the day's events that arrived
 * later than the lateness.
 *
 * <p>An event is late when its event time is the lateness or more behind the newest event before it
 * in its Kafka partition: what a streaming pipeline's watermark would have left behind. Records of
 * one partition reach this function in log order (it is chained to the source, one split per
 * partition), so the newest time per partition is exact; events of every day count towards it.
 * Counts go to accumulators {@link #LATE}, {@link #READ} and {@link #REJECTED}, suffixed with the
 * source's name.
 */
final class DayEvents extends RichFlatMapFunction<KafkaRecord, RowData> {
  static final String LATE = "tributary.late.";
  static final String READ = "tributary.read.";
  static final String REJECTED = "tributary.rejected.";

  private static final long MILLIS_PER_DAY = 86_400_000L;

  private final RecordSchema schema;
  private final long epochDay;
  private final long latenessMillis;

  private transient RecordValidator validator;
  private transient Object[] values;
  private transient EventDays days;
  private transient Map<Integer, Long> newest;
  private transient LongCounter late;
  private transient LongCounter read;
  private transient LongCounter rejected;

  DayEvents(RecordSchema schema, LocalDate day, Duration lateness) {
    this.schema = requireNonNull(schema, "schema is null");
    this.epochDay = day.toEpochDay();
    this.latenessMillis = lateness.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    validator = new RecordValidator(schema);
    values = new Object[schema.size()];
    days = new EventDays();
    newest = new HashMap<>();
    late = counter(LATE);
    read = counter(READ);
    rejected = counter(REJECTED);
  }

  @Override
  public void flatMap(KafkaRecord record, Collector<RowData> out) {
    read.add(1);
    if (validator.validate(record.value, values).isPresent()) {
      rejected.add(1);
      return;
    }
    long eventTime = validator.eventTimeMillis(values);
    Long newestBefore = newest.get(record.partition);
    if (newestBefore == null || eventTime > newestBefore) {
      newest.put(record.partition, eventTime);
    }
    if (Math.floorDiv(eventTime, MILLIS_PER_DAY) != epochDay) {
      return;
    }
    // the stream's watermark is newest - lateness, and it drops events at or behind it
    if (newestBefore != null && eventTime <= newestBefore - latenessMillis) {
      late.add(1);
    }
    int n = values.length;
    GenericRowData row = new GenericRowData(n + 4);
    for (int i = 0; i < n; i++) {
      row.setField(i, values[i]);
    }
    row.setField(n, days.of(eventTime));
    row.setField(n + 1, record.partition);
    row.setField(n + 2, record.offset);
    row.setField(n + 3, TimestampData.fromEpochMillis(record.timestamp));
    out.collect(row);
  }

  private LongCounter counter(String prefix) {
    LongCounter counter = new LongCounter();
    getRuntimeContext().addAccumulator(prefix + schema.source(), counter);
    return counter;
  }
}
