package io.tributary.feature.group;

import io.tributary.stream.declaration.DeclarationException;
import io.tributary.stream.declaration.InvalidFieldException;
import io.tributary.stream.declaration.YamlDeclaration;
import io.tributary.stream.declaration.YamlFields;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Reads a table group's YAML file (one with {@code from:}). Every problem is a {@link
 * DeclarationException} naming the file, the line and the field; what needs the table (its columns
 * and their types) is checked by {@code check} inside the same reading, so its problems name their
 * line too.
 */
public final class TableGroupParser {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
  private static final Pattern TABLE = Pattern.compile("[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*\\.\\w+");
  private static final Set<String> FIELDS =
      Set.of(
          "name",
          "owner",
          "description",
          "entity",
          "from",
          "columns",
          "latest_by",
          "sync",
          "max_age");

  /** The most columns a table group serves: all of them fit one item, so one write is atomic. */
  public static final int MAX_COLUMNS = 80;

  private TableGroupParser() {}

  /** Whether {@code declaration} is a table group's: it names a table in {@code from}. */
  static boolean isTableGroup(YamlDeclaration declaration) {
    return declaration.map("a feature group", fields -> fields.has("from"));
  }

  /** Reads {@code file} without checking it against its table. */
  public static TableGroupSpec parse(Path file) {
    return parse(YamlDeclaration.read(file), group -> {});
  }

  /**
   * Reads {@code file}, then hands the group to {@code check}, whose {@link InvalidFieldException}
   * becomes the file's error at that field's line.
   */
  public static TableGroupSpec parse(Path file, Consumer<TableGroupSpec> check) {
    return parse(YamlDeclaration.read(file), check);
  }

  static TableGroupSpec parse(YamlDeclaration declaration, Consumer<TableGroupSpec> check) {
    return declaration.map(
        "a table group: name, entity, from, columns, latest_by and sync",
        fields -> {
          TableGroupSpec group = group(fields.onlyKnown(FIELDS), declaration.file());
          check.accept(group);
          return group;
        });
  }

  private static TableGroupSpec group(YamlFields fields, Path file) {
    String name = fields.requiredText("name");
    if (!NAME.matcher(name).matches()) {
      throw new InvalidFieldException(
          "name", "'" + name + "' is not a group name: lower case letters, digits and _");
    }
    String from = fields.requiredText("from");
    if (!TABLE.matcher(from).matches()) {
      throw new InvalidFieldException(
          "from", "'" + from + "' is not a lake table; write it as lake.<namespace>.<table>");
    }
    List<String> entity = fields.texts("entity");
    if (entity.isEmpty()) {
      throw new InvalidFieldException(
          "entity", "is required: the table's key column(s) that identify an entity");
    }
    if (new HashSet<>(entity).size() != entity.size()) {
      throw new InvalidFieldException("entity", "names a column twice: " + entity);
    }
    List<String> columns = fields.texts("columns");
    if (columns.isEmpty()) {
      throw new InvalidFieldException("columns", "is required: the table's columns to serve");
    }
    if (columns.size() > MAX_COLUMNS) {
      throw new InvalidFieldException(
          "columns", columns.size() + " columns; a table group serves at most " + MAX_COLUMNS);
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < columns.size(); i++) {
      if (!seen.add(columns.get(i))) {
        throw new InvalidFieldException(
            "columns/" + i, "column '" + columns.get(i) + "' is served twice");
      }
      if (!NAME.matcher(columns.get(i)).matches()) {
        throw new InvalidFieldException(
            "columns/" + i,
            "'" + columns.get(i) + "' is not a column name: lower case letters, digits and _");
      }
    }
    String latestBy = fields.requiredText("latest_by");
    Optional<Duration> maxAge = fields.duration("max_age");
    maxAge
        .filter(a -> a.isNegative() || a.isZero())
        .ifPresent(
            a -> {
              throw new InvalidFieldException("max_age", "must be positive");
            });
    TableGroupSpec.SyncSchedule sync =
        fields
            .object(
                "sync",
                "a mapping {after: <pipeline>} or {daily: \"HH:MM\"}",
                TableGroupParser::sync)
            .orElseThrow(
                () ->
                    new InvalidFieldException(
                        "sync",
                        "is required: {after: <pipeline>} (after each replay of that pipeline)"
                            + " or {daily: \"HH:MM\"} (UTC)"));
    return new TableGroupSpec(
        name,
        fields.optionalText("owner"),
        fields.optionalText("description"),
        entity,
        from,
        columns,
        latestBy,
        sync,
        maxAge,
        file);
  }

  private static TableGroupSpec.SyncSchedule sync(YamlFields sync) {
    sync.onlyKnown(Set.of("after", "daily"));
    if (sync.has("after") == sync.has("daily")) {
      throw new InvalidFieldException(
          "", "give either after: <pipeline> or daily: \"HH:MM\", not both or neither");
    }
    if (sync.has("after")) {
      return new TableGroupSpec.SyncSchedule(
          Optional.of(sync.requiredText("after")), Optional.empty());
    }
    String text = sync.requiredText("daily");
    try {
      return new TableGroupSpec.SyncSchedule(
          Optional.empty(),
          Optional.of(LocalTime.parse(text, DateTimeFormatter.ofPattern("HH:mm"))));
    } catch (DateTimeParseException e) {
      throw new InvalidFieldException(
          "daily",
          "'" + text + "' is not a time of day; write it as HH:MM, in UTC, like \"03:00\"");
    }
  }
}
