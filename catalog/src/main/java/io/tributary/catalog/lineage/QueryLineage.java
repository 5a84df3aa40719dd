package io.tributary.catalog.lineage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a query reads: the tables it scans, and for each of its output columns (in order) the table
 * columns it comes from; a column computed from constants alone, or whose origins could not be
 * read, has none.
 */
public record QueryLineage(List<String> tables, Map<String, Set<ColumnOrigin>> columns) {
  public QueryLineage {
    tables = List.copyOf(tables);
    Map<String, Set<ColumnOrigin>> copy = new LinkedHashMap<>();
    columns.forEach((column, origins) -> copy.put(column, Set.copyOf(origins)));
    columns = java.util.Collections.unmodifiableMap(copy);
  }

  /** The lineage of a query whose plan could not be read: its columns, with no origins. */
  static QueryLineage unknown(List<String> outputs) {
    Map<String, Set<ColumnOrigin>> columns = new LinkedHashMap<>();
    outputs.forEach(column -> columns.put(column, Set.of()));
    return new QueryLineage(List.of(), columns);
  }
}
