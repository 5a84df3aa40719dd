package io.tributary.stream.declaration;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.flink.util.TimeUtils;

/**
 * Typed reads of one YAML mapping. Every read that finds a wrong value throws an {@link
 * InvalidFieldException} naming the field, so that {@link YamlDeclaration} can add file and line.
 */
public final class YamlFields {
  private final ObjectNode object;

  YamlFields(ObjectNode object) {
    this.object = requireNonNull(object, "object is null");
  }

  /** Refuses fields not in {@code known}, suggesting the closest known one. */
  public YamlFields onlyKnown(Set<String> known) {
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (!known.contains(field)) {
        String hint = closest(field, known).map(c -> "; did you mean '" + c + "'?").orElse("");
        throw new InvalidFieldException(
            field,
            "unknown field '"
                + field
                + "' (known: "
                + String.join(", ", new TreeSet<>(known))
                + ")"
                + hint);
      }
    }
    return this;
  }

  /** Whether the field is there (and not null). */
  public boolean has(String field) {
    JsonNode node = object.get(field);
    return node != null && !node.isNull();
  }

  public String requiredText(String field) {
    return optionalText(field)
        .filter(text -> !text.isBlank())
        .orElseThrow(() -> new InvalidFieldException(field, "is required"));
  }

  public Optional<String> optionalText(String field) {
    JsonNode node = object.get(field);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isValueNode() || node.isBoolean()) {
      throw new InvalidFieldException(field, "expected text, found " + describe(node));
    }
    return Optional.of(node.asText().trim());
  }

  public boolean bool(String field, boolean fallback) {
    JsonNode node = object.get(field);
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isBoolean()) {
      throw new InvalidFieldException(
          field, "expected true or false, found '" + node.asText() + "'");
    }
    return node.booleanValue();
  }

  public int integer(String field, int fallback) {
    JsonNode node = object.get(field);
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isInt()) {
      throw new InvalidFieldException(
          field, "expected a whole number, found '" + node.asText() + "'");
    }
    return node.intValue();
  }

  /**
   * A list of texts, written as a YAML list ({@code [pii, secret]}) or one text; empty when the
   * field is absent.
   */
  public List<String> texts(String field) {
    JsonNode node = object.get(field);
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (node.isValueNode() && !node.isBoolean()) {
      return List.of(node.asText().trim());
    }
    if (!node.isArray()) {
      throw new InvalidFieldException(field, "expected a list of texts, found " + describe(node));
    }
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      if (!item.isValueNode() || item.isBoolean() || item.isNull()) {
        throw new InvalidFieldException(field + "/" + i, "expected text, found " + describe(item));
      }
      texts.add(item.asText().trim());
    }
    return texts;
  }

  /** A duration written like {@code 500ms}, {@code 5s}, {@code 1min}, {@code 2h}. */
  public Optional<Duration> duration(String field) {
    return optionalText(field)
        .map(
            text -> {
              try {
                return TimeUtils.parseDuration(text);
              } catch (IllegalArgumentException e) {
                throw new InvalidFieldException(
                    field, "'" + text + "' is not a duration; write it like 500ms, 5s, 1min or 2h");
              }
            });
  }

  /**
   * An optional mapping, turned into a value by {@code element}; problems inside it name it ({@code
   * current/key}).
   */
  public <T> Optional<T> object(String field, String expected, Function<YamlFields, T> element) {
    JsonNode node = object.get(field);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isObject()) {
      throw new InvalidFieldException(field, "expected " + expected + ", found " + describe(node));
    }
    try {
      return Optional.of(element.apply(new YamlFields((ObjectNode) node)));
    } catch (InvalidFieldException e) {
      throw e.under(field);
    }
  }

  /**
   * A required list of mappings, each turned into a value by {@code element}; problems inside an
   * element name it ({@code columns/2/type}).
   */
  public <T> List<T> objects(String field, String expected, Function<YamlFields, T> element) {
    JsonNode node = object.get(field);
    if (node == null || node.isNull()) {
      throw new InvalidFieldException(field, "is required: " + expected);
    }
    if (!node.isArray()) {
      throw new InvalidFieldException(field, "expected " + expected);
    }
    List<T> values = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      String at = field + "/" + i;
      JsonNode item = node.get(i);
      if (!item.isObject()) {
        throw new InvalidFieldException(at, "expected a mapping");
      }
      try {
        values.add(element.apply(new YamlFields((ObjectNode) item)));
      } catch (InvalidFieldException e) {
        throw e.under(at);
      }
    }
    return values;
  }

  private static String describe(JsonNode node) {
    if (node.isArray()) {
      return "a list";
    }
    if (node.isObject()) {
      return "a mapping";
    }
    return "'" + node.asText() + "'";
  }

  private static Optional<String> closest(String field, Set<String> known) {
    String best = null;
    int bestDistance = 3;
    for (String candidate : known) {
      int distance = editDistance(field, candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return Optional.ofNullable(best);
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
