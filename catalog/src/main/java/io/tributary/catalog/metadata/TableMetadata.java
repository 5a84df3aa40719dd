package io.tributary.catalog.metadata;

import static java.util.Objects.requireNonNull;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.UpdateProperties;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.types.Types;

/**
 * What a table is, for the data map: its owner, description, domain, and per column a description
 * and sensitivity tags. Kept in the table itself, where every engine sees it: table properties
 * {@code owner}, {@code comment}, {@code tributary.domain} and {@code tributary.tags.<column>} (a
 * comma-separated list), and the Iceberg columns' docs.
 */
public record TableMetadata(
    Optional<String> owner,
    Optional<String> description,
    Optional<String> domain,
    Map<String, ColumnMetadata> columns) {

  public static final String OWNER = "owner";
  public static final String COMMENT = "comment";
  public static final String DOMAIN = "tributary.domain";
  public static final String TAGS_PREFIX = "tributary.tags.";

  public static final TableMetadata NONE =
      new TableMetadata(Optional.empty(), Optional.empty(), Optional.empty(), Map.of());

  public TableMetadata {
    requireNonNull(owner, "owner is null");
    requireNonNull(description, "description is null");
    requireNonNull(domain, "domain is null");
    columns = Map.copyOf(columns);
  }

  /** The same metadata with another description. */
  public TableMetadata withDescription(String text) {
    return new TableMetadata(owner, Optional.of(text), domain, columns);
  }

  /**
   * Writes this metadata into {@code table} in one commit, when it differs from what the table
   * holds: owner, description and domain set, column docs updated, and declared tags added. Tags
   * are never removed here: a tag added by hand ({@link #tag}) or dropped from a declaration stays,
   * so a column never silently loses a sensitivity tag. Columns named here that the table does not
   * have are ignored (the caller checks names where they are declared).
   *
   * @return whether anything changed
   */
  public boolean applyTo(Table table) {
    Map<String, String> current = table.properties();
    Map<String, String> wanted = new LinkedHashMap<>();
    owner.ifPresent(o -> wanted.put(OWNER, o));
    description.ifPresent(d -> wanted.put(COMMENT, d));
    domain.ifPresent(d -> wanted.put(DOMAIN, d));
    columns.forEach(
        (column, metadata) -> {
          if (!metadata.tags().isEmpty()) {
            Set<SensitivityTag> tags = EnumSet.noneOf(SensitivityTag.class);
            tags.addAll(tags(current.get(TAGS_PREFIX + column)));
            tags.addAll(metadata.tags());
            wanted.put(TAGS_PREFIX + column, tagList(tags));
          }
        });
    boolean propertiesChange =
        wanted.entrySet().stream().anyMatch(e -> !e.getValue().equals(current.get(e.getKey())));
    boolean docsChange =
        columns.entrySet().stream()
            .anyMatch(
                e -> {
                  Types.NestedField field = table.schema().findField(e.getKey());
                  return field != null
                      && e.getValue().description().isPresent()
                      && !e.getValue().description().get().equals(field.doc());
                });
    if (!propertiesChange && !docsChange) {
      return false;
    }
    Transaction transaction = table.newTransaction();
    if (propertiesChange) {
      UpdateProperties properties = transaction.updateProperties();
      wanted.forEach(properties::set);
      properties.commit();
    }
    if (docsChange) {
      UpdateSchema schema = transaction.updateSchema();
      columns.forEach(
          (column, metadata) -> {
            if (table.schema().findField(column) != null) {
              metadata.description().ifPresent(doc -> schema.updateColumnDoc(column, doc));
            }
          });
      schema.commit();
    }
    transaction.commitTransaction();
    return true;
  }

  /** The metadata {@code table} holds. */
  public static TableMetadata of(Table table) {
    Map<String, String> properties = table.properties();
    Map<String, ColumnMetadata> columns = new LinkedHashMap<>();
    for (Types.NestedField field : table.schema().columns()) {
      Set<SensitivityTag> tags = tags(properties.get(TAGS_PREFIX + field.name()));
      if (field.doc() != null || !tags.isEmpty()) {
        columns.put(field.name(), new ColumnMetadata(Optional.ofNullable(field.doc()), tags));
      }
    }
    return new TableMetadata(
        Optional.ofNullable(properties.get(OWNER)),
        Optional.ofNullable(properties.get(COMMENT)),
        Optional.ofNullable(properties.get(DOMAIN)),
        columns);
  }

  /** Adds {@code tag} to {@code column} of {@code table}, in one commit; false if it had it. */
  public static boolean tag(Table table, String column, SensitivityTag tag) {
    String key = TAGS_PREFIX + column;
    Set<SensitivityTag> tags = EnumSet.noneOf(SensitivityTag.class);
    tags.addAll(tags(table.properties().get(key)));
    if (!tags.add(tag)) {
      return false;
    }
    table.updateProperties().set(key, tagList(tags)).commit();
    return true;
  }

  static String tagList(Set<SensitivityTag> tags) {
    return tags.stream()
        .map(SensitivityTag::tagName)
        .collect(Collectors.toCollection(TreeSet::new))
        .stream()
        .collect(Collectors.joining(","));
  }

  static Set<SensitivityTag> tags(String list) {
    Set<SensitivityTag> tags = EnumSet.noneOf(SensitivityTag.class);
    if (list != null) {
      for (String part : list.split(",")) {
        SensitivityTag.of(part).ifPresent(tags::add);
      }
    }
    return tags;
  }
}
