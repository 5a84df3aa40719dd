package io.tributary.infra.local;

import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.TributaryException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a data directory, so that two platforms never share a Kafka log or a
 * catalog. Released when closed or when the process exits.
 */
final class DataDirLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static DataDirLock acquire(DataDir dataDir) {
    Path file = dataDir.lock();
    try {
      Files.createDirectories(dataDir.root());
      FileChannel channel =
          FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        throw new TributaryException(
            ErrorCode.CONFLICT,
            "Data dir "
                + dataDir.root()
                + " is in use by another `tributary up`; stop it first or pass another --data-dir");
      }
      return new DataDirLock(channel, lock);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot lock data dir " + dataDir.root(), e);
    }
  }

  @Override
  public void close() throws IOException {
    lock.release();
    channel.close();
  }
}
