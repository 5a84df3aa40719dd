package io.tributary.stream.pipeline;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.LakeCatalogConfig;
import io.tributary.catalog.Layer;
import io.tributary.stream.declaration.InvalidFieldException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The lake table a pipeline writes, {@code lake.<layer>.<table>}: a silver or gold table of the
 * lake catalog. Bronze belongs to landing.
 */
public record TargetTable(String catalog, String namespace, String table) {
  private static final Pattern PART = Pattern.compile("[a-z][a-z0-9_]{0,127}");

  public TargetTable {
    requireNonNull(catalog, "catalog is null");
    requireNonNull(namespace, "namespace is null");
    requireNonNull(table, "table is null");
  }

  /**
   * Parses {@code lake.silver.big_orders}.
   *
   * @throws InvalidFieldException on field {@code target} when the name is not one
   */
  public static TargetTable parse(String text) {
    List<String> parts = Arrays.asList(text.trim().toLowerCase(Locale.ROOT).split("\\.", -1));
    if (parts.size() != 3 || !parts.stream().allMatch(p -> PART.matcher(p).matches())) {
      throw new InvalidFieldException(
          "target", "'" + text + "' is not a table name; write it as lake.<silver|gold>.<table>");
    }
    if (!parts.get(0).equals(LakeCatalogConfig.DEFAULT_NAME)) {
      throw new InvalidFieldException(
          "target",
          "'"
              + text
              + "' is not in catalog "
              + LakeCatalogConfig.DEFAULT_NAME
              + "; write lake.<silver|gold>.<table>");
    }
    String layer = parts.get(1);
    if (!layer.equals(Layer.SILVER.namespaceName()) && !layer.equals(Layer.GOLD.namespaceName())) {
      throw new InvalidFieldException(
          "target",
          "'"
              + text
              + "' is in "
              + layer
              + "; pipelines write silver or gold tables (bronze is written by landing)");
    }
    return new TargetTable(parts.get(0), parts.get(1), parts.get(2));
  }

  /** The Iceberg identifier within the catalog: {@code silver.big_orders}. */
  public TableIdentifier identifier() {
    return TableIdentifier.of(namespace, table);
  }

  /** The name quoted for SQL: {@code `lake`.`silver`.`big_orders`}. */
  public String sql() {
    return "`" + catalog + "`.`" + namespace + "`.`" + table + "`";
  }

  /** {@code lake.silver.big_orders}. */
  @Override
  public String toString() {
    return catalog + "." + namespace + "." + table;
  }
}
