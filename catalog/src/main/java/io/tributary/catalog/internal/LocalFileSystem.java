package io.tributary.catalog.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system as the lake's {@code file://} warehouse uses it, without the cost
 * Hadoop puts on every file: without its native library (not shipped for this platform), {@code
 * RawLocalFileSystem} sets each new file's and directory's permissions by starting a {@code chmod}
 * process, and its default wrapper writes a {@code .crc} file beside each data file. Landing a file
 * of history writes thousands of data files at once, and those two made each cost about 10 ms. Here
 * permissions are set through {@code java.nio}, and there are no {@code .crc} files (Parquet and
 * Iceberg's metadata carry their own checks). Named by {@code fs.file.impl} in the {@code
 * core-site.xml} of this module.
 */
public final class LocalFileSystem extends RawLocalFileSystem {
  /** {@code file}, as Hadoop's own {@code LocalFileSystem} says (the raw one does not say). */
  @Override
  public String getScheme() {
    return "file";
  }

  @Override
  public void setPermission(Path path, FsPermission permission) throws IOException {
    try {
      Files.setPosixFilePermissions(
          pathToFile(path).toPath(), PosixFilePermissions.fromString(permission.toString()));
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      // not a POSIX file system, or a mode java.nio cannot say (sticky bits): Hadoop's own way
      super.setPermission(path, permission);
    }
  }
}
