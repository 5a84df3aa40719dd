package io.tributary.stream.declaration;

import static java.util.Objects.requireNonNull;

/**
 * A declaration value that breaks a rule, naming the field it is in, relative to the object being
 * built ({@code type}, {@code columns/2/type}). The loader turns it into a {@link
 * DeclarationException} that adds the file and line.
 */
public final class InvalidFieldException extends IllegalArgumentException {
  private final String field;

  public InvalidFieldException(String field, String message) {
    super(message);
    this.field = requireNonNull(field, "field is null");
  }

  /** The field's path relative to the object that rejected it, segments joined by {@code /}. */
  public String field() {
    return field;
  }

  /** The same problem, seen from an enclosing object at {@code prefix}. */
  public InvalidFieldException under(String prefix) {
    InvalidFieldException moved =
        new InvalidFieldException(prefix.isEmpty() ? field : prefix + "/" + field, getMessage());
    moved.setStackTrace(getStackTrace());
    return moved;
  }
}
