package io.tributary.infra.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How {@code tributary sql} prints a result. */
public enum ResultFormat {
  /** An aligned text table followed by the row count. */
  TABLE,
  /** A header row, then one RFC 4180 line per row; nothing else. */
  CSV,
  /** One JSON object per row (JSON lines); nothing else. */
  JSON;

  private static final ObjectMapper JSON_MAPPER =
      new ObjectMapper()
          .findAndRegisterModules()
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  private static final CsvMapper CSV_MAPPER = new CsvMapper();

  public void print(QueryResult result, PrintWriter out) {
    if (result.columns().isEmpty()) {
      if (this == TABLE) {
        out.println(result.message());
      }
      return;
    }
    switch (this) {
      case TABLE -> printTable(result, out);
      case CSV -> printCsv(result, out);
      case JSON -> printJson(result, out);
    }
  }

  private static void printTable(QueryResult result, PrintWriter out) {
    List<String> columns = result.columns();
    List<List<String>> cells = new ArrayList<>();
    int[] widths = new int[columns.size()];
    for (int i = 0; i < columns.size(); i++) {
      widths[i] = columns.get(i).length();
    }
    for (List<Object> row : result.rows()) {
      List<String> line = new ArrayList<>();
      for (int i = 0; i < row.size(); i++) {
        String text = row.get(i) == null ? "NULL" : text(row.get(i));
        widths[i] = Math.max(widths[i], text.length());
        line.add(text);
      }
      cells.add(line);
    }
    String border = border(widths);
    out.println(border);
    out.println(line(columns, widths));
    out.println(border);
    for (List<String> line : cells) {
      out.println(line(line, widths));
    }
    out.println(border);
    out.println(result.message());
  }

  private static void printCsv(QueryResult result, PrintWriter out) {
    CsvSchema schema = CsvSchema.emptySchema().withLineSeparator("\n");
    try {
      StringBuilder text = new StringBuilder();
      text.append(CSV_MAPPER.writer(schema).writeValueAsString(result.columns()));
      for (List<Object> row : result.rows()) {
        List<String> line = new ArrayList<>(row.size());
        for (Object value : row) {
          line.add(value == null ? "" : text(value));
        }
        text.append(CSV_MAPPER.writer(schema).writeValueAsString(line));
      }
      out.print(text);
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write CSV", e);
    }
  }

  private static void printJson(QueryResult result, PrintWriter out) {
    try {
      for (List<Object> row : result.rows()) {
        ObjectNode node = JSON_MAPPER.createObjectNode();
        for (int i = 0; i < result.columns().size(); i++) {
          node.set(result.columns().get(i), JSON_MAPPER.valueToTree(jsonValue(row.get(i))));
        }
        out.println(JSON_MAPPER.writeValueAsString(node));
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write JSON", e);
    }
  }

  private static Object jsonValue(Object value) {
    if (value instanceof java.time.temporal.Temporal) {
      return value.toString();
    }
    return value;
  }

  private static String text(Object value) {
    if (value instanceof java.math.BigDecimal decimal) {
      return decimal.toPlainString();
    }
    if (value instanceof byte[] bytes) {
      return java.util.Base64.getEncoder().encodeToString(bytes);
    }
    return value.toString();
  }

  private static String border(int[] widths) {
    StringBuilder border = new StringBuilder("+");
    for (int width : widths) {
      border.append("-".repeat(width + 2)).append('+');
    }
    return border.toString();
  }

  private static String line(List<String> values, int[] widths) {
    StringBuilder line = new StringBuilder("|");
    for (int i = 0; i < values.size(); i++) {
      line.append(' ')
          .append(String.format(Locale.ROOT, "%-" + widths[i] + "s", values.get(i)))
          .append(" |");
    }
    return line.toString();
  }
}
