package io.tributary.stream.produce;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * CSV with a header row. A row with as many fields as the header becomes named values (an empty
 * field is null); any other row is kept verbatim.
 */
final class CsvRowReader implements RowReader {
  private static final CsvMapper CSV =
      CsvMapper.builder()
          .enable(CsvParser.Feature.WRAP_AS_ARRAY)
          .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
          .build();

  private final InputStream in;
  private final MappingIterator<String[]> rows;
  private final String[] header;

  CsvRowReader(Path file) throws IOException {
    this.in = Files.newInputStream(file);
    this.rows = CSV.readerFor(String[].class).readValues(in);
    if (!rows.hasNextValue()) {
      this.header = new String[0];
      return;
    }
    String[] names = rows.nextValue();
    for (int i = 0; i < names.length; i++) {
      names[i] = names[i].replace("\uFEFF", "").trim();
    }
    this.header = names;
  }

  @Override
  public Optional<FileRow> next() throws IOException {
    if (!rows.hasNextValue()) {
      return Optional.empty();
    }
    String[] fields = rows.nextValue();
    if (fields.length != header.length) {
      return Optional.of(new FileRow.Verbatim(CsvText.line(fields)));
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (int i = 0; i < header.length; i++) {
      values.put(header[i], fields[i].isEmpty() ? null : fields[i]);
    }
    return Optional.of(new FileRow.Fields(values, Optional.empty()));
  }

  @Override
  public long bytesRead() {
    return Math.max(0, rows.getCurrentLocation().getByteOffset());
  }

  @Override
  public void close() throws IOException {
    rows.close();
    in.close();
  }

  /** Writes fields as one CSV line (RFC 4180 quoting), the form a CSV source's records take. */
  static final class CsvText {
    private static final com.fasterxml.jackson.databind.ObjectWriter WRITER =
        CSV.writerFor(Object[].class).with(CsvSchema.emptySchema().withLineSeparator(""));

    private CsvText() {}

    static String line(Object[] fields) {
      try {
        return WRITER.writeValueAsString(fields);
      } catch (IOException e) {
        throw new IllegalStateException("Cannot write CSV fields", e);
      }
    }
  }
}
