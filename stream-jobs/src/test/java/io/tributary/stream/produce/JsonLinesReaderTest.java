package io.tributary.stream.produce;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JSON lines read for their key alone (as they go to a JSON source) give the same rows, keys and
 * verbatim lines as read whole, across line ends, blank lines, and lines that are no JSON object.
 */
class JsonLinesReaderTest {
  @TempDir Path dir;

  @Test
  void readingOnlyTheKeyGivesTheRowsAndKeysOfReadingWholeObjects() throws IOException {
    String text =
        "{\"order_id\":\"o-1\",\"amount\":12.50,\"tags\":{\"a\":[1,2]}}\r\n"
            + "\n"
            + "   \n"
            + "{\"ORDER_ID\":7,\"dish\":\"pho\"}\n"
            + "[1,2,3]\n"
            + "not even JSON\n"
            + "{\"order_id\":\"o-3\",\"broken\":\n"
            + "{\"order_id\":\n"
            + "{\"dish\":\"no key\"}\n"
            + "{\"order_id\":\"o-4\"}";
    Path file = Files.write(dir.resolve("orders.jsonl"), text.getBytes(StandardCharsets.UTF_8));

    List<FileRow> keyOnly = read(file, Optional.of("order_id"));
    List<FileRow> whole = read(file, Optional.empty());

    assertThat(keyOnly).hasSameSizeAs(whole).hasSize(8);
    for (int i = 0; i < whole.size(); i++) {
      assertThat(keyOnly.get(i).getClass()).isEqualTo(whole.get(i).getClass());
    }
    assertThat(keyOnly.get(0))
        .isEqualTo(
            new FileRow.Fields(
                Map.of("order_id", "o-1"),
                Optional.of("{\"order_id\":\"o-1\",\"amount\":12.50,\"tags\":{\"a\":[1,2]}}")));
    assertThat(((FileRow.Fields) keyOnly.get(1)).values()).isEqualTo(Map.of("ORDER_ID", "7"));
    assertThat(keyOnly.get(2)).isEqualTo(new FileRow.Verbatim("[1,2,3]"));
    assertThat(keyOnly.get(3)).isEqualTo(new FileRow.Verbatim("not even JSON"));
    assertThat(keyOnly.get(4)).isEqualTo(new FileRow.Verbatim("{\"order_id\":\"o-3\",\"broken\":"));
    assertThat(keyOnly.get(5)).isEqualTo(new FileRow.Verbatim("{\"order_id\":"));
    assertThat(((FileRow.Fields) keyOnly.get(6)).values()).isEmpty();
    // the last line has no line end
    assertThat(keyOnly.get(7))
        .isEqualTo(
            new FileRow.Fields(Map.of("order_id", "o-4"), Optional.of("{\"order_id\":\"o-4\"}")));
  }

  @Test
  void aLineLongerThanTheReadBufferIsReadWhole() throws IOException {
    String dish = "x".repeat(200_000);
    String line = "{\"order_id\":\"o-1\",\"dish\":\"" + dish + "\"}";
    Path file = Files.writeString(dir.resolve("long.jsonl"), line + "\n" + line + "\n");

    try (CountingLines lines = new CountingLines(file)) {
      assertThat(lines.readLine()).isEqualTo(line);
      assertThat(lines.readLine()).isEqualTo(line);
      assertThat(lines.readLine()).isNull();
      assertThat(lines.bytesRead()).isEqualTo(Files.size(file));
    }
  }

  private static List<FileRow> read(Path file, Optional<String> keyOnly) throws IOException {
    List<FileRow> rows = new ArrayList<>();
    try (JsonLinesReader reader = new JsonLinesReader(file, keyOnly)) {
      Optional<FileRow> row;
      while ((row = reader.next()).isPresent()) {
        rows.add(row.get());
      }
    }
    return rows;
  }
}
