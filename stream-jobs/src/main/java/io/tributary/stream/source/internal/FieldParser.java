package io.tributary.stream.source.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tributary.stream.source.ColumnSpec;
import java.io.IOException;
import java.io.Serializable;

/**
 * Turns one field's text or JSON token into Flink's internal representation of the column's type
 * ({@code StringData}, {@code DecimalData}, {@code TimestampData}, boxed primitives), or rejects it
 * with a reason such as {@code amount: 'abc' is not a DECIMAL(10,2)}.
 */
abstract class FieldParser implements Serializable {
  private static final int MAX_QUOTED = 60;

  final String column;
  final String typeName;

  FieldParser(ColumnSpec column) {
    requireNonNull(column, "column is null");
    this.column = column.name();
    this.typeName = column.typeName();
  }

  /** Parses a value written as text: a CSV field or a JSON string. */
  abstract Object parseText(String text) throws Rejection;

  /**
   * Parses a JSON scalar. By default numbers and booleans are read as their text, so {@code 42} and
   * {@code "42"} mean the same; parsers that read numbers directly override this.
   */
  Object parseJson(JsonParser parser, JsonToken token) throws IOException, Rejection {
    return parseText(parser.getText());
  }

  Rejection notA(String raw) {
    return new Rejection(column + ": " + quote(raw) + " is not a " + typeName);
  }

  Rejection notA(String raw, String hint) {
    return new Rejection(column + ": " + quote(raw) + " is not a " + typeName + " (" + hint + ")");
  }

  Rejection problem(String raw, String problem) {
    return new Rejection(column + ": " + quote(raw) + " " + problem);
  }

  static String quote(String raw) {
    String shown = raw.length() > MAX_QUOTED ? raw.substring(0, MAX_QUOTED) + "..." : raw;
    return "'" + shown + "'";
  }
}
