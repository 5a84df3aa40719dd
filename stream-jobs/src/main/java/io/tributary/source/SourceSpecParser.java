package io.tributary.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.util.TimeUtils;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads one source declaration from YAML. Every problem becomes a {@link SourceDefinitionException}
 * naming the file, line and field, so {@code tributary up} can stop with a message the author can
 * act on.
 *
 * <pre>{@code
 * name: orders
 * format: json
 * key: order_id
 * event_time: event_time
 * max_out_of_orderness: 5s
 * columns:
 *   - {name: order_id, type: STRING, required: true}
 *   - {name: event_time, type: "TIMESTAMP_LTZ(3)", required: true}
 * }</pre>
 */
public final class SourceSpecParser {
  static final Set<String> SOURCE_FIELDS =
      Set.of(
          "name",
          "topic",
          "format",
          "key",
          "event_time",
          "max_out_of_orderness",
          "partitions",
          "columns");
  static final Set<String> COLUMN_FIELDS = Set.of("name", "type", "required");

  private static final YAMLFactory YAML =
      YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final YAMLMapper MAPPER = new YAMLMapper(YAML);

  private SourceSpecParser() {}

  /** Parses the file, or throws {@link SourceDefinitionException}. */
  public static SourceSpec parse(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new SourceDefinitionException(file, "cannot read file: " + e.getMessage(), e);
    }
    JsonNode root;
    YamlLocations locations;
    try {
      root = MAPPER.readTree(bytes);
      locations = YamlLocations.index(YAML, bytes);
    } catch (JsonProcessingException e) {
      throw syntaxError(file, e);
    } catch (IOException e) {
      throw new SourceDefinitionException(file, "cannot read file: " + e.getMessage(), e);
    }
    try {
      return toSpec(root);
    } catch (InvalidFieldException e) {
      String pointer = e.field().isEmpty() ? "" : "/" + e.field();
      throw new SourceDefinitionException(
          file, locations.lineOf(pointer), yamlPath(e.field()), e.getMessage());
    }
  }

  private static SourceDefinitionException syntaxError(Path file, JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
      String context = marked.getContext() == null ? "" : marked.getContext() + ": ";
      return new SourceDefinitionException(
          file,
          OptionalInt.of(marked.getProblemMark().getLine() + 1),
          "",
          "not valid YAML: " + context + marked.getProblem());
    }
    OptionalInt line =
        e.getLocation() == null ? OptionalInt.empty() : OptionalInt.of(e.getLocation().getLineNr());
    String firstLine = e.getOriginalMessage().lines().findFirst().orElse("");
    return new SourceDefinitionException(file, line, "", "not valid YAML: " + firstLine);
  }

  private static SourceSpec toSpec(JsonNode root) {
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new InvalidFieldException(
          "", "the file is empty; a source needs name, key, event_time and columns");
    }
    if (!root.isObject()) {
      throw new InvalidFieldException("", "expected a mapping of fields (name, key, columns...)");
    }
    ObjectNode object = (ObjectNode) root;
    checkKnownFields(object, SOURCE_FIELDS, "");

    String name = requiredText(object, "name");
    String topic = optionalText(object, "topic");
    String formatText = optionalText(object, "format");
    SourceFormat format = SourceFormat.JSON;
    if (formatText != null) {
      format =
          SourceFormat.fromYamlName(formatText)
              .orElseThrow(
                  () ->
                      new InvalidFieldException(
                          "format",
                          "'" + formatText + "' is not a format; use " + SourceFormat.choices()));
    }
    String key = requiredText(object, "key");
    String eventTime = requiredText(object, "event_time");
    Duration maxOutOfOrderness = duration(object, "max_out_of_orderness", Duration.ZERO);
    int partitions = integer(object, "partitions", SourceSpec.DEFAULT_PARTITIONS);
    List<ColumnSpec> columns = columns(object);
    return new SourceSpec(
        name,
        topic == null ? SourceSpec.defaultTopic(name) : topic,
        format,
        key,
        eventTime,
        maxOutOfOrderness,
        partitions,
        columns);
  }

  private static List<ColumnSpec> columns(ObjectNode object) {
    JsonNode node = object.get("columns");
    if (node == null || node.isNull()) {
      throw new InvalidFieldException("columns", "is required: a list of {name, type, required}");
    }
    if (!node.isArray()) {
      throw new InvalidFieldException("columns", "expected a list of {name, type, required}");
    }
    List<ColumnSpec> columns = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      String at = "columns/" + i;
      JsonNode element = node.get(i);
      if (!element.isObject()) {
        throw new InvalidFieldException(at, "expected a mapping {name, type, required}");
      }
      ObjectNode column = (ObjectNode) element;
      try {
        checkKnownFields(column, COLUMN_FIELDS, "");
        String name = requiredText(column, "name");
        String type = requiredText(column, "type");
        boolean required = bool(column, "required", false);
        columns.add(ColumnSpec.of(name, type, required));
      } catch (InvalidFieldException e) {
        throw e.under(at);
      }
    }
    return columns;
  }

  private static void checkKnownFields(ObjectNode object, Set<String> known, String at) {
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (!known.contains(field)) {
        String hint = closest(field, known).map(c -> "; did you mean '" + c + "'?").orElse("");
        throw new InvalidFieldException(
            at.isEmpty() ? field : at + "/" + field,
            "unknown field '"
                + field
                + "' (known: "
                + String.join(", ", new TreeSet<>(known))
                + ")"
                + hint);
      }
    }
  }

  private static String requiredText(ObjectNode object, String field) {
    String text = optionalText(object, field);
    if (text == null || text.isBlank()) {
      throw new InvalidFieldException(field, "is required");
    }
    return text;
  }

  private static String optionalText(ObjectNode object, String field) {
    JsonNode node = object.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isValueNode() || node.isBoolean()) {
      throw new InvalidFieldException(field, "expected text, found " + describe(node));
    }
    return node.asText().trim();
  }

  private static boolean bool(ObjectNode object, String field, boolean fallback) {
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

  private static int integer(ObjectNode object, String field, int fallback) {
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

  private static Duration duration(ObjectNode object, String field, Duration fallback) {
    String text = optionalText(object, field);
    if (text == null) {
      return fallback;
    }
    try {
      return TimeUtils.parseDuration(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException(
          field, "'" + text + "' is not a duration; write it like 500ms, 5s, 1min or 2h");
    }
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

  /** {@code columns/2/type} as YAML readers say it: {@code columns[2].type}. */
  static String yamlPath(String field) {
    StringBuilder out = new StringBuilder();
    for (String segment : field.split("/")) {
      if (segment.isEmpty()) {
        continue;
      }
      if (segment.chars().allMatch(Character::isDigit)) {
        out.append('[').append(segment).append(']');
      } else {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(segment);
      }
    }
    return out.toString();
  }

  private static java.util.Optional<String> closest(String field, Set<String> known) {
    String best = null;
    int bestDistance = 3;
    for (String candidate : known) {
      int distance = editDistance(field, candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return java.util.Optional.ofNullable(best);
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
