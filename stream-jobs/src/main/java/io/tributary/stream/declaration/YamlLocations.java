package io.tributary.stream.declaration;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Where each field of a YAML document is, so that a problem found after parsing (a missing key
 * column, an unknown type) can still name its line. Keys are JSON pointers ({@code
 * /columns/2/type}); a pointer without its own entry falls back to its closest parent.
 */
final class YamlLocations {
  private final Map<String, Integer> lines;

  private YamlLocations(Map<String, Integer> lines) {
    this.lines = lines;
  }

  /** Indexes a document that is already known to parse. */
  static YamlLocations index(YAMLFactory factory, byte[] yaml) throws IOException {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser parser = factory.createParser(yaml)) {
      while (parser.nextToken() != null) {
        String pointer = parser.getParsingContext().pathAsPointer().toString();
        lines.putIfAbsent(pointer, parser.currentTokenLocation().getLineNr());
      }
    }
    return new YamlLocations(Map.copyOf(lines));
  }

  /** The line of the field at {@code pointer}, or of its closest enclosing non-root field. */
  OptionalInt lineOf(String pointer) {
    String current = pointer;
    while (true) {
      Integer line = lines.get(current);
      if (line != null && line > 0) {
        return OptionalInt.of(line);
      }
      int slash = current.lastIndexOf('/');
      if (slash <= 0) {
        // a missing top-level field has no line of its own; the document start would mislead
        return OptionalInt.empty();
      }
      current = current.substring(0, slash);
    }
  }
}
