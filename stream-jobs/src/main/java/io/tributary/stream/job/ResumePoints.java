package io.tributary.stream.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds where a job should resume: the newest complete savepoint or retained checkpoint of that job
 * under the data directory. A checkpoint or savepoint is complete when its {@code _metadata} file
 * exists; Flink writes that file last.
 *
 * <pre>
 * checkpoints/&lt;job&gt;/&lt;flink job id&gt;/chk-&lt;n&gt;/_metadata
 * savepoints/&lt;job&gt;/savepoint-&lt;id&gt;/_metadata
 * </pre>
 */
final class ResumePoints {
  private ResumePoints() {}

  /** The newest complete state of the job, if it ever wrote one. */
  static Optional<Path> latest(Path checkpointsDir, Path savepointsDir) {
    return Stream.concat(completed(checkpointsDir, 2), completed(savepointsDir, 1))
        .max(Comparator.comparing(ResumePoints::modified));
  }

  /**
   * Deletes the checkpoint directories of earlier runs of the job, keeping the one {@code keep} is
   * in. Savepoints are kept: they are few and a person may want one.
   */
  static void pruneCheckpoints(Path checkpointsDir, Optional<Path> keep) {
    if (!Files.isDirectory(checkpointsDir)) {
      return;
    }
    List<Path> runs;
    try (Stream<Path> listing = Files.list(checkpointsDir)) {
      runs = listing.filter(Files::isDirectory).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + checkpointsDir, e);
    }
    for (Path run : runs) {
      if (keep.isPresent() && keep.get().startsWith(run)) {
        continue;
      }
      deleteTree(run);
    }
  }

  private static Stream<Path> completed(Path root, int depth) {
    if (!Files.isDirectory(root)) {
      return Stream.empty();
    }
    try (Stream<Path> walk =
        Files.find(root, depth + 1, (p, a) -> p.getFileName().toString().equals("_metadata"))) {
      return walk
          .filter(p -> p.getNameCount() - root.getNameCount() == depth + 1)
          .map(Path::getParent)
          .toList()
          .stream();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot search " + root + " for checkpoints", e);
    }
  }

  private static FileTime modified(Path stateDir) {
    try {
      return Files.getLastModifiedTime(stateDir.resolve("_metadata"));
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  static void deleteTree(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + root, e);
    }
  }
}
