package io.tributary.stream.pipeline;

import io.tributary.catalog.metadata.ColumnMetadata;
import io.tributary.stream.declaration.DeclarationException;
import io.tributary.stream.declaration.InvalidFieldException;
import io.tributary.stream.declaration.YamlDeclaration;
import io.tributary.stream.declaration.YamlFields;
import io.tributary.stream.declaration.internal.MetadataFields;
import io.tributary.stream.maintenance.policy.MaintenanceSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads a pipeline directory: {@code pipeline.yaml} and {@code transform.sql}. Problems become a
 * {@link DeclarationException} naming the file, and the line and field or column.
 *
 * <pre>{@code
 * name: big_orders
 * owner: analytics
 * description: orders of 20 or more, per day
 * domain: orders
 * target: lake.silver.big_orders
 * partition: ds
 * lateness: 1h
 * columns:
 *   - {name: customer_id, description: who ordered, tags: [pii]}
 * }</pre>
 */
public final class PipelineSpecParser {
  static final Set<String> FIELDS =
      Set.of(
          "name",
          "owner",
          "description",
          "domain",
          "target",
          "partition",
          "lateness",
          "columns",
          "replay",
          "maintenance");
  static final Set<String> COLUMN_FIELDS = Set.of("name", "description", "tags");

  private PipelineSpecParser() {}

  /** Parses {@code directory}, or throws {@link DeclarationException}. */
  public static PipelineSpec parse(Path directory) {
    Path yaml = directory.resolve(PipelineSpec.YAML_FILE);
    Path sql = directory.resolve(PipelineSpec.SQL_FILE);
    if (!Files.isRegularFile(yaml)) {
      throw new DeclarationException(
          directory, "is not a pipeline: it has no " + PipelineSpec.YAML_FILE, null);
    }
    String directoryName = directory.getFileName().toString();
    return YamlDeclaration.read(yaml)
        .map(
            "a pipeline needs name, target and partition",
            fields -> toSpec(fields, directory, directoryName, sql));
  }

  private static PipelineSpec toSpec(
      YamlFields fields, Path directory, String directoryName, Path sqlFile) {
    fields.onlyKnown(FIELDS);
    String name = fields.requiredText("name");
    if (!name.equals(directoryName)) {
      throw new InvalidFieldException(
          "name", "'" + name + "' must be the name of its directory, '" + directoryName + "'");
    }
    TargetTable target = TargetTable.parse(fields.requiredText("target"));
    String partition = fields.requiredText("partition");
    Map<String, ColumnMetadata> columns = new LinkedHashMap<>();
    if (fields.has("columns")) {
      fields.objects(
          "columns",
          "a list of {name, description, tags}",
          column -> {
            column.onlyKnown(COLUMN_FIELDS);
            return columns.put(column.requiredText("name"), MetadataFields.column(column));
          });
    }
    TransformSql transform = TransformSql.parse(sqlFile, read(sqlFile), target);
    return new PipelineSpec(
        name,
        MetadataFields.table(fields, columns),
        target,
        partition,
        fields.duration("lateness"),
        directory,
        transform,
        fields
            .object("replay", "a mapping {daily: \"HH:MM\"}", PipelineSpecParser::dailyReplay)
            .flatMap(daily -> daily),
        MaintenanceSpec.of(fields));
  }

  /** {@code replay: {daily: "02:00"}}: the time of day, UTC, to replay yesterday at. */
  private static Optional<LocalTime> dailyReplay(YamlFields replay) {
    replay.onlyKnown(Set.of("daily"));
    String text = replay.requiredText("daily");
    try {
      return Optional.of(LocalTime.parse(text, DateTimeFormatter.ofPattern("HH:mm")));
    } catch (DateTimeParseException e) {
      throw new InvalidFieldException(
          "daily",
          "'" + text + "' is not a time of day; write it as HH:MM, in UTC, like \"02:00\"");
    }
  }

  private static String read(Path sqlFile) {
    if (!Files.isRegularFile(sqlFile)) {
      throw new DeclarationException(
          sqlFile, OptionalInt.empty(), "", "is missing; write the pipeline's INSERT INTO there");
    }
    try {
      return Files.readString(sqlFile);
    } catch (IOException e) {
      throw new DeclarationException(sqlFile, "cannot read file: " + e.getMessage(), e);
    }
  }
}
