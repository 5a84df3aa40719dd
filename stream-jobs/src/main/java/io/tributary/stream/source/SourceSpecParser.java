package io.tributary.stream.source;

import io.tributary.catalog.metadata.ColumnMetadata;
import io.tributary.stream.declaration.DeclarationException;
import io.tributary.stream.declaration.InvalidFieldException;
import io.tributary.stream.declaration.YamlDeclaration;
import io.tributary.stream.declaration.YamlFields;
import io.tributary.stream.declaration.internal.MetadataFields;
import io.tributary.stream.maintenance.policy.MaintenanceSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one source declaration from YAML. Every problem becomes a {@link DeclarationException}
 * naming the file, line and field, so {@code tributary up} can stop with a message the author can
 * act on.
 *
 * <pre>{@code
 * name: orders
 * format: json
 * key: order_id
 * event_time: event_time
 * max_out_of_orderness: 5s
 * columns:
 *   - {name: order_id, type: STRING, required: true}
 *   - {name: event_time, type: "TIMESTAMP_LTZ(3)", required: true}
 * }</pre>
 */
public final class SourceSpecParser {
  static final Set<String> SOURCE_FIELDS =
      union(
          Set.of(
              "name",
              "topic",
              "format",
              "key",
              "event_time",
              "max_out_of_orderness",
              "partitions",
              "columns",
              "current",
              "maintenance",
              "kinesis"),
          MetadataFields.TABLE);
  static final Set<String> COLUMN_FIELDS =
      union(Set.of("name", "type", "required"), MetadataFields.COLUMN);

  private SourceSpecParser() {}

  /** Parses the file, or throws {@link DeclarationException}. */
  public static SourceSpec parse(Path file) {
    return YamlDeclaration.read(file)
        .map("a source needs name, key, event_time and columns", SourceSpecParser::toSpec);
  }

  private static SourceSpec toSpec(YamlFields fields) {
    fields.onlyKnown(SOURCE_FIELDS);
    String name = fields.requiredText("name");
    String topic = fields.optionalText("topic").orElse(SourceSpec.defaultTopic(name));
    SourceFormat format =
        fields
            .optionalText("format")
            .map(
                text ->
                    SourceFormat.fromYamlName(text)
                        .orElseThrow(
                            () ->
                                new InvalidFieldException(
                                    "format",
                                    "'"
                                        + text
                                        + "' is not a format; use "
                                        + SourceFormat.choices())))
            .orElse(SourceFormat.JSON);
    String key = fields.requiredText("key");
    String eventTime = fields.requiredText("event_time");
    Duration maxOutOfOrderness = fields.duration("max_out_of_orderness").orElse(Duration.ZERO);
    int partitions = fields.integer("partitions", SourceSpec.DEFAULT_PARTITIONS);
    Map<String, ColumnMetadata> described = new LinkedHashMap<>();
    List<ColumnSpec> columns =
        fields.objects(
            "columns",
            "a list of {name, type, required}",
            column -> {
              column.onlyKnown(COLUMN_FIELDS);
              ColumnSpec spec =
                  ColumnSpec.of(
                      column.requiredText("name"),
                      column.requiredText("type"),
                      column.bool("required", false));
              ColumnMetadata metadata = MetadataFields.column(column);
              if (!metadata.equals(ColumnMetadata.NONE)) {
                described.put(spec.name(), metadata);
              }
              return spec;
            });
    return new SourceSpec(
        name,
        topic,
        format,
        key,
        eventTime,
        maxOutOfOrderness,
        partitions,
        columns,
        MetadataFields.table(fields, described),
        fields.object(
            "current",
            "a mapping {key: [columns], order_by: column, deleted: column}",
            SourceSpecParser::toCurrent),
        MaintenanceSpec.of(fields),
        fields.object(
            "kinesis", "a mapping {stream, region, endpoint, start}", SourceSpecParser::toKinesis));
  }

  private static KinesisSpec toKinesis(YamlFields kinesis) {
    kinesis.onlyKnown(Set.of("stream", "region", "endpoint", "start"));
    Optional<URI> endpoint =
        kinesis
            .optionalText("endpoint")
            .map(
                text -> {
                  try {
                    return new URI(text);
                  } catch (URISyntaxException e) {
                    throw new InvalidFieldException(
                        "endpoint", "'" + text + "' is not an address: " + e.getReason());
                  }
                });
    KinesisSpec.Start start =
        kinesis
            .optionalText("start")
            .map(
                text ->
                    KinesisSpec.Start.fromYamlName(text)
                        .orElseThrow(
                            () ->
                                new InvalidFieldException(
                                    "start",
                                    "'"
                                        + text
                                        + "' is not a start position; use "
                                        + KinesisSpec.Start.choices())))
            .orElse(KinesisSpec.Start.TRIM_HORIZON);
    return new KinesisSpec(
        kinesis.requiredText("stream"), kinesis.optionalText("region"), endpoint, start);
  }

  private static CurrentSpec toCurrent(YamlFields current) {
    current.onlyKnown(Set.of("key", "order_by", "deleted"));
    List<String> key = current.texts("key");
    if (key.isEmpty()) {
      throw new InvalidFieldException("key", "is required: the columns that identify a row");
    }
    return new CurrentSpec(key, current.requiredText("order_by"), current.optionalText("deleted"));
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }
}
