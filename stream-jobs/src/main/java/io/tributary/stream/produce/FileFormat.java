package io.tributary.stream.produce;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The kinds of files {@code tributary produce} reads, told apart by extension. */
public enum FileFormat {
  /** One JSON object per line: {@code .jsonl}, {@code .ndjson}, {@code .json}. */
  JSON_LINES,
  /** Comma-separated values whose first row names the columns: {@code .csv}. */
  CSV,
  /** Apache Parquet: {@code .parquet}. */
  PARQUET;

  public static Optional<FileFormat> of(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
      return Optional.of(JSON_LINES);
    }
    if (name.endsWith(".csv")) {
      return Optional.of(CSV);
    }
    if (name.endsWith(".parquet")) {
      return Optional.of(PARQUET);
    }
    return Optional.empty();
  }
}
