package io.tributary.feature.dynamodb;

import java.util.ArrayList;
import java.util.List;

/**
 * How an entity's key columns become the one text the online store keys it by: their values' text
 * joined by {@code |}, a {@code |} or {@code \} inside a value escaped with {@code \}, and a null
 * written as the empty text. {@code r-17}; {@code eu|c-42} for a key of two columns.
 */
public final class EntityKeys {
  private EntityKeys() {}

  public static String of(List<?> values) {
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        key.append('|');
      }
      Object value = values.get(i);
      String text = value == null ? "" : value.toString();
      for (int c = 0; c < text.length(); c++) {
        char ch = text.charAt(c);
        if (ch == '|' || ch == '\\') {
          key.append('\\');
        }
        key.append(ch);
      }
    }
    return key.toString();
  }

  /** The values' texts back from a key {@link #of} made. */
  public static List<String> parse(String key) {
    List<String> values = new ArrayList<>();
    StringBuilder value = new StringBuilder();
    for (int c = 0; c < key.length(); c++) {
      char ch = key.charAt(c);
      if (ch == '\\' && c + 1 < key.length()) {
        value.append(key.charAt(++c));
      } else if (ch == '|') {
        values.add(value.toString());
        value.setLength(0);
      } else {
        value.append(ch);
      }
    }
    values.add(value.toString());
    return values;
  }
}
