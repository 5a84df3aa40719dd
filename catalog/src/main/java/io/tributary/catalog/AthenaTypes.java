package io.tributary.catalog;

import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;

/**
 * Which Iceberg types Athena cannot read, so that a table meant for it is refused when it is
 * declared rather than failing its analysts' queries later. Athena reads Iceberg's boolean, int,
 * long, float, double, decimal, date, timestamp, timestamptz, string, binary, list, map and struct;
 * it cannot read {@code time}, {@code fixed(L)} or {@code uuid}. (Athena's own DDL also lacks
 * tinyint, smallint and char, but Flink writes those as Iceberg int and string, which it reads.)
 */
public final class AthenaTypes {
  private AthenaTypes() {}

  /**
   * The columns of {@code schema} Athena cannot read, each as {@code name (type): what to declare
   * instead}; empty when Athena reads every one.
   */
  public static List<String> unreadable(Schema schema) {
    List<String> found = new ArrayList<>();
    for (Types.NestedField field : TypeUtil.indexById(schema.asStruct()).values()) {
      Type type = field.type();
      String instead =
          switch (type.typeId()) {
            case TIME -> "STRING, or a TIMESTAMP";
            case FIXED -> "BYTES (VARBINARY)";
            case UUID -> "STRING";
            default -> null;
          };
      if (instead != null) {
        found.add(schema.findColumnName(field.fieldId()) + " (" + type + "): declare " + instead);
      }
    }
    return found;
  }
}
