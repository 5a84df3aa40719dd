package io.tributary.stream.job;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystem.WriteMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the platform keeps its jobs' state, under one root, through Flink's file systems (so the
 * root may be {@code file://} or {@code s3://} alike):
 *
 * <pre>
 * checkpoints/&lt;job&gt;/&lt;flink job id&gt;/chk-&lt;n&gt;/_metadata   retained checkpoints
 * savepoints/&lt;job&gt;/savepoint-&lt;id&gt;/_metadata          savepoints taken at each stop
 * fingerprints/&lt;job&gt;                                which version of the job the state is of
 * state-reset/&lt;job&gt;-&lt;millis&gt;/                      state moved aside, never deleted
 * </pre>
 *
 * A checkpoint or savepoint is complete when its {@code _metadata} file exists; Flink writes that
 * file last. The newest complete one is where a job resumes.
 */
public final class StateStore {
  private static final Logger LOG = LoggerFactory.getLogger(StateStore.class);
  private static final String METADATA = "_metadata";

  private final StateLocation root;

  public StateStore(StateLocation root) {
    this.root = requireNonNull(root, "root is null");
  }

  public StateLocation root() {
    return root;
  }

  /** Where the checkpoints of {@code job} go, one directory per Flink job id. */
  public StateLocation checkpoints(String job) {
    return root.resolve("checkpoints").resolve(job);
  }

  /** Where the savepoints of {@code job} go. */
  public StateLocation savepoints(String job) {
    return root.resolve("savepoints").resolve(job);
  }

  /** The newest complete savepoint or retained checkpoint of {@code job}, if it ever wrote one. */
  public Optional<StateLocation> latest(String job) {
    List<FileStatus> complete = new ArrayList<>();
    complete.addAll(completed(checkpoints(job), 2));
    complete.addAll(completed(savepoints(job), 1));
    return complete.stream()
        .max(Comparator.comparingLong(FileStatus::getModificationTime))
        .map(metadata -> StateLocation.of(metadata.getPath().getParent().toUri().toString()));
  }

  /**
   * Deletes the checkpoint directories of earlier runs of {@code job}, keeping the one {@code keep}
   * is in. Savepoints are kept: they are few and a person may want one.
   */
  public void pruneCheckpoints(String job, StateLocation keep) {
    StateLocation checkpoints = checkpoints(job);
    try {
      FileSystem fs = fileSystem(checkpoints);
      for (FileStatus run : list(fs, checkpoints)) {
        if (run.isDir() && !keep.uri().toString().startsWith(location(run) + "/")) {
          fs.delete(run.getPath(), true);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prune the checkpoints in " + checkpoints, e);
    }
  }

  /**
   * Moves every checkpoint and savepoint of {@code job} aside, to {@code
   * state-reset/<job>-<millis>}, so that its next launch starts afresh; nothing is deleted.
   *
   * @return where the old state now is
   */
  public StateLocation reset(String job) throws IOException {
    StateLocation aside =
        root.resolve("state-reset").resolve(job + "-" + System.currentTimeMillis());
    FileSystem fs = fileSystem(aside);
    fs.mkdirs(aside.flinkPath());
    for (String kind : List.of("checkpoints", "savepoints")) {
      StateLocation state = root.resolve(kind).resolve(job);
      if (fs.exists(state.flinkPath())) {
        fs.rename(state.flinkPath(), aside.resolve(kind).flinkPath());
      }
    }
    fs.delete(fingerprint(job).flinkPath(), false);
    LOG.info("State of job {} moved to {}; it starts afresh", job, aside);
    return aside;
  }

  /** The fingerprint of the version of {@code job} whose state is kept, if known. */
  public Optional<String> savedFingerprint(String job) throws IOException {
    StateLocation file = fingerprint(job);
    FileSystem fs = fileSystem(file);
    if (!fs.exists(file.flinkPath())) {
      return Optional.empty();
    }
    try (InputStream in = fs.open(file.flinkPath())) {
      return Optional.of(new String(in.readAllBytes(), UTF_8).strip());
    }
  }

  /**
   * Records that the kept state of {@code job} is of {@code fingerprint}, or of no known version.
   */
  public void keepFingerprint(String job, Optional<String> fingerprint) throws IOException {
    StateLocation file = fingerprint(job);
    FileSystem fs = fileSystem(file);
    if (fingerprint.isEmpty()) {
      fs.delete(file.flinkPath(), false);
      return;
    }
    try (OutputStream out = fs.create(file.flinkPath(), WriteMode.OVERWRITE)) {
      out.write((fingerprint.get() + "\n").getBytes(UTF_8));
    }
  }

  private StateLocation fingerprint(String job) {
    return root.resolve("fingerprints").resolve(job);
  }

  /** The {@code _metadata} files exactly {@code depth} directories below {@code under}. */
  private static List<FileStatus> completed(StateLocation under, int depth) {
    try {
      FileSystem fs = fileSystem(under);
      List<FileStatus> level = list(fs, under);
      for (int i = 1; i < depth; i++) {
        List<FileStatus> next = new ArrayList<>();
        for (FileStatus dir : level) {
          if (dir.isDir()) {
            next.addAll(list(fs, StateLocation.of(location(dir))));
          }
        }
        level = next;
      }
      List<FileStatus> metadata = new ArrayList<>();
      for (FileStatus dir : level) {
        if (dir.isDir()) {
          for (FileStatus file : list(fs, StateLocation.of(location(dir)))) {
            if (!file.isDir() && file.getPath().getName().equals(METADATA)) {
              metadata.add(file);
            }
          }
        }
      }
      return metadata;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot search " + under + " for checkpoints", e);
    }
  }

  private static List<FileStatus> list(FileSystem fs, StateLocation dir) throws IOException {
    if (!fs.exists(dir.flinkPath())) {
      return List.of();
    }
    FileStatus[] entries = fs.listStatus(dir.flinkPath());
    return entries == null ? List.of() : List.of(entries);
  }

  private static String location(FileStatus status) {
    return StateLocation.of(status.getPath().toUri().toString()).uri().toString();
  }

  private static FileSystem fileSystem(StateLocation location) throws IOException {
    return FileSystem.get(location.uri());
  }
}
