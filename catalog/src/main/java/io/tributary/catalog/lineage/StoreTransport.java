package io.tributary.catalog.lineage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import io.openlineage.client.transports.Transport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The local store's transport: each event one line, appended to the store with one write of the
 * whole line. The platform and its maintenance jobs each have a {@link Lineage} of their own (in
 * one JVM or several) appending to the same file; OpenLineage's {@code FileTransport} writes a long
 * event in 8 KB pieces, between which another writer's line could land.
 */
final class StoreTransport extends Transport {
  private final Path store;

  StoreTransport(Path store) {
    this.store = requireNonNull(store, "store is null");
  }

  @Override
  public void emit(OpenLineage.RunEvent event) {
    append(OpenLineageClientUtils.toJson(event));
  }

  @Override
  public void emit(OpenLineage.DatasetEvent event) {
    append(OpenLineageClientUtils.toJson(event));
  }

  @Override
  public void emit(OpenLineage.JobEvent event) {
    append(OpenLineageClientUtils.toJson(event));
  }

  private void append(String json) {
    ByteBuffer line = ByteBuffer.wrap((json + "\n").getBytes(UTF_8));
    try (FileChannel channel =
        FileChannel.open(
            store,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND)) {
      while (line.hasRemaining()) {
        channel.write(line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot append a lineage event to " + store, e);
    }
  }

  @Override
  public String toString() {
    return "StoreTransport[" + store + "]";
  }
}
