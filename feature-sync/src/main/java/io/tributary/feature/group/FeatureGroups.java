package io.tributary.feature.group;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.TributaryException;
import io.tributary.stream.declaration.DeclarationException;
import io.tributary.stream.declaration.InvalidFieldException;
import io.tributary.stream.declaration.YamlDeclaration;
import io.tributary.stream.source.Sources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The declared feature groups: one YAML file per group under each directory, each checked against
 * its source (the source exists, the entity's columns are its columns, the filter and every column
 * are valid Flink SQL of the right type) before anything runs.
 */
public final class FeatureGroups {
  private final Map<String, FeatureGroupSpec> byName;
  private final Map<String, TableGroupSpec> tables;

  private FeatureGroups(Map<String, FeatureGroupSpec> byName, Map<String, TableGroupSpec> tables) {
    this.byName = byName;
    this.tables = tables;
  }

  /** No groups: what a platform without a features directory runs. */
  public static FeatureGroups none() {
    return new FeatureGroups(Map.of(), Map.of());
  }

  /**
   * These groups, already loaded and checked, in the order given.
   *
   * @throws IllegalArgumentException when two of them have the same name
   */
  public static FeatureGroups of(Collection<FeatureGroupSpec> groups) {
    Map<String, FeatureGroupSpec> byName = new LinkedHashMap<>();
    for (FeatureGroupSpec group : groups) {
      FeatureGroupSpec same = byName.putIfAbsent(group.name(), group);
      if (same != null) {
        throw new IllegalArgumentException(
            "Feature group "
                + group.name()
                + " is given twice: "
                + same.file()
                + ", "
                + group.file());
      }
    }
    return new FeatureGroups(byName, Map.of());
  }

  /**
   * Loads every {@code *.yaml} and {@code *.yml} file under each directory, in name order.
   *
   * @throws DeclarationException for the first group that is wrong, or a name declared twice
   * @throws TributaryException when a directory cannot be read
   */
  public static FeatureGroups load(List<Path> directories, Sources sources) {
    requireNonNull(sources, "sources is null");
    List<Path> files = new ArrayList<>();
    for (Path directory : directories) {
      files.addAll(files(directory));
    }
    if (files.isEmpty()) {
      return none();
    }
    FeatureGroupChecker checker = new FeatureGroupChecker(sources);
    Map<String, FeatureGroupSpec> byName = new LinkedHashMap<>();
    Map<String, TableGroupSpec> tables = new LinkedHashMap<>();
    Map<String, Path> declared = new LinkedHashMap<>();
    for (Path file : files) {
      YamlDeclaration declaration = YamlDeclaration.read(file);
      if (TableGroupParser.isTableGroup(declaration)) {
        TableGroupSpec table =
            TableGroupParser.parse(declaration, parsed -> unique(declared, parsed.name()));
        tables.put(table.name(), table);
        declared.put(table.name(), file);
        continue;
      }
      FeatureGroupSpec group =
          FeatureGroupParser.parse(
              declaration,
              parsed -> {
                unique(declared, parsed.name());
                checker.check(parsed);
              });
      byName.put(group.name(), group);
      declared.put(group.name(), file);
    }
    return new FeatureGroups(byName, tables);
  }

  private static void unique(Map<String, Path> declared, String name) {
    Path same = declared.get(name);
    if (same != null) {
      throw new InvalidFieldException(
          "name", "feature group '" + name + "' is also declared in " + same);
    }
  }

  /** The stream groups (a feature job each), in name order of their files. */
  public List<FeatureGroupSpec> all() {
    return List.copyOf(byName.values());
  }

  /** The table groups (synced from the lake), in name order of their files. */
  public List<TableGroupSpec> tables() {
    return List.copyOf(tables.values());
  }

  public Optional<FeatureGroupSpec> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /**
   * @throws TributaryException naming the groups there are when there is no such group
   */
  public FeatureGroupSpec get(String name) {
    return find(name)
        .orElseThrow(
            () ->
                new TributaryException(
                    ErrorCode.NOT_FOUND,
                    "No feature group "
                        + name
                        + "; the groups are "
                        + new TreeSet<>(byName.keySet())));
  }

  public boolean isEmpty() {
    return byName.isEmpty() && tables.isEmpty();
  }

  private static List<Path> files(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new TributaryException(
          ErrorCode.INVALID_DECLARATION, "Features directory " + directory + " does not exist");
    }
    try (Stream<Path> entries = Files.list(directory)) {
      return entries
          .filter(Files::isRegularFile)
          .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new TributaryException(
          ErrorCode.INVALID_DECLARATION,
          "Cannot read features directory " + directory + ": " + e.getMessage(),
          e);
    }
  }
}
