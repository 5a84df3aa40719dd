package io.tributary.stream.landing;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.tributary.stream.source.internal.EventDays;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;

/**
 * A dead letter as a row of {@code lake.bronze.<name>_rejects}. The payload is decoded as UTF-8
 * (bytes that are not become U+FFFD); the exact bytes stay in the dead-letter topic.
 */
final class DeadLetterRows extends RichMapFunction<DeadLetter, RowData> {
  private transient EventDays days;

  @Override
  public void open(OpenContext openContext) {
    days = new EventDays();
  }

  @Override
  public RowData map(DeadLetter letter) {
    return GenericRowData.of(
        letter.payload == null ? null : StringData.fromString(new String(letter.payload, UTF_8)),
        StringData.fromString(letter.reason),
        StringData.fromString(letter.source),
        letter.partition,
        letter.offset,
        TimestampData.fromEpochMillis(letter.kafkaTimestamp),
        TimestampData.fromEpochMillis(letter.rejectedAt),
        days.of(letter.kafkaTimestamp));
  }
}
