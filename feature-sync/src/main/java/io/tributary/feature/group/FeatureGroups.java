package io.tributary.feature.group;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.TributaryException;
import io.tributary.stream.declaration.DeclarationException;
import io.tributary.stream.declaration.InvalidFieldException;
import io.tributary.stream.kafka.KafkaConnection;
import io.tributary.stream.source.SourceSpec;
import io.tributary.stream.source.Sources;
import io.tributary.stream.source.table.SourceTables;
import io.tributary.stream.sql.SqlErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.SqlParserException;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableException;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

/**
 * The declared feature groups: one YAML file per group under each directory, each checked against
 * its source (the source exists, the entity's columns are its columns, the filter and every column
 * are valid Flink SQL of the right type) before anything runs.
 */
public final class FeatureGroups {
  private final Map<String, FeatureGroupSpec> byName;

  private FeatureGroups(Map<String, FeatureGroupSpec> byName) {
    this.byName = byName;
  }

  public static FeatureGroups none() {
    return new FeatureGroups(Map.of());
  }

  /** These groups, already loaded and checked, in the order given. */
  public static FeatureGroups of(Collection<FeatureGroupSpec> groups) {
    Map<String, FeatureGroupSpec> byName = new LinkedHashMap<>();
    groups.forEach(group -> byName.put(group.name(), group));
    return new FeatureGroups(byName);
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
    Checker checker = new Checker(sources);
    Map<String, FeatureGroupSpec> byName = new LinkedHashMap<>();
    for (Path file : files) {
      FeatureGroupSpec group = FeatureGroupParser.parse(file, checker::check);
      FeatureGroupSpec same = byName.putIfAbsent(group.name(), group);
      if (same != null) {
        throw new DeclarationException(
            file,
            OptionalInt.empty(),
            "name",
            "feature group '" + group.name() + "' is also declared in " + same.file());
      }
    }
    return new FeatureGroups(byName);
  }

  public List<FeatureGroupSpec> all() {
    return List.copyOf(byName.values());
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
    return byName.isEmpty();
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

  /**
   * Plans each group's SQL in one table environment that declares every source as {@code
   * src.<name>} (no Kafka is reached to plan): its problems become the group's field errors.
   */
  private static final class Checker {
    private final Sources sources;
    private TableEnvironment tableEnv;

    Checker(Sources sources) {
      this.sources = sources;
    }

    void check(FeatureGroupSpec group) {
      SourceSpec source =
          sources
              .find(group.source())
              .orElseThrow(
                  () ->
                      new InvalidFieldException(
                          "source",
                          "unknown source '"
                              + group.source()
                              + "'; the sources are "
                              + sources.all().stream().map(SourceSpec::name).sorted().toList()));
      for (String column : group.entity()) {
        if (source.column(column).isEmpty()) {
          throw new InvalidFieldException(
              "entity",
              "'"
                  + column
                  + "' is not a column of source "
                  + source.name()
                  + " (its columns: "
                  + source.columns().stream().map(c -> c.name()).toList()
                  + ")");
        }
      }
      String table = SourceTables.DATABASE + "." + FeatureQuery.quote(source.name());
      group
          .filter()
          .ifPresent(
              filter -> {
                LogicalType type = typeOf("filter", filter, table);
                if (type.getTypeRoot() != LogicalTypeRoot.BOOLEAN) {
                  throw new InvalidFieldException(
                      "filter", "'" + filter + "' is " + type + ", not a BOOLEAN predicate");
                }
              });
      for (int i = 0; i < group.features().size(); i++) {
        FeatureSpec feature = group.features().get(i);
        if (feature.column().isEmpty()) {
          continue;
        }
        String field = "features/" + i + "/column";
        LogicalType type = typeOf(field, feature.column().get(), table);
        if (feature.aggregation().numeric() && !type.is(LogicalTypeFamily.NUMERIC)) {
          throw new InvalidFieldException(
              field,
              "'"
                  + feature.column().get()
                  + "' is "
                  + type
                  + "; "
                  + feature.aggregation().yamlName()
                  + " needs a number");
        }
      }
      // the whole query, as the job will run it
      plan("features", FeatureQuery.of(group, source, table).sql());
    }

    private LogicalType typeOf(String field, String expression, String table) {
      return plan(field, "SELECT (" + expression + ") FROM " + table)
          .getResolvedSchema()
          .getColumnDataTypes()
          .get(0)
          .getLogicalType();
    }

    private org.apache.flink.table.api.Table plan(String field, String sql) {
      try {
        return tableEnv().sqlQuery(sql);
      } catch (ValidationException | SqlParserException | TableException e) {
        throw new InvalidFieldException(field, SqlErrors.locate(e).message());
      }
    }

    private TableEnvironment tableEnv() {
      if (tableEnv == null) {
        tableEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        // declarations only: planning never reaches this address
        for (String statement :
            new SourceTables(KafkaConnection.of("127.0.0.1:9"))
                .upToLatestStatements(sources.all())) {
          tableEnv.executeSql(statement);
        }
      }
      return tableEnv;
    }
  }
}
