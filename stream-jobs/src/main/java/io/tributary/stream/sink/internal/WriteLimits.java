package io.tributary.stream.sink.internal;

import io.tributary.catalog.error.InvalidValueException;
import java.util.Map;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.util.PropertyUtil;

/**
 * How much a writer task may hold: open files, buffered bytes, and the size at which a file rolls
 * over. Read from the table's properties, so one table can be given more than another.
 *
 * @param maxOpenFiles files one writer task keeps open at once
 * @param bufferBytes bytes of rows one writer task buffers before writing them out
 * @param targetFileSize bytes after which a data file is closed and the next one opened
 */
public record WriteLimits(int maxOpenFiles, long bufferBytes, long targetFileSize) {
  /** Table property: files one writer task keeps open at once (default 32). */
  public static final String MAX_OPEN_FILES = "tributary.write.max-open-files";

  /** Table property: bytes of rows one writer task buffers before writing (default 64 MiB). */
  public static final String BUFFER_BYTES = "tributary.write.buffer-bytes";

  public static final int MAX_OPEN_FILES_DEFAULT = 32;
  public static final long BUFFER_BYTES_DEFAULT = 64L * 1024 * 1024;

  public WriteLimits {
    if (maxOpenFiles < 1) {
      throw new InvalidValueException(MAX_OPEN_FILES + " must be at least 1: " + maxOpenFiles);
    }
    if (bufferBytes < 1) {
      throw new InvalidValueException(BUFFER_BYTES + " must be at least 1: " + bufferBytes);
    }
  }

  /** The limits {@code properties} (a table's) set, defaults for what they do not. */
  public static WriteLimits of(Map<String, String> properties) {
    return new WriteLimits(
        PropertyUtil.propertyAsInt(properties, MAX_OPEN_FILES, MAX_OPEN_FILES_DEFAULT),
        PropertyUtil.propertyAsLong(properties, BUFFER_BYTES, BUFFER_BYTES_DEFAULT),
        PropertyUtil.propertyAsLong(
            properties,
            TableProperties.WRITE_TARGET_FILE_SIZE_BYTES,
            TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT));
  }
}
