package io.tributary.infra.k8s;

import io.tributary.infra.local.LocalConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The declarations' files as the rendered ConfigMap carries them, by their path under the mount.
 */
final class DeclarationFiles {
  private DeclarationFiles() {}

  /**
   * The declarations' files by their path under the mount ({@code sources/orders.yaml}, {@code
   * pipelines/big_orders/transform.sql}), as {@code up} reads them from its directories.
   */
  static Map<String, String> of(LocalConfig config) {
    Map<String, String> files = new TreeMap<>();
    for (Path dir : config.sourceDirs()) {
      for (Path file : list(dir)) {
        if (isYaml(file)) {
          put(files, "sources/" + file.getFileName(), file);
        }
      }
    }
    for (Path root : config.pipelineDirs()) {
      for (Path pipeline : list(root)) {
        if (Files.isRegularFile(pipeline.resolve("pipeline.yaml"))) {
          for (Path file : list(pipeline)) {
            if (Files.isRegularFile(file)) {
              put(files, "pipelines/" + pipeline.getFileName() + "/" + file.getFileName(), file);
            }
          }
        }
      }
    }
    for (Path dir : config.features().dirs()) {
      for (Path file : list(dir)) {
        if (isYaml(file)) {
          put(files, "features/" + file.getFileName(), file);
        }
      }
    }
    return files;
  }

  private static void put(Map<String, String> files, String path, Path file) {
    if (files.containsKey(path)) {
      throw new RenderException(
          "Two declarations would be " + path + " in the ConfigMap; " + file + " is the second");
    }
    try {
      files.put(path, Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  /** A ConfigMap key for a path: keys allow letters, digits, '-', '_' and '.'. */
  static String key(String path) {
    return path.replace('/', '.').replaceAll("[^-._a-zA-Z0-9]", "_");
  }

  static boolean isYaml(Path file) {
    String name = file.getFileName().toString();
    return Files.isRegularFile(file) && (name.endsWith(".yaml") || name.endsWith(".yml"));
  }

  static List<Path> list(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dir, e);
    }
  }
}
