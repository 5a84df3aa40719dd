package io.tributary.stream.produce;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row read from a file. Either its named values (a CSV row that matches the header, a JSON
 * object, a Parquet record) or, when it cannot be read as such, its text as it was, so that it is
 * published unchanged and landing records why it is wrong.
 */
sealed interface FileRow {
  /** A row with named values; values are strings, numbers, booleans, null, lists or maps. */
  record Fields(Map<String, Object> values, String originalText) implements FileRow {
    public Fields {
      values =
          Collections.unmodifiableMap(
              new LinkedHashMap<>(requireNonNull(values, "values is null")));
    }
  }

  /** A row that could not be read into fields, kept as the text it was. */
  record Verbatim(String text) implements FileRow {
    public Verbatim {
      requireNonNull(text, "text is null");
    }
  }
}
