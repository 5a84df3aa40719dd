package io.tributary.infra.query;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The outcome of one SQL statement: column names and rows for queries, or just a message for
 * statements without results ({@code CREATE}, {@code INSERT}).
 */
public record QueryResult(List<String> columns, List<List<Object>> rows, String message) {
  public QueryResult {
    columns = List.copyOf(columns);
    List<List<Object>> copied = new ArrayList<>(rows.size());
    for (List<Object> row : rows) {
      copied.add(Collections.unmodifiableList(new ArrayList<>(row)));
    }
    rows = Collections.unmodifiableList(copied);
  }
}
