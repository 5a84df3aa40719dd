package io.tributary.stream.produce;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads UTF-8 lines ({@code \n} or {@code \r\n}) and counts the bytes consumed. It scans a buffer
 * of its own for the line ends rather than reading byte by byte through a {@code
 * BufferedInputStream}, whose every {@code read()} is a synchronized call: on a million-line file
 * that was most of what {@code produce} spent outside Kafka.
 */
final class CountingLines implements Closeable {
  private final InputStream in;
  private final byte[] buffer = new byte[1 << 16];
  private int position;
  private int limit;
  private byte[] line = new byte[512];
  private long bytesRead;

  CountingLines(Path file) throws IOException {
    this.in = Files.newInputStream(file);
  }

  /** The next line without its terminator, or null at the end of the file. */
  String readLine() throws IOException {
    int length = 0;
    boolean any = false;
    while (true) {
      if (position == limit) {
        limit = in.read(buffer, 0, buffer.length);
        position = 0;
        if (limit <= 0) {
          limit = 0;
          break;
        }
      }
      any = true;
      int end = position;
      while (end < limit && buffer[end] != '\n') {
        end++;
      }
      int chunk = end - position;
      if (length + chunk > line.length) {
        line = Arrays.copyOf(line, Math.max(line.length * 2, length + chunk));
      }
      System.arraycopy(buffer, position, line, length, chunk);
      length += chunk;
      bytesRead += chunk;
      position = end;
      if (end < limit) { // the line's end: consume the '\n'
        position++;
        bytesRead++;
        break;
      }
    }
    if (!any) {
      return null;
    }
    if (length > 0 && line[length - 1] == '\r') {
      length--;
    }
    return new String(line, 0, length, UTF_8);
  }

  long bytesRead() {
    return bytesRead;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
