package io.tributary.feature.group;

import io.tributary.feature.aggregate.Aggregation;
import io.tributary.feature.aggregate.FeatureDefinition;
import io.tributary.stream.declaration.DeclarationException;
import io.tributary.stream.declaration.InvalidFieldException;
import io.tributary.stream.declaration.YamlDeclaration;
import io.tributary.stream.declaration.YamlFields;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads one feature group's YAML file. Every problem, down to a feature's window, is a {@link
 * DeclarationException} naming the file, the line and the field ({@code features[2].window}); what
 * needs the source (its columns, the SQL of the filter and the columns) is checked by {@code
 * check}, inside the same reading, so that its problems name their line too.
 */
public final class FeatureGroupParser {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
  private static final Set<String> FIELDS =
      Set.of(
          "name",
          "owner",
          "description",
          "entity",
          "source",
          "filter",
          "lateness",
          "max_age",
          "features");
  private static final Set<String> FEATURE_FIELDS =
      Set.of("name", "agg", "column", "n", "window", "granularity");
  private static final Duration MIN_WINDOW = Duration.ofMinutes(1);
  private static final Duration MAX_WINDOW = Duration.ofDays(30);

  private FeatureGroupParser() {}

  /** Reads {@code file} without checking it against a source. */
  public static FeatureGroupSpec parse(Path file) {
    return parse(file, group -> {});
  }

  /**
   * Reads {@code file}, then hands the group to {@code check}, whose {@link InvalidFieldException}
   * (a field path such as {@code features/1/column}) becomes the file's error at that field's line.
   */
  public static FeatureGroupSpec parse(Path file, Consumer<FeatureGroupSpec> check) {
    return parse(YamlDeclaration.read(file), check);
  }

  static FeatureGroupSpec parse(YamlDeclaration declaration, Consumer<FeatureGroupSpec> check) {
    Path file = declaration.file();
    return declaration.map(
        "a feature group: name, entity, source and features",
        fields -> {
          FeatureGroupSpec group = group(fields.onlyKnown(FIELDS), file);
          check.accept(group);
          return group;
        });
  }

  private static FeatureGroupSpec group(YamlFields fields, Path file) {
    String name = fields.requiredText("name");
    if (!NAME.matcher(name).matches()) {
      throw new InvalidFieldException(
          "name", "'" + name + "' is not a group name: lower case letters, digits and _");
    }
    List<String> entity = fields.texts("entity");
    if (entity.isEmpty()) {
      throw new InvalidFieldException(
          "entity", "is required: the source's key column(s) that identify an entity");
    }
    if (new HashSet<>(entity).size() != entity.size()) {
      throw new InvalidFieldException("entity", "names a column twice: " + entity);
    }
    Optional<Duration> lateness = fields.duration("lateness");
    lateness
        .filter(Duration::isNegative)
        .ifPresent(
            l -> {
              throw new InvalidFieldException("lateness", "must not be negative");
            });
    Optional<Duration> maxAge = fields.duration("max_age");
    maxAge
        .filter(a -> a.isNegative() || a.isZero())
        .ifPresent(
            a -> {
              throw new InvalidFieldException("max_age", "must be positive");
            });
    List<FeatureSpec> features =
        fields.objects(
            "features",
            "a list of features such as {name: orders_10m, agg: count, window: 10m}",
            FeatureGroupParser::feature);
    if (features.isEmpty()) {
      throw new InvalidFieldException("features", "is empty: declare at least one feature");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < features.size(); i++) {
      if (!names.add(features.get(i).name())) {
        throw new InvalidFieldException(
            "features/" + i + "/name",
            "feature '" + features.get(i).name() + "' is declared twice in the group");
      }
    }
    return new FeatureGroupSpec(
        name,
        fields.optionalText("owner"),
        fields.optionalText("description"),
        entity,
        fields.requiredText("source"),
        fields.optionalText("filter").filter(f -> !f.isBlank()),
        features,
        lateness,
        maxAge,
        file);
  }

  private static FeatureSpec feature(YamlFields fields) {
    fields.onlyKnown(FEATURE_FIELDS);
    String name = fields.requiredText("name");
    if (!NAME.matcher(name).matches()) {
      throw new InvalidFieldException(
          "name", "'" + name + "' is not a feature name: lower case letters, digits and _");
    }
    String agg = fields.requiredText("agg");
    Aggregation aggregation =
        Aggregation.fromYaml(agg)
            .orElseThrow(
                () ->
                    new InvalidFieldException(
                        "agg",
                        "'"
                            + agg
                            + "' is not an aggregation; use one of "
                            + Arrays.stream(Aggregation.values())
                                .filter(a -> a != Aggregation.VALUE)
                                .map(Aggregation::yamlName)
                                .collect(Collectors.joining(", "))));
    if (aggregation == Aggregation.VALUE) {
      throw new InvalidFieldException(
          "agg", "value is for a table group's columns (from: a lake table), not a stream's");
    }
    Optional<String> column = fields.optionalText("column").filter(c -> !c.isBlank());
    if (aggregation.needsColumn() && column.isEmpty()) {
      throw new InvalidFieldException(
          "column", "is required for " + agg + ": the column (or SQL expression) it aggregates");
    }
    int n = fields.integer("n", 0);
    if (aggregation == Aggregation.TOP_N) {
      if (!fields.has("n")) {
        throw new InvalidFieldException("n", "is required for top_n: how many values it returns");
      }
      if (n < 1 || n > FeatureDefinition.MAX_N) {
        throw new InvalidFieldException(
            "n", n + " is outside 1.." + FeatureDefinition.MAX_N + " for top_n");
      }
    } else if (fields.has("n")) {
      throw new InvalidFieldException("n", "is only for top_n, not " + agg);
    }
    Optional<Duration> window = window(fields);
    Optional<Duration> granularity = fields.duration("granularity");
    if (granularity.isPresent()) {
      if (window.isEmpty()) {
        throw new InvalidFieldException(
            "granularity", "is only for a feature with a window; a lifetime feature has none");
      }
      checkGranularity(granularity.get(), window.get(), aggregation);
    }
    return new FeatureSpec(name, aggregation, column, n, window, granularity, 0);
  }

  private static Optional<Duration> window(YamlFields fields) {
    Optional<Duration> window = fields.duration("window");
    if (window.isPresent()) {
      Duration w = window.get();
      if (w.compareTo(MIN_WINDOW) < 0 || w.compareTo(MAX_WINDOW) > 0) {
        throw new InvalidFieldException(
            "window",
            durationText(w) + " is outside 1m..30d (leave it out for a lifetime feature)");
      }
      if (w.toMillis() % 1000 != 0) {
        throw new InvalidFieldException("window", "must be whole seconds, not " + w);
      }
    }
    return window;
  }

  private static void checkGranularity(Duration slice, Duration window, Aggregation aggregation) {
    if (slice.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new InvalidFieldException("granularity", "must be at least 1s");
    }
    if (window.toMillis() % slice.toMillis() != 0) {
      throw new InvalidFieldException(
          "granularity",
          durationText(slice) + " does not divide the window " + durationText(window));
    }
    long slices = window.toMillis() / slice.toMillis();
    int limit =
        aggregation == Aggregation.COUNT_DISTINCT || aggregation == Aggregation.TOP_N
            ? FeatureDefinition.MAX_SKETCH_SLICES
            : FeatureDefinition.MAX_SLICES;
    if (slices > limit) {
      throw new InvalidFieldException(
          "granularity",
          durationText(slice)
              + " makes "
              + slices
              + " slices per window; at most "
              + limit
              + " for "
              + aggregation.yamlName());
    }
  }

  /** {@code 10m}, {@code 1h}, {@code 7d}, {@code 90s}: a duration as a group's YAML writes it. */
  static String durationText(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 86_400_000 == 0) {
      return millis / 86_400_000 + "d";
    }
    if (millis % 3_600_000 == 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    }
    if (millis % 1000 == 0) {
      return millis / 1000 + "s";
    }
    return millis + "ms";
  }
}
