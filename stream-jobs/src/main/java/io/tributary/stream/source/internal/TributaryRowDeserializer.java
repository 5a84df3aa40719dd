package io.tributary.stream.source.internal;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;

/**
 * Deserializes one source record into a table row, or skips it when the validator rejects it.
 * Skipping is not dropping: the landing job of the same source routes the same records to its
 * dead-letter topic and rejects table. Skipped records are counted in the {@code
 * tributaryRejectedRecords} metric.
 */
final class TributaryRowDeserializer implements DeserializationSchema<RowData> {
  private final RecordValidator validator;
  private final int[] slots;
  private final int dayField;
  private final TypeInformation<RowData> producedType;

  private transient Object[] values;
  private transient EventDays days;
  private transient Counter rejected;

  TributaryRowDeserializer(
      RecordSchema schema, int[] slots, int dayField, TypeInformation<RowData> producedType) {
    this.validator = new RecordValidator(requireNonNull(schema, "schema is null"));
    this.slots = slots.clone();
    this.dayField = dayField;
    this.producedType = requireNonNull(producedType, "producedType is null");
  }

  @Override
  public void open(InitializationContext context) {
    values = new Object[validator.schema().size()];
    days = new EventDays();
    rejected = context.getMetricGroup().counter("tributaryRejectedRecords");
  }

  @Override
  public RowData deserialize(byte[] message) {
    if (values == null) {
      values = new Object[validator.schema().size()];
      days = new EventDays();
    }
    Optional<String> rejection = validator.validate(message, values);
    if (rejection.isPresent()) {
      if (rejected != null) {
        rejected.inc();
      }
      return null;
    }
    GenericRowData row = new GenericRowData(slots.length);
    for (int i = 0; i < slots.length; i++) {
      row.setField(i, slots[i] >= 0 ? values[slots[i]] : null);
    }
    if (dayField >= 0) {
      row.setField(dayField, days.of(validator.eventTimeMillis(values)));
    }
    return row;
  }

  @Override
  public void deserialize(byte[] message, Collector<RowData> out) {
    RowData row = deserialize(message);
    if (row != null) {
      out.collect(row);
    }
  }

  @Override
  public boolean isEndOfStream(RowData nextElement) {
    return false;
  }

  @Override
  public TypeInformation<RowData> getProducedType() {
    return producedType;
  }
}
