package io.tributary.stream.produce;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * JSON lines: each non-blank line is one row; lines that are not JSON objects stay verbatim.
 *
 * <p>With a key column ({@link #keyOnly}), as when the lines go as they are to a JSON source, a
 * row's fields are only its key: the line is checked to be a JSON object by Jackson's streaming
 * parser, which skips every other value instead of building a map of the whole object (three times
 * faster on the benchmark's orders).
 */
final class JsonLinesReader implements RowReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFactory TOKENS = JSON.getFactory();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final CountingLines lines;
  private final Optional<String> keyOnly;

  JsonLinesReader(Path file) throws IOException {
    this(file, Optional.empty());
  }

  /** Reads only {@code keyOnly}'s value of each object, when given. */
  JsonLinesReader(Path file, Optional<String> keyOnly) throws IOException {
    this.lines = new CountingLines(file);
    this.keyOnly = keyOnly;
  }

  @Override
  public Optional<FileRow> next() throws IOException {
    String line;
    do {
      line = lines.readLine();
      if (line == null) {
        return Optional.empty();
      }
    } while (line.isBlank());
    try {
      Map<String, Object> fields =
          keyOnly.isPresent() ? key(line, keyOnly.get()) : JSON.readValue(line, MAP);
      if (fields != null) {
        return Optional.of(new FileRow.Fields(fields, Optional.of(line)));
      }
    } catch (JsonProcessingException malformed) {
      // published as it is; landing records why it is wrong
    }
    return Optional.of(new FileRow.Verbatim(line));
  }

  /**
   * The object's fields named {@code key} (exactly, or in another case, as the encoder looks them
   * up), or null when the line is no JSON object.
   */
  private static Map<String, Object> key(String line, String key) throws IOException {
    try (JsonParser parser = TOKENS.createParser(line)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      Map<String, Object> fields = new HashMap<>(2);
      JsonToken token;
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (value == null) {
          break; // the line ends inside the object
        }
        if (name.equalsIgnoreCase(key)) {
          fields.put(
              name,
              value.isStructStart()
                  ? JSON.readValue(parser, Object.class)
                  : value == JsonToken.VALUE_NULL ? null : parser.getText());
        } else {
          parser.skipChildren();
        }
      }
      if (token != JsonToken.END_OBJECT) {
        throw new JsonProcessingException("not one JSON object", parser.currentLocation()) {};
      }
      return fields;
    }
  }

  @Override
  public long bytesRead() {
    return lines.bytesRead();
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }
}
