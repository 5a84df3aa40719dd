package io.tributary.stream.produce;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Reads the rows of one file, in order, and says how far through the file it is. */
interface RowReader extends Closeable {
  /** The next row, or empty at the end of the file. */
  Optional<FileRow> next() throws IOException;

  /** How much of the file has been read, in bytes (estimated for Parquet). */
  long bytesRead();

  static RowReader open(Path file, FileFormat format) throws IOException {
    return open(file, format, Optional.empty());
  }

  /**
   * As {@link #open(Path, FileFormat)}; with {@code keyOnly}, JSON lines are read for that column
   * alone (they go to a JSON source as they are).
   */
  static RowReader open(Path file, FileFormat format, Optional<String> keyOnly) throws IOException {
    return switch (format) {
      case JSON_LINES -> new JsonLinesReader(file, keyOnly);
      case CSV -> new CsvRowReader(file);
      case PARQUET -> new ParquetRowReader(file);
    };
  }
}
