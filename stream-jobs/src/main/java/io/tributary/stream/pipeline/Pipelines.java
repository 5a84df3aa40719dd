package io.tributary.stream.pipeline;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.TributaryException;
import io.tributary.stream.declaration.DeclarationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;

/** The declared pipelines of a platform: one directory per pipeline under pipeline roots. */
public final class Pipelines {
  private final Map<String, PipelineSpec> byName;

  private Pipelines(Map<String, PipelineSpec> byName) {
    this.byName = byName;
  }

  public static Pipelines none() {
    return new Pipelines(Map.of());
  }

  /** These pipelines, already loaded, in the order given. */
  public static Pipelines of(Collection<PipelineSpec> pipelines) {
    Map<String, PipelineSpec> byName = new LinkedHashMap<>();
    pipelines.forEach(pipeline -> byName.put(pipeline.name(), pipeline));
    return new Pipelines(byName);
  }

  /**
   * Loads every pipeline directory (a directory holding {@code pipeline.yaml}) under each root, in
   * name order.
   *
   * @throws DeclarationException for the first pipeline that is wrong, or a name or target declared
   *     twice
   * @throws TributaryException when a root does not exist
   */
  public static Pipelines load(List<Path> roots) {
    Map<String, PipelineSpec> byName = new LinkedHashMap<>();
    Map<TargetTable, PipelineSpec> byTarget = new LinkedHashMap<>();
    for (Path root : roots) {
      for (Path directory : directories(root)) {
        PipelineSpec spec = PipelineSpecParser.parse(directory);
        PipelineSpec sameName = byName.putIfAbsent(spec.name(), spec);
        if (sameName != null) {
          throw new DeclarationException(
              directory.resolve(PipelineSpec.YAML_FILE),
              OptionalInt.empty(),
              "name",
              "pipeline '" + spec.name() + "' is also declared in " + sameName.directory());
        }
        PipelineSpec sameTarget = byTarget.putIfAbsent(spec.target(), spec);
        if (sameTarget != null) {
          throw new DeclarationException(
              directory.resolve(PipelineSpec.YAML_FILE),
              OptionalInt.empty(),
              "target",
              spec.target() + " is also the target of pipeline " + sameTarget.name());
        }
      }
    }
    return new Pipelines(byName);
  }

  /**
   * Reads only the pipeline {@code name} from the first root that has it, so that other pipelines,
   * half-edited perhaps, do not stand in its way.
   *
   * @throws TributaryException naming the pipelines there are when no root has it
   */
  public static PipelineSpec find(List<Path> roots, String name) {
    requireNonNull(name, "name is null");
    List<String> names = new java.util.ArrayList<>();
    for (Path root : roots) {
      for (Path directory : directories(root)) {
        if (directory.getFileName().toString().equals(name)) {
          return PipelineSpecParser.parse(directory);
        }
        names.add(directory.getFileName().toString());
      }
    }
    throw new TributaryException(
        ErrorCode.NOT_FOUND,
        "Unknown pipeline '"
            + name
            + "'; declared pipelines: "
            + (names.isEmpty() ? "none" : String.join(", ", names)));
  }

  public List<PipelineSpec> all() {
    return List.copyOf(byName.values());
  }

  public boolean isEmpty() {
    return byName.isEmpty();
  }

  /**
   * @throws TributaryException naming the declared pipelines when {@code name} is not one
   */
  public PipelineSpec get(String name) {
    requireNonNull(name, "name is null");
    PipelineSpec spec = byName.get(name);
    if (spec == null) {
      throw new TributaryException(
          ErrorCode.NOT_FOUND,
          "Unknown pipeline '"
              + name
              + "'; declared pipelines: "
              + (byName.isEmpty() ? "none" : String.join(", ", byName.keySet())));
    }
    return spec;
  }

  private static List<Path> directories(Path root) {
    if (!Files.isDirectory(root)) {
      throw new TributaryException(
          ErrorCode.INVALID_REQUEST, "Pipelines directory " + root + " does not exist");
    }
    try (Stream<Path> listing = Files.list(root)) {
      return listing
          .filter(Files::isDirectory)
          .filter(d -> Files.exists(d.resolve(PipelineSpec.YAML_FILE)))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list pipelines directory " + root, e);
    }
  }
}
