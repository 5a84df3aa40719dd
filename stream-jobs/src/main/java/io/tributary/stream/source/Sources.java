package io.tributary.stream.source;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.TributaryException;
import io.tributary.stream.declaration.DeclarationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/** The declared sources of a platform: one YAML file per source in a directory. */
public final class Sources {
  private final Map<String, SourceSpec> byName;

  private Sources(Map<String, SourceSpec> byName) {
    this.byName = byName;
  }

  public static Sources of(List<SourceSpec> specs) {
    Map<String, SourceSpec> byName = new LinkedHashMap<>();
    for (SourceSpec spec : specs) {
      if (byName.putIfAbsent(spec.name(), spec) != null) {
        throw new TributaryException(
            ErrorCode.INVALID_DECLARATION, "Source " + spec.name() + " is declared twice");
      }
    }
    return new Sources(byName);
  }

  /**
   * Loads every {@code *.yaml} and {@code *.yml} file of {@code directory}, in file-name order.
   *
   * @throws DeclarationException for the first file that is wrong, or for a name or topic declared
   *     twice
   * @throws TributaryException when the directory does not exist
   */
  public static Sources load(Path directory) {
    requireNonNull(directory, "directory is null");
    if (!Files.isDirectory(directory)) {
      throw new TributaryException(
          ErrorCode.INVALID_REQUEST, "Sources directory " + directory + " does not exist");
    }
    List<Path> files;
    try (Stream<Path> listing = Files.list(directory)) {
      files =
          listing
              .filter(Files::isRegularFile)
              .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list sources directory " + directory, e);
    }
    Map<String, SourceSpec> byName = new LinkedHashMap<>();
    Map<String, Path> nameFiles = new LinkedHashMap<>();
    Map<String, Path> topicFiles = new LinkedHashMap<>();
    for (Path file : files) {
      SourceSpec spec = SourceSpecParser.parse(file);
      Path earlier = nameFiles.putIfAbsent(spec.name(), file);
      if (earlier != null) {
        throw new DeclarationException(
            file,
            OptionalInt.empty(),
            "name",
            "source '" + spec.name() + "' is also declared in " + earlier);
      }
      Path sameTopic = topicFiles.putIfAbsent(spec.topic(), file);
      if (sameTopic != null) {
        throw new DeclarationException(
            file,
            OptionalInt.empty(),
            "topic",
            "topic '" + spec.topic() + "' is also used by " + sameTopic);
      }
      byName.put(spec.name(), spec);
    }
    return new Sources(byName);
  }

  public List<SourceSpec> all() {
    return List.copyOf(byName.values());
  }

  public Optional<SourceSpec> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /**
   * @throws TributaryException naming the known sources when {@code name} is not one
   */
  public SourceSpec get(String name) {
    SourceSpec spec = byName.get(name);
    if (spec == null) {
      throw new TributaryException(
          ErrorCode.NOT_FOUND,
          "Unknown source '"
              + name
              + "'; declared sources: "
              + (byName.isEmpty() ? "none" : String.join(", ", byName.keySet())));
    }
    return spec;
  }

  public boolean isEmpty() {
    return byName.isEmpty();
  }
}
