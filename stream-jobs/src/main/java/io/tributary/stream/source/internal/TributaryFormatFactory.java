package io.tributary.stream.source.internal;

import io.tributary.stream.source.SourceFormat;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DeserializationFormatFactory;
import org.apache.flink.table.factories.DynamicTableFactory;
import org.apache.flink.table.factories.FactoryUtil;

/**
 * The {@code tributary} table format: reads a source's Kafka records with the same {@code
 * RecordValidator} that landing uses, and skips the records landing sends to dead letters. The
 * table's physical columns are the declared columns plus {@code ds}, the UTC date of the event
 * time.
 *
 * <pre>{@code
 * 'value.format' = 'tributary',
 * 'value.tributary.source' = 'orders',
 * 'value.tributary.wire-format' = 'json',
 * 'value.tributary.required-columns' = 'order_id;event_time',
 * 'value.tributary.event-time-column' = 'event_time'
 * }</pre>
 */
public final class TributaryFormatFactory implements DeserializationFormatFactory {
  public static final String IDENTIFIER = "tributary";

  public static final ConfigOption<String> SOURCE =
      ConfigOptions.key("source")
          .stringType()
          .noDefaultValue()
          .withDescription("Name of the declared source, used in logs and metrics.");

  public static final ConfigOption<String> WIRE_FORMAT =
      ConfigOptions.key("wire-format")
          .stringType()
          .defaultValue(SourceFormat.JSON.yamlName())
          .withDescription("How each record is encoded: json or csv (fields in column order).");

  public static final ConfigOption<List<String>> REQUIRED_COLUMNS =
      ConfigOptions.key("required-columns")
          .stringType()
          .asList()
          .defaultValues()
          .withDescription("Columns every record must carry; records without them are skipped.");

  public static final ConfigOption<String> EVENT_TIME_COLUMN =
      ConfigOptions.key("event-time-column")
          .stringType()
          .noDefaultValue()
          .withDescription("The column holding the event time; it is always required.");

  @Override
  public String factoryIdentifier() {
    return IDENTIFIER;
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return Set.of(SOURCE, EVENT_TIME_COLUMN);
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    return Set.of(WIRE_FORMAT, REQUIRED_COLUMNS);
  }

  @Override
  public DecodingFormat<DeserializationSchema<RowData>> createDecodingFormat(
      DynamicTableFactory.Context context, ReadableConfig formatOptions) {
    FactoryUtil.validateFactoryOptions(this, formatOptions);
    String wire = formatOptions.get(WIRE_FORMAT);
    SourceFormat format =
        SourceFormat.fromYamlName(wire)
            .orElseThrow(
                () ->
                    new ValidationException(
                        "Option 'tributary.wire-format' is '"
                            + wire
                            + "'; use "
                            + SourceFormat.choices()));
    return new TributaryDecodingFormat(
        formatOptions.get(SOURCE),
        format,
        formatOptions.get(REQUIRED_COLUMNS),
        formatOptions.get(EVENT_TIME_COLUMN));
  }
}
