package io.tributary.stream.produce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** JSON lines: each non-blank line is one row; lines that are not JSON objects stay verbatim. */
final class JsonLinesReader implements RowReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final CountingLines lines;

  JsonLinesReader(Path file) throws IOException {
    this.lines = new CountingLines(file);
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
      Map<String, Object> fields = JSON.readValue(line, MAP);
      if (fields != null) {
        return Optional.of(new FileRow.Fields(fields, line));
      }
    } catch (JsonProcessingException malformed) {
      // published as it is; landing records why it is wrong
    }
    return Optional.of(new FileRow.Verbatim(line));
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
