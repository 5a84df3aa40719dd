package io.tributary.source;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * A source declaration that cannot be used, with the file, line and field to fix. Its message is
 * meant to be printed as it is: {@code sources/orders.yaml, line 12, field columns[4].type:
 * 'DECIMEL(10,2)' is not a Flink SQL type}.
 */
public final class SourceDefinitionException extends RuntimeException {
  private final Path file;
  private final OptionalInt line;
  private final String field;
  private final String problem;

  public SourceDefinitionException(Path file, OptionalInt line, String field, String problem) {
    super(render(file, line, field, problem));
    this.file = requireNonNull(file, "file is null");
    this.line = requireNonNull(line, "line is null");
    this.field = requireNonNull(field, "field is null");
    this.problem = requireNonNull(problem, "problem is null");
  }

  public SourceDefinitionException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = requireNonNull(file, "file is null");
    this.line = OptionalInt.empty();
    this.field = "";
    this.problem = requireNonNull(problem, "problem is null");
  }

  public Path file() {
    return file;
  }

  public OptionalInt line() {
    return line;
  }

  /** The field in YAML notation ({@code columns[4].type}); empty for whole-file problems. */
  public String field() {
    return field;
  }

  public String problem() {
    return problem;
  }

  private static String render(Path file, OptionalInt line, String field, String problem) {
    StringBuilder out = new StringBuilder().append(file);
    line.ifPresent(l -> out.append(", line ").append(l));
    if (!field.isEmpty()) {
      out.append(", field ").append(field);
    }
    return out.append(": ").append(problem).toString();
  }
}
