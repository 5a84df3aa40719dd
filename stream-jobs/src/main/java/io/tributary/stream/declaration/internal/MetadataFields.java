package io.tributary.stream.declaration.internal;

import io.tributary.catalog.metadata.ColumnMetadata;
import io.tributary.catalog.metadata.SensitivityTag;
import io.tributary.catalog.metadata.TableMetadata;
import io.tributary.stream.declaration.InvalidFieldException;
import io.tributary.stream.declaration.YamlFields;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The data-map fields that sources and pipelines declare alike: {@code owner}, {@code description},
 * {@code domain} for the table, and {@code description}, {@code tags} per column.
 */
public final class MetadataFields {
  /** The table-level fields. */
  public static final Set<String> TABLE = Set.of("owner", "description", "domain");

  /** The column-level fields. */
  public static final Set<String> COLUMN = Set.of("description", "tags");

  private MetadataFields() {}

  /** The table's metadata, with the given columns' metadata. */
  public static TableMetadata table(YamlFields fields, Map<String, ColumnMetadata> columns) {
    return new TableMetadata(
        fields.optionalText("owner"),
        fields.optionalText("description"),
        fields.optionalText("domain"),
        columns);
  }

  /** A column's description and tags; tags must be known ones. */
  public static ColumnMetadata column(YamlFields fields) {
    Set<SensitivityTag> tags = EnumSet.noneOf(SensitivityTag.class);
    List<String> names = fields.texts("tags");
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      int index = i;
      tags.add(
          SensitivityTag.of(name)
              .orElseThrow(
                  () ->
                      new InvalidFieldException(
                          "tags/" + index,
                          "'" + name + "' is not a tag; use " + SensitivityTag.choices())));
    }
    return new ColumnMetadata(fields.optionalText("description"), tags);
  }
}
