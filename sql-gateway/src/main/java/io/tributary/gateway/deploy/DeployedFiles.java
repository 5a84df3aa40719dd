package io.tributary.gateway.deploy;

import static java.util.Objects.requireNonNull;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import io.tributary.stream.pipeline.PipelineSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files of every pipeline version that runs, one directory per pipeline under the data
 * directory's {@code deployed/}: what the next deployment is diffed against, and what a restart
 * without a pipelines directory resumes.
 */
public final class DeployedFiles {
  private static final List<String> FILES = List.of(PipelineSpec.YAML_FILE, "transform.sql");

  private final Path directory;

  public DeployedFiles(Path directory) {
    this.directory = requireNonNull(directory, "directory is null");
  }

  /** The directory that holds them, a pipelines directory of its own. */
  public Path directory() {
    return directory;
  }

  /** The names of the pipelines whose files are kept. */
  public List<String> names() {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> kept = Files.list(directory)) {
      return kept.map(dir -> dir.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + directory, e);
    }
  }

  /** Keeps the files of the version of {@code spec} that now runs. */
  public void keep(PipelineSpec spec) {
    try {
      Path target = directory.resolve(spec.name());
      Files.createDirectories(target);
      for (String file : FILES) {
        Path from = spec.directory().resolve(file);
        if (Files.exists(from)) {
          Files.copy(from, target.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot keep the deployed files of " + spec.name(), e);
    }
  }

  /** Forgets the files of a removed pipeline, so that a restart does not bring it back. */
  public void forget(String name) {
    Path kept = directory.resolve(name);
    try {
      for (String file : FILES) {
        Files.deleteIfExists(kept.resolve(file));
      }
      Files.deleteIfExists(kept);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot forget the deployed files of " + name, e);
    }
  }

  /** A unified diff of the running version's files of {@code name} against {@code next}'s. */
  public List<String> diff(String name, PipelineSpec next) {
    List<String> lines = new ArrayList<>();
    for (String file : FILES) {
      List<String> before = lines(directory.resolve(name).resolve(file));
      List<String> after = lines(next.directory().resolve(file));
      if (!before.equals(after)) {
        lines.addAll(
            UnifiedDiffUtils.generateUnifiedDiff(
                "running/" + name + "/" + file,
                "deploying/" + name + "/" + file,
                before,
                DiffUtils.diff(before, after),
                2));
      }
    }
    return lines;
  }

  private static List<String> lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }
}
