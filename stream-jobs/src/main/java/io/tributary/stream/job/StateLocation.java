package io.tributary.stream.job;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.error.InvalidValueException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where some job state lives (a checkpoint, a savepoint, the root of the platform's state): a URI
 * of any file system Flink has, {@code file:///...} on one machine and {@code s3://bucket/...} on
 * AWS. Shown as a plain path when it is on the local disk, so that messages read as a local user
 * expects.
 */
public record StateLocation(URI uri) {
  public StateLocation {
    requireNonNull(uri, "uri is null");
    if (uri.getScheme() == null || !uri.isAbsolute()) {
      throw new InvalidValueException(
          "State location '" + uri + "' needs a scheme, such as file:///var/tributary or s3://b/p");
    }
    uri = canonical(uri.normalize());
  }

  /**
   * One spelling per place, so that locations compare as strings: no trailing slash, and {@code
   * file:/path} for local ones ({@code file:///path} and Flink's {@code file:/path} alike).
   */
  private static URI canonical(URI uri) {
    String text = uri.toString();
    if (text.endsWith("/") && uri.getPath() != null && uri.getPath().length() > 1) {
      text = text.substring(0, text.length() - 1);
    }
    URI trimmed = URI.create(text);
    if (!"file".equals(trimmed.getScheme())) {
      return trimmed;
    }
    try {
      return new URI("file", null, trimmed.getPath(), null, null);
    } catch (java.net.URISyntaxException e) {
      throw new InvalidValueException("State location '" + uri + "' is not a file path", e);
    }
  }

  /** A location as Flink reports one ({@code file:/tmp/x/savepoint-1}, {@code s3://b/p}). */
  public static StateLocation of(String location) {
    requireNonNull(location, "location is null");
    return new StateLocation(URI.create(location));
  }

  /** A directory or file on the local disk. */
  public static StateLocation of(Path path) {
    return new StateLocation(path.toAbsolutePath().normalize().toUri());
  }

  /** The location {@code name} below this one, one path segment. */
  public StateLocation resolve(String name) {
    requireNonNull(name, "name is null");
    String base = uri.toString();
    return new StateLocation(URI.create(base.endsWith("/") ? base + name : base + "/" + name));
  }

  /** The same location as Flink's file systems take it. */
  public org.apache.flink.core.fs.Path flinkPath() {
    return new org.apache.flink.core.fs.Path(uri);
  }

  /** The local path, when the location is on this machine's disk. */
  public Optional<Path> localPath() {
    return "file".equals(uri.getScheme()) ? Optional.of(Path.of(uri)) : Optional.empty();
  }

  /** The local path for a {@code file} location, the URI otherwise. */
  @Override
  public String toString() {
    return localPath().map(Path::toString).orElse(uri.toString());
  }
}
