package io.tributary.stream.produce;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;

/**
 * One row read from a file. Either its named values (a CSV row that matches the header, a JSON
 * object, a Parquet record) or, when it cannot be read as such, its text as it was, so that it is
 * published unchanged and landing records why it is wrong.
 */
sealed interface FileRow {
  /**
   * A row with named values; values are strings, numbers, booleans, null, lists or maps, in the
   * order the file has them (the map is the reader's, which no one else holds).
   *
   * @param originalText the row's text as the file had it, kept only by readers whose rows may be
   *     published as they are (JSON lines into a JSON source): building it for every CSV row and
   *     Parquet record cost produce more than sending them
   */
  record Fields(Map<String, Object> values, Optional<String> originalText) implements FileRow {
    public Fields {
      // the reader's own map, not copied: each reader builds a new one per row
      values = Collections.unmodifiableMap(requireNonNull(values, "values is null"));
      requireNonNull(originalText, "originalText is null");
    }
  }

  /** A row that could not be read into fields, kept as the text it was. */
  record Verbatim(String text) implements FileRow {
    public Verbatim {
      requireNonNull(text, "text is null");
    }
  }
}
