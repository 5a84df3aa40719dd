package io.tributary.stream.declaration;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.TributaryException;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * A declaration (a source's YAML, a pipeline's YAML or SQL) that cannot be used, with the file,
 * line, column and field to fix. Its message is meant to be printed as it is: {@code
 * sources/orders.yaml, line 12, field columns[4].type: 'DECIMEL(10,2)' is not a Flink SQL type}.
 */
public class DeclarationException extends TributaryException {
  private final Path file;
  private final OptionalInt line;
  private final OptionalInt column;
  private final String field;
  private final String problem;

  public DeclarationException(Path file, OptionalInt line, String field, String problem) {
    this(file, line, OptionalInt.empty(), field, problem, null);
  }

  public DeclarationException(Path file, String problem, Throwable cause) {
    this(file, OptionalInt.empty(), OptionalInt.empty(), "", problem, cause);
  }

  /** A problem at a line and column of a file, such as an SQL error. */
  public static DeclarationException at(Path file, int line, int column, String problem) {
    return new DeclarationException(
        file, OptionalInt.of(line), OptionalInt.of(column), "", problem, null);
  }

  protected DeclarationException(
      Path file,
      OptionalInt line,
      OptionalInt column,
      String field,
      String problem,
      Throwable cause) {
    super(ErrorCode.INVALID_DECLARATION, render(file, line, column, field, problem), cause);
    this.file = requireNonNull(file, "file is null");
    this.line = requireNonNull(line, "line is null");
    this.column = requireNonNull(column, "column is null");
    this.field = requireNonNull(field, "field is null");
    this.problem = requireNonNull(problem, "problem is null");
  }

  public Path file() {
    return file;
  }

  public OptionalInt line() {
    return line;
  }

  public OptionalInt column() {
    return column;
  }

  /** The field in YAML notation ({@code columns[4].type}); empty for whole-file problems. */
  public String field() {
    return field;
  }

  public String problem() {
    return problem;
  }

  private static String render(
      Path file, OptionalInt line, OptionalInt column, String field, String problem) {
    StringBuilder out = new StringBuilder().append(file);
    line.ifPresent(l -> out.append(", line ").append(l));
    column.ifPresent(c -> out.append(", column ").append(c));
    if (!field.isEmpty()) {
      out.append(", field ").append(field);
    }
    return out.append(": ").append(problem).toString();
  }
}
