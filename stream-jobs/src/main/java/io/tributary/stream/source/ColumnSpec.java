package io.tributary.stream.source;

import static java.util.Objects.requireNonNull;

import io.tributary.stream.declaration.InvalidFieldException;
import java.io.Serializable;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;

/**
 * One declared column of a source: its name, its Flink SQL scalar type and whether every event must
 * carry a value for it.
 *
 * @param type the column's type, always nullable; {@link #required()} says whether null is allowed
 */
public record ColumnSpec(String name, LogicalType type, boolean required) implements Serializable {

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

  /** Scalar types the record validator can parse from JSON and CSV text. */
  static final Set<LogicalTypeRoot> SUPPORTED_TYPES =
      EnumSet.of(
          LogicalTypeRoot.CHAR,
          LogicalTypeRoot.VARCHAR,
          LogicalTypeRoot.BOOLEAN,
          LogicalTypeRoot.BINARY,
          LogicalTypeRoot.VARBINARY,
          LogicalTypeRoot.DECIMAL,
          LogicalTypeRoot.TINYINT,
          LogicalTypeRoot.SMALLINT,
          LogicalTypeRoot.INTEGER,
          LogicalTypeRoot.BIGINT,
          LogicalTypeRoot.FLOAT,
          LogicalTypeRoot.DOUBLE,
          LogicalTypeRoot.DATE,
          LogicalTypeRoot.TIME_WITHOUT_TIME_ZONE,
          LogicalTypeRoot.TIMESTAMP_WITHOUT_TIME_ZONE,
          LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE);

  public ColumnSpec {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    if (!NAME.matcher(name).matches()) {
      throw new InvalidFieldException(
          "name",
          "'"
              + name
              + "' is not a valid column name (letters, digits and _, not starting with a digit)");
    }
    if (!SUPPORTED_TYPES.contains(type.getTypeRoot())) {
      throw new InvalidFieldException(
          "type",
          TypeNames.display(type)
              + " is not supported for source columns; use a scalar type such as STRING, BIGINT,"
              + " DOUBLE, DECIMAL(p,s), BOOLEAN, DATE, TIMESTAMP(3) or TIMESTAMP_LTZ(3)");
    }
    type = type.copy(true);
  }

  /**
   * Parses a Flink SQL type as written in YAML ({@code "DECIMAL(10,2)"}).
   *
   * @throws InvalidFieldException on field {@code type} when the text is not a supported type
   */
  public static ColumnSpec of(String name, String typeText, boolean required) {
    requireNonNull(typeText, "typeText is null");
    LogicalType type;
    try {
      type = LogicalTypeParser.parse(typeText, ColumnSpec.class.getClassLoader());
    } catch (ValidationException e) {
      throw new InvalidFieldException("type", "'" + typeText + "' is not a Flink SQL type");
    }
    if (type.getTypeRoot() == LogicalTypeRoot.UNRESOLVED) {
      throw new InvalidFieldException("type", "'" + typeText + "' is not a Flink SQL type");
    }
    if (!type.isNullable()) {
      throw new InvalidFieldException(
          "type", "write 'required: true' instead of NOT NULL in '" + typeText + "'");
    }
    return new ColumnSpec(name, type, required);
  }

  /** The type as people write it: {@code DECIMAL(10,2)}, {@code STRING}. */
  public String typeName() {
    return TypeNames.display(type);
  }
}
