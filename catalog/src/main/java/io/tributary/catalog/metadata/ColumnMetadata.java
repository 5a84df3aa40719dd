package io.tributary.catalog.metadata;

import static java.util.Objects.requireNonNull;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What a column means: its description (kept as the Iceberg column's doc, which every engine shows
 * as its comment) and its sensitivity tags.
 */
public record ColumnMetadata(Optional<String> description, Set<SensitivityTag> tags) {
  public static final ColumnMetadata NONE = new ColumnMetadata(Optional.empty(), Set.of());

  public ColumnMetadata {
    requireNonNull(description, "description is null");
    tags = tags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(tags));
  }
}
