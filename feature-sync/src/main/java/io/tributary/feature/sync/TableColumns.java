package io.tributary.feature.sync;

import io.tributary.feature.group.TableGroupParser;
import io.tributary.feature.group.TableGroupSpec;
import io.tributary.stream.declaration.InvalidFieldException;
import java.nio.file.Files;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * A table group's columns in its table: the entity's, the served ones and {@code latest_by}, each
 * checked to exist and to be of a type the group can serve, so that a wrong name is an error of the
 * group's file at its line, not a failed sync.
 *
 * @param schema the projection a sync reads: the entity's columns, the served ones and latest_by
 */
record TableColumns(Schema schema, TableGroupSpec group) {

  /**
   * The group's columns in {@code table}.
   *
   * @throws io.tributary.stream.declaration.DeclarationException naming the group's file, line and
   *     field when a column is missing or of a type it cannot serve
   */
  static TableColumns of(TableGroupSpec group, Schema table) {
    if (Files.isRegularFile(group.file())) {
      // parsed again so that a problem names its line in the file
      TableGroupParser.parse(group.file(), parsed -> check(parsed, table));
    } else {
      check(group, table);
    }
    return new TableColumns(table.select(names(group)), group);
  }

  private static List<String> names(TableGroupSpec group) {
    java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>(group.entity());
    names.addAll(group.columns());
    names.add(group.latestBy());
    return List.copyOf(names);
  }

  static void check(TableGroupSpec group, Schema table) {
    for (int i = 0; i < group.entity().size(); i++) {
      Type type = type(table, group, group.entity().get(i), "entity/" + i);
      if (!type.isPrimitiveType() || binary(type)) {
        throw new InvalidFieldException(
            "entity/" + i, "column '" + group.entity().get(i) + "' is " + type + ": not a key");
      }
    }
    for (int i = 0; i < group.columns().size(); i++) {
      Type type = type(table, group, group.columns().get(i), "columns/" + i);
      if (!type.isPrimitiveType() || binary(type)) {
        throw new InvalidFieldException(
            "columns/" + i,
            "column '"
                + group.columns().get(i)
                + "' is "
                + type
                + "; a table group serves numbers, texts, booleans, dates and times");
      }
    }
    Type latest = type(table, group, group.latestBy(), "latest_by");
    if (!LatestKey.orderable(latest)) {
      throw new InvalidFieldException(
          "latest_by",
          "column '"
              + group.latestBy()
              + "' is "
              + latest
              + "; latest_by needs a date, a timestamp, an integer or a text");
    }
  }

  private static Type type(Schema table, TableGroupSpec group, String column, String field) {
    Types.NestedField found = table.findField(column);
    if (found == null) {
      throw new InvalidFieldException(
          field,
          "table "
              + group.from()
              + " has no column '"
              + column
              + "'; its columns: "
              + table.columns().stream().map(Types.NestedField::name).toList());
    }
    return found.type();
  }

  private static boolean binary(Type type) {
    return type.typeId() == Type.TypeID.BINARY || type.typeId() == Type.TypeID.FIXED;
  }
}
