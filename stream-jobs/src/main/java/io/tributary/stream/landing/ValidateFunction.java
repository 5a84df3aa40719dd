package io.tributary.stream.landing;

import static java.util.Objects.requireNonNull;

import io.tributary.stream.source.internal.EventDays;
import io.tributary.stream.source.internal.KafkaRecord;
import io.tributary.stream.source.internal.RecordSchema;
import io.tributary.stream.source.internal.RecordValidator;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Splits a source's records: valid ones become bronze rows (declared columns, {@code ds}, {@code
 * _kafka_partition}, {@code _kafka_offset}, {@code _ingested_at}); rejected ones go, whole and with
 * their reason, to the {@link #REJECTED} side output. Never throws on bad input.
 */
final class ValidateFunction extends ProcessFunction<KafkaRecord, RowData> {
  static final OutputTag<DeadLetter> REJECTED =
      new OutputTag<>("rejected", TypeInformation.of(DeadLetter.class));

  private final RecordSchema schema;

  private transient RecordValidator validator;
  private transient Object[] values;
  private transient EventDays days;
  private transient Counter valid;
  private transient Counter rejected;

  ValidateFunction(RecordSchema schema) {
    this.schema = requireNonNull(schema, "schema is null");
  }

  @Override
  public void open(OpenContext openContext) {
    validator = new RecordValidator(schema);
    values = new Object[schema.size()];
    days = new EventDays();
    valid = getRuntimeContext().getMetricGroup().counter("tributaryValidRecords");
    rejected = getRuntimeContext().getMetricGroup().counter("tributaryRejectedRecords");
  }

  @Override
  public void processElement(KafkaRecord record, Context ctx, Collector<RowData> out) {
    Optional<String> rejection = validator.validate(record.value, values);
    if (rejection.isPresent()) {
      rejected.inc();
      ctx.output(
          REJECTED,
          new DeadLetter(schema.source(), record, rejection.get(), System.currentTimeMillis()));
      return;
    }
    valid.inc();
    int n = values.length;
    GenericRowData row = new GenericRowData(n + BronzeTables.LANDING_COLUMNS);
    for (int i = 0; i < n; i++) {
      row.setField(i, values[i]);
    }
    row.setField(n, days.of(validator.eventTimeMillis(values)));
    row.setField(n + 1, record.partition);
    row.setField(n + 2, record.offset);
    row.setField(n + 3, TimestampData.fromEpochMillis(System.currentTimeMillis()));
    out.collect(row);
  }
}
