package io.tributary.stream.produce;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads UTF-8 lines ({@code \n} or {@code \r\n}) and counts the bytes consumed. */
final class CountingLines implements Closeable {
  private final InputStream in;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(512);
  private long bytesRead;

  CountingLines(Path file) throws IOException {
    this.in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
  }

  /** The next line without its terminator, or null at the end of the file. */
  String readLine() throws IOException {
    line.reset();
    int b;
    boolean any = false;
    while ((b = in.read()) != -1) {
      bytesRead++;
      any = true;
      if (b == '\n') {
        break;
      }
      line.write(b);
    }
    if (!any) {
      return null;
    }
    byte[] bytes = line.toByteArray();
    int length = bytes.length;
    if (length > 0 && bytes[length - 1] == '\r') {
      length--;
    }
    return new String(bytes, 0, length, UTF_8);
  }

  long bytesRead() {
    return bytesRead;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
